package dev.fullchain.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the Prometheus text exposition format (what {@code /metrics} serves) into families
 * (name, TYPE, HELP) and samples (name, labels, value). Lenient like Prometheus itself: unknown
 * comments are skipped; a line it cannot read is kept in {@link Metrics#unreadable()}.
 */
public final class PrometheusText {

    private static final List<String> SUFFIXES = List.of("_total", "_created", "_bucket", "_sum", "_count", "_info", "_gcount", "_gsum");

    private PrometheusText() {
    }

    public record Sample(String name, Map<String, String> labels, double value) {
        public Optional<String> label(String key) {
            return Optional.ofNullable(labels.get(key));
        }
    }

    /** A metric family: counter, gauge, histogram, summary, untyped (or what TYPE said). */
    public record Family(String name, String type, String help, List<Sample> samples) {

        /** Every label name used by the family's samples (le/quantile included). */
        public Set<String> labelNames() {
            Set<String> names = new LinkedHashSet<>();
            samples.forEach(s -> names.addAll(s.labels().keySet()));
            return names;
        }

        /** Samples whose name is the family name plus {@code suffix} ("" for the plain name). */
        public List<Sample> samples(String suffix) {
            String base = name.endsWith("_total") && !suffix.isEmpty() ? name.substring(0, name.length() - 6) : name;
            return samples.stream().filter(s -> s.name().equals(base + suffix) || suffix.isEmpty() && s.name().equals(name)).toList();
        }
    }

    public record Metrics(Map<String, Family> families, List<String> unreadable) {
        public List<Family> ofType(String type) {
            return families.values().stream().filter(f -> f.type().equals(type)).toList();
        }

        public Optional<Family> family(String name) {
            return Optional.ofNullable(families.get(name));
        }
    }

    public static Metrics parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        String current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.substring(1).strip().split("\\s+", 3);
                if (parts.length >= 3 && parts[0].equals("TYPE")) {
                    current = parts[1];
                    types.put(current, parts[2].strip());
                    samples.computeIfAbsent(current, k -> new ArrayList<>());
                } else if (parts.length >= 2 && parts[0].equals("HELP")) {
                    helps.put(parts[1], parts.length == 3 ? parts[2] : "");
                    samples.computeIfAbsent(parts[1], k -> new ArrayList<>());
                }
                continue;
            }
            Sample s;
            try {
                s = parseSample(line);
            } catch (IllegalArgumentException e) {
                unreadable.add(raw);
                continue;
            }
            String family = current != null && belongs(s.name(), current) ? current : familyOf(s.name(), types.keySet());
            samples.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
        }
        Map<String, Family> families = new LinkedHashMap<>();
        samples.forEach((name, list) -> families.put(name,
                new Family(name, types.getOrDefault(name, "untyped"), helps.getOrDefault(name, ""), List.copyOf(list))));
        return new Metrics(families, List.copyOf(unreadable));
    }

    private static boolean belongs(String sample, String family) {
        if (sample.equals(family)) {
            return true;
        }
        String base = family.endsWith("_total") ? family.substring(0, family.length() - 6) : family;
        for (String suffix : SUFFIXES) {
            if (sample.equals(base + suffix) || sample.equals(family + suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String familyOf(String sample, Set<String> typed) {
        for (String f : typed) {
            if (belongs(sample, f)) {
                return f;
            }
        }
        return sample;
    }

    /** {@code name{a="x",b="y"} value [timestamp]} or {@code name value [timestamp]}. */
    static Sample parseSample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || !name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < n && (Character.isWhitespace(line.charAt(i)) || line.charAt(i) == ',')) {
                    i++;
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unclosed labels");
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new IllegalArgumentException("label without =");
                }
                String key = line.substring(i, eq).strip();
                i = eq + 1;
                if (i >= n || line.charAt(i) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                i++;
                StringBuilder v = new StringBuilder();
                while (i < n && line.charAt(i) != '"') {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        char e = line.charAt(++i);
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                    i++;
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unclosed label value");
                }
                i++;
                labels.put(key, v.toString());
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw new IllegalArgumentException("no value");
        }
        return new Sample(name, labels, value(rest[0]));
    }

    private static double value(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }
}
