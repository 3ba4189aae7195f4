package dev.fullchain.model.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Shell-like word handling the way Docker applies it to instruction arguments (quotes, escape char, $VAR). */
final class Words {

    private Words() {
    }

    /**
     * Splits on unquoted whitespace and removes quotes; the escape character protects the
     * next character outside single quotes. Returns null when a quote is left open.
     */
    static List<String> split(String s, char escape) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == escape && quote != '\'' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                // Inside double quotes only the usual specials are escapable; keep the rest verbatim.
                if (quote == '"' && next != '"' && next != '$' && next != escape) {
                    word.append(c);
                }
                word.append(next);
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            return null;
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    /** The result of substituting variables: the text, and the names that had no known value. */
    record Expansion(String value, List<String> unresolved) {
        boolean resolved() {
            return unresolved.isEmpty();
        }
    }

    /**
     * Substitutes $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word}, ${NAME+word}.
     * lookup answers empty for a variable with no known value: with a :- default the
     * default is taken (what a build without --build-arg does), otherwise it is unresolved.
     */
    static Expansion expand(String s, Function<String, Optional<String>> lookup, char escape) {
        StringBuilder out = new StringBuilder();
        List<String> unresolved = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == escape && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = s.charAt(i + 1);
            if (n == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(s.substring(i));
                    unresolved.add(s.substring(i));
                    break;
                }
                String body = s.substring(i + 2, close);
                int op = indexOfOperator(body);
                String name = op < 0 ? body : body.substring(0, op);
                Optional<String> value = lookup.apply(name);
                if (op < 0) {
                    value.ifPresentOrElse(out::append, () -> unresolved.add(name));
                } else {
                    boolean colon = body.charAt(op) == ':';
                    char kind = body.charAt(colon ? op + 1 : op);
                    String word = body.substring(colon ? op + 2 : op + 1);
                    boolean set = value.isPresent() && (!colon || !value.get().isEmpty());
                    if (kind == '-') {
                        out.append(set ? value.get() : word);
                    } else if (kind == '+') {
                        out.append(set ? word : "");
                    } else {
                        unresolved.add(name);
                    }
                }
                i = close + 1;
            } else if (Character.isLetter(n) || n == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                String name = s.substring(i + 1, j);
                lookup.apply(name).ifPresentOrElse(out::append, () -> unresolved.add(name));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return new Expansion(out.toString(), List.copyOf(unresolved));
    }

    private static int indexOfOperator(String body) {
        for (int k = 0; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c == ':' || c == '-' || c == '+' || c == '?') {
                return k;
            }
        }
        return -1;
    }

    /** True when the text refers to a variable ($NAME or ${...}) outside an escape. */
    static boolean hasVariable(String s, char escape) {
        for (int i = 0; i + 1 < s.length(); i++) {
            char c = s.charAt(i);
            if (c == escape) {
                i++;
            } else if (c == '$') {
                char n = s.charAt(i + 1);
                if (n == '{' || Character.isLetter(n) || n == '_') {
                    return true;
                }
            }
        }
        return false;
    }
}
