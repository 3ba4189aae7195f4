package dev.fullchain.model.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One simple command of a RUN script (split on {@code && || ; | &} and new lines, quotes
 * respected, comments dropped), as words with quotes removed.
 */
public record ShellCommand(List<String> words) {

    /** Words that only prefix the real program. */
    private static final Set<String> WRAPPERS = Set.of("sudo", "exec", "env", "time", "command", "nice", "nohup");

    /** The program run, past VAR=value assignments and wrappers such as sudo or env. */
    public String program() {
        return words.isEmpty() ? "" : words.get(programIndex());
    }

    /** The words after the program. */
    public List<String> arguments() {
        return words.isEmpty() ? List.of() : words.subList(programIndex() + 1, words.size());
    }

    private int programIndex() {
        int i = 0;
        while (i < words.size() - 1 && (words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*") || WRAPPERS.contains(words.get(i))
                || (i > 0 && WRAPPERS.contains(words.get(i - 1)) && words.get(i).startsWith("-")))) {
            i++;
        }
        return i;
    }

    public boolean hasArgument(String word) {
        return arguments().contains(word);
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }

    /** Splits a shell script into its simple commands. */
    public static List<ShellCommand> split(String script) {
        List<ShellCommand> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < n) {
                    w.append(script.charAt(++i));
                } else {
                    w.append(c);
                }
                continue;
            }
            if (c == '\\' && i + 1 < n) {
                char next = script.charAt(++i);
                if (next != '\n') {
                    w.append(next);
                    inWord = true;
                }
                continue;
            }
            if (c == '#' && !inWord) {
                while (i + 1 < n && script.charAt(i + 1) != '\n') {
                    i++;
                }
                continue;
            }
            boolean separator = c == ';' || c == '|' || c == '&' || c == '\n' || c == '(' || c == ')';
            if (separator || Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                if (separator && !words.isEmpty()) {
                    out.add(new ShellCommand(List.copyOf(words)));
                    words.clear();
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
                continue;
            }
            w.append(c);
            inWord = true;
        }
        if (inWord) {
            words.add(w.toString());
        }
        if (!words.isEmpty()) {
            out.add(new ShellCommand(List.copyOf(words)));
        }
        // Grouping words ({ ... }, then/do/else) are not programs.
        List<ShellCommand> cleaned = new ArrayList<>();
        for (ShellCommand cmd : out) {
            List<String> ws = new ArrayList<>(cmd.words());
            while (!ws.isEmpty() && Set.of("{", "}", "then", "do", "else", "if", "while", "until", "!").contains(ws.get(0))) {
                ws.remove(0);
            }
            if (!ws.isEmpty() && !Set.of("fi", "done", "}").contains(ws.get(0))) {
                cleaned.add(new ShellCommand(List.copyOf(ws)));
            }
        }
        return List.copyOf(cleaned);
    }
}
