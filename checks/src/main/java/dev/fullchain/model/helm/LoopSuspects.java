package dev.fullchain.model.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a render that went past its limit most likely loops: Helm, once stopped, cannot say
 * which template it was executing, so the templates are searched for the calls that can run
 * or print without end ({@code until}, {@code untilStep}, {@code seq}, {@code repeat}) with
 * a large literal count, or a count that is not a literal. Only the copy Helm rendered is read.
 */
final class LoopSuspects {

    /** A count at or above this is worth naming; the fixtures' own loops count replicas and ports. */
    private static final long LARGE = 10_000;
    private static final Pattern CALL = Pattern.compile("\\b(until|untilStep|seq|repeat)\\s+(\\(|\\$|\\.|-?\\d+)([\\d]*)");
    private static final int MAX_FILES = 2000;

    record Suspect(String template, int line, String call) {
    }

    private LoopSuspects() {
    }

    /** The suspects of the chart copy {@code chartDir}, template paths relative to it ("templates/loop.yaml"). */
    static List<Suspect> in(Path chartDir) {
        List<Suspect> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(chartDir)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(f -> f.toString().contains("/templates/")).limit(MAX_FILES).toList()) {
                List<String> lines = lines(p);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = CALL.matcher(lines.get(i));
                    while (m.find()) {
                        if (large(m.group(2) + m.group(3))) {
                            out.add(new Suspect(chartDir.relativize(p).toString(), i + 1, m.group().strip()));
                        }
                    }
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // no suspects named: the limit is still reported
        }
        return out;
    }

    private static boolean large(String count) {
        if (!count.matches("-?\\d+")) {
            return true; // computed: cannot tell, worth a look
        }
        return count.length() > 18 || Math.abs(Long.parseLong(count)) >= LARGE;
    }

    private static List<String> lines(Path p) throws IOException {
        if (Files.size(p) > 4L * 1024 * 1024) {
            return List.of();
        }
        return List.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8).split("\n", -1));
    }
}
