package dev.fullchain.model.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Grafana Alloy configuration (its own syntax, HCL-like), read for what Day 5 needs: which
 * components it declares ({@code loki.source.kubernetes "pods" { ... }}) and the string
 * literals it holds (paths, URLs). Comments are left out; strings keep their text. Not an
 * evaluator: an expression that builds a URL is not computed.
 */
public final class AlloyConfig {

    /** One component block: its type ("loki.write"), label and 1-based line in the configuration. */
    public record Component(String type, String label, int line) {
    }

    private static final Pattern BLOCK = Pattern.compile("(?m)^\\s*([a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+)\\s+\"([^\"]*)\"\\s*\\{");

    private final String code;
    private final List<String> strings;
    private final List<Component> components;

    private AlloyConfig(String code, List<String> strings) {
        this.code = code;
        this.strings = List.copyOf(strings);
        List<Component> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(code);
        while (m.find()) {
            int line = (int) code.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
            found.add(new Component(m.group(1), m.group(2), line));
        }
        this.components = List.copyOf(found);
    }

    /** Reads a configuration; comments become spaces, so lines keep their numbers. */
    public static AlloyConfig parse(String text) {
        StringBuilder code = new StringBuilder(text.length());
        List<String> strings = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '`') {
                int end = i + 1;
                StringBuilder s = new StringBuilder();
                while (end < text.length() && text.charAt(end) != c) {
                    if (c == '"' && text.charAt(end) == '\\' && end + 1 < text.length()) {
                        s.append(text.charAt(end + 1));
                        end += 2;
                        continue;
                    }
                    s.append(text.charAt(end++));
                }
                strings.add(s.toString());
                code.append(text, i, Math.min(end + 1, text.length()));
                i = end + 1;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    code.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                for (int k = i; k < end; k++) {
                    code.append(text.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else {
                code.append(c);
                i++;
            }
        }
        return new AlloyConfig(code.toString(), strings);
    }

    public List<Component> components() {
        return components;
    }

    public List<Component> components(String type) {
        return components.stream().filter(c -> c.type().equals(type)).toList();
    }

    public boolean has(String type) {
        return components.stream().anyMatch(c -> c.type().equals(type));
    }

    /** Every string literal, in order. */
    public List<String> strings() {
        return strings;
    }

    /** The configuration without its comments. */
    public String code() {
        return code;
    }
}
