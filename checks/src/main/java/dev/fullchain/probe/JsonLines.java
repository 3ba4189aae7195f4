package dev.fullchain.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Log lines read as JSON, one object per line (what log collectors such as Loki expect). */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /** A non-blank log line, its 1-based number among all lines, and its JSON value when it parses. */
    public record Line(int number, String text, Optional<JsonNode> json) {
        public boolean isJsonObject() {
            return json.isPresent() && json.get().isObject();
        }
    }

    /** Every non-blank line, numbered as in the input. */
    public static List<Line> parse(List<String> lines) {
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            out.add(new Line(i + 1, l, parseOne(l.strip())));
        }
        return out;
    }

    private static Optional<JsonNode> parseOne(String s) {
        if (!(s.startsWith("{") || s.startsWith("[") || s.startsWith("\""))) {
            return Optional.empty();
        }
        try {
            // readTree accepts a value followed by garbage only if asked; a whole-line check keeps "{} tail" out.
            var parser = JSON.createParser(s);
            JsonNode node = JSON.readTree(parser);
            return parser.nextToken() == null ? Optional.ofNullable(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The lines that are not one JSON object. */
    public static List<Line> notObjects(List<Line> lines) {
        return lines.stream().filter(l -> !l.isJsonObject()).toList();
    }
}
