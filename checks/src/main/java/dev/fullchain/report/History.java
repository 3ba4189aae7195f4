package dev.fullchain.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Progress over the week: reports/history.json keeps one entry per run (when, what was
 * selected, counts per day), the last {@value #KEEP}. The run number keeps growing after
 * old entries are dropped; it is also Allure's build order, so both trends line up.
 */
public final class History {

    public static final String FILE = "history.json";
    public static final int KEEP = 50;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One run. Days are keyed by their number as text (JSON object keys). */
    public record Run(String timestamp, int run, String selection, String target, Map<String, Tally> days) {

        public Tally total() {
            return days.values().stream().reduce(Tally.ZERO, Tally::plus);
        }
    }

    /** The file's shape: {"runs": [...]}, oldest first. */
    public record Runs(List<Run> runs) {
    }

    private final Path file;
    private final List<Run> runs;
    private final String problem;

    private History(Path file, List<Run> runs, String problem) {
        this.file = file;
        this.runs = runs;
        this.problem = problem;
    }

    /** Reads reports/history.json; a missing file is an empty history, an unreadable one is set aside. */
    public static History read(Path reportsDir) {
        Path file = reportsDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new History(file, new ArrayList<>(), null);
        }
        try {
            Runs read = JSON.readValue(file.toFile(), Runs.class);
            List<Run> runs = new ArrayList<>(read.runs() == null ? List.of() : read.runs());
            runs.removeIf(r -> r == null || r.days() == null);
            return new History(file, runs, null);
        } catch (IOException | RuntimeException e) {
            return new History(file, new ArrayList<>(), file + " could not be read (" + e.getClass().getSimpleName()
                    + "), a new history starts with this run");
        }
    }

    public List<Run> runs() {
        return List.copyOf(runs);
    }

    /** Why the previous history was not used, if it was not. */
    public java.util.Optional<String> problem() {
        return java.util.Optional.ofNullable(problem);
    }

    public int nextRunNumber() {
        return runs.stream().mapToInt(Run::run).max().orElse(0) + 1;
    }

    /** Adds this run (the checklist carries its run number) and keeps the last {@value #KEEP}. */
    public History append(Checklist checklist) {
        Map<String, Tally> days = new LinkedHashMap<>();
        checklist.days().keySet().forEach(d -> days.put(String.valueOf(d), checklist.tally(d)));
        runs.add(new Run(checklist.when().toString(), checklist.runNumber(), checklist.selection().describe(),
                checklist.target(), days));
        while (runs.size() > KEEP) {
            runs.remove(0);
        }
        return this;
    }

    public void write() throws IOException {
        ReportFiles.write(file, JSON.writeValueAsString(new Runs(runs)) + "\n");
    }
}
