package dev.fullchain.model.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compose's variable syntax: {@code $NAME}, {@code ${NAME}}, {@code ${NAME:-default}},
 * {@code ${NAME-default}}, {@code ${NAME:?error}}, {@code ${NAME:+other}}; {@code $$} is a literal dollar.
 */
public final class Interpolation {

    /** One variable reference; operator is "", ":-", "-", ":?", "?", ":+" or "+". */
    public record Reference(String name, String operator, Optional<String> argument) {

        /** True when compose can fill it without the variable being set (a default is given). */
        public boolean hasDefault() {
            return operator.equals(":-") || operator.equals("-");
        }
    }

    private Interpolation() {
    }

    public static boolean isInterpolated(String text) {
        return !references(text).isEmpty();
    }

    public static List<Reference> references(String text) {
        List<Reference> out = new ArrayList<>();
        scan(text, r -> {
            out.add(r);
            return Optional.of("");
        });
        return out;
    }

    /** The text with every variable substituted, or empty when one has no value and no default. */
    public static Optional<String> resolve(String text, Function<String, Optional<String>> lookup) {
        return scan(text, r -> {
            Optional<String> v = lookup.apply(r.name());
            boolean set = v.isPresent() && (!r.operator().startsWith(":") || !v.get().isEmpty());
            return switch (r.operator()) {
                case ":-", "-" -> set ? v : r.argument().flatMap(a -> resolve(a, lookup));
                case ":+", "+" -> set ? r.argument().flatMap(a -> resolve(a, lookup)) : Optional.of("");
                default -> set ? v : Optional.empty();
            };
        });
    }

    private static Optional<String> scan(String s, Function<Reference, Optional<String>> onReference) {
        StringBuilder out = new StringBuilder();
        boolean complete = true;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = s.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
            } else if (n == '{') {
                int close = matchingBrace(s, i + 1);
                if (close < 0) {
                    out.append(s.substring(i));
                    break;
                }
                Reference r = parse(s.substring(i + 2, close));
                Optional<String> v = onReference.apply(r);
                complete &= v.isPresent();
                v.ifPresent(out::append);
                i = close + 1;
            } else if (Character.isLetter(n) || n == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                Optional<String> v = onReference.apply(new Reference(s.substring(i + 1, j), "", Optional.empty()));
                complete &= v.isPresent();
                v.ifPresent(out::append);
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return complete ? Optional.of(out.toString()) : Optional.empty();
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            if (s.charAt(k) == '{') {
                depth++;
            } else if (s.charAt(k) == '}' && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static Reference parse(String body) {
        int k = 0;
        while (k < body.length() && (Character.isLetterOrDigit(body.charAt(k)) || body.charAt(k) == '_')) {
            k++;
        }
        String name = body.substring(0, k);
        String rest = body.substring(k);
        for (String op : List.of(":-", ":?", ":+", "-", "?", "+")) {
            if (rest.startsWith(op)) {
                return new Reference(name, op, Optional.of(rest.substring(op.length())));
            }
        }
        return new Reference(name, "", Optional.empty());
    }

    /** Splits on ':' outside ${...} and [...] (IPv6), as port and volume strings need. */
    static List<String> splitColons(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int bracket = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == '[') {
                bracket++;
            } else if (c == ']' && bracket > 0) {
                bracket--;
            } else if (c == ':' && depth == 0 && bracket == 0) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }
}
