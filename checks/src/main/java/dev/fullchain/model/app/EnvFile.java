package dev.fullchain.model.app;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .env-style file as compose reads it: KEY=VALUE lines, optional {@code export}, '#'
 * comments, single or double quotes (double quotes may span lines).
 */
public record EnvFile(String path, List<Entry> entries) {

    public record Entry(String key, String value, int line) {
    }

    private static final Pattern LINE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?:=(.*))?$");

    public static EnvFile parse(SourceFile file) {
        List<Entry> out = new ArrayList<>();
        List<String> lines = file.lines();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank() || l.strip().startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(l);
            if (!m.matches()) {
                // The line is not echoed: it may hold a secret.
                throw new BadInput(file.at(i + 1), "this line is not KEY=VALUE", "lines of KEY=VALUE, # comments or blank lines");
            }
            int first = i;
            String raw = m.group(2) == null ? "" : m.group(2).strip();
            String value;
            if (raw.startsWith("\"")) {
                StringBuilder b = new StringBuilder(raw.substring(1));
                while (closingQuote(b, '"') < 0 && i + 1 < lines.size()) {
                    b.append('\n').append(lines.get(++i));
                }
                int close = closingQuote(b, '"');
                if (close < 0) {
                    throw new BadInput(file.at(first + 1), "the double quote of " + m.group(1) + " is never closed", "KEY=\"value\"");
                }
                value = b.substring(0, close).replace("\\n", "\n").replace("\\\"", "\"");
            } else if (raw.startsWith("'")) {
                int close = raw.indexOf('\'', 1);
                value = close < 0 ? raw.substring(1) : raw.substring(1, close);
            } else {
                int hash = raw.indexOf(" #");
                value = (hash < 0 ? raw : raw.substring(0, hash)).strip();
            }
            out.add(new Entry(m.group(1), value, first + 1));
        }
        return new EnvFile(file.path(), List.copyOf(out));
    }

    private static int closingQuote(CharSequence s, char q) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == q) {
                return i;
            }
        }
        return -1;
    }

    public Optional<Entry> get(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).reduce((a, b) -> b);
    }

    public boolean has(String key) {
        return get(key).isPresent();
    }
}
