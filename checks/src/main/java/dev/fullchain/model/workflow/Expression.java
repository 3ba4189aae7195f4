package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code ${{ body }}} occurrence: its body, its raw text and the line it is on. */
public record Expression(String body, String raw, Location location) {

    /** Context references such as github.event.issue.title or github.event.commits[0].message (index written as .*). */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![\\w.'\"-])([A-Za-z_][\\w-]*(?:\\s*(?:\\.\\s*[A-Za-z_*][\\w-]*|\\[[^\\]]*]))+)");

    public List<String> references() {
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(stripStrings(body));
        while (m.find()) {
            out.add(m.group(1).replaceAll("\\s+", "").replaceAll("\\[[^\\]]*]", ".*"));
        }
        return out;
    }

    /** String literals blanked out, so 'refs/heads/main' is not read as a reference. */
    private static String stripStrings(String s) {
        return s.replaceAll("'(?:[^']|'')*'", "''");
    }
}
