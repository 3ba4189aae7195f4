package dev.fullchain.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files around Allure's results that make its report tell a story over the week:
 * a clean results folder per run that carries the previous report's history (the trend),
 * executor.json (the run number as build order) and environment.properties.
 */
public final class AllureRunFiles {

    public static final String RESULTS = "allure-results";
    public static final String REPORT = "allure-report";

    private AllureRunFiles() {
    }

    public static Path results(Path reportsDir) {
        return reportsDir.resolve(RESULTS);
    }

    /**
     * Empties reports/allure-results (the previous run's results would mix with this one's)
     * and copies reports/allure-report/history into it, so the next report has the trend.
     */
    public static void prepare(Path reportsDir) throws IOException {
        Path results = results(reportsDir);
        if (Files.isDirectory(results)) {
            try (Stream<Path> all = Files.walk(results)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(results)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(results);
        Path history = reportsDir.resolve(REPORT).resolve("history");
        if (Files.isDirectory(history)) {
            Path into = results.resolve("history");
            try (Stream<Path> all = Files.walk(history)) {
                for (Path p : all.toList()) {
                    Path dest = into.resolve(history.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** executor.json: Allure numbers trend points by buildOrder; ours is the run number of history.json. */
    public static void writeExecutor(Path reportsDir, Checklist c) throws IOException {
        Map<String, Object> executor = new LinkedHashMap<>();
        executor.put("name", "fullchain");
        executor.put("type", "maven");
        executor.put("buildOrder", c.runNumber());
        executor.put("buildName", "fullchain run #" + c.runNumber() + " (" + c.selection().describe() + ")");
        executor.put("reportName", "fullchain — " + days(c));
        ReportFiles.write(results(reportsDir).resolve("executor.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(executor) + "\n");
    }

    /** environment.properties: shown on the report's overview page. */
    public static void writeEnvironment(Path reportsDir, Checklist c) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Target", c.target());
        env.put("Days", c.selection().days().toString());
        env.put("Tiers", c.selection().tiers().stream().map(t -> t.key()).toList().toString());
        env.put("Run", "#" + c.runNumber());
        env.put("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        env.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        StringBuilder b = new StringBuilder();
        env.forEach((k, v) -> b.append(escape(k, true)).append('=').append(escape(v, false)).append('\n'));
        ReportFiles.write(results(reportsDir).resolve("environment.properties"), b.toString());
    }

    private static String days(Checklist c) {
        List<String> titles = c.days().keySet().stream().map(c::dayTitle).toList();
        return titles.size() == 1 ? titles.get(0) : "Days " + c.days().keySet();
    }

    /** java.util.Properties syntax; non-ASCII as \\uXXXX because Allure reads the file as ISO-8859-1. */
    static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char ch : (s == null ? "" : s).toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> b.append(key ? "\\" : "").append(ch);
                case ' ' -> b.append(key ? "\\ " : " ");
                default -> {
                    if (ch < 0x20 || ch > 0x7e) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }
}
