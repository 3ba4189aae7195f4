package dev.fullchain.model.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kubernetes label selector (matchLabels and matchExpressions), matched as the API server
 * matches it: every requirement must hold; In needs the key with one of the values, NotIn
 * holds when the key is absent or its value is none of them, Exists and DoesNotExist look at
 * the key alone. An empty selector selects everything. Read from plain data (values, a
 * rendered object), so a mistake in it is described, not thrown.
 */
public final class LabelSelector {

    /** One requirement, and how to say it in a message ("release=kube-prometheus-stack", "tier in (api, web)"). */
    public record Requirement(String key, String operator, List<String> values) {

        public boolean holds(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case "=" -> values.get(0).equals(v);
                case "In" -> v != null && values.contains(v);
                case "NotIn" -> v == null || !values.contains(v);
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> false;
            };
        }

        public String describe() {
            return switch (operator) {
                case "=" -> key + ": " + values.get(0);
                case "Exists" -> key + " (any value)";
                case "DoesNotExist" -> "no label " + key;
                default -> key + " " + operator + " " + values;
            };
        }
    }

    private final List<Requirement> requirements;
    private final List<String> problems;

    private LabelSelector(List<Requirement> requirements, List<String> problems) {
        this.requirements = List.copyOf(requirements);
        this.problems = List.copyOf(problems);
    }

    /** The selector of matchLabels only. */
    public static LabelSelector matchLabels(Map<String, String> labels) {
        List<Requirement> out = new ArrayList<>();
        labels.forEach((k, v) -> out.add(new Requirement(k, "=", List.of(v))));
        return new LabelSelector(out, List.of());
    }

    /** A selector as data ({matchLabels: {...}, matchExpressions: [...]}); null is the empty selector. */
    public static LabelSelector of(Object data) {
        List<Requirement> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (data == null) {
            return new LabelSelector(out, problems);
        }
        if (!(data instanceof Map<?, ?> map)) {
            problems.add("the selector is not a mapping");
            return new LabelSelector(out, problems);
        }
        for (Object key : map.keySet()) {
            if (!"matchLabels".equals(key) && !"matchExpressions".equals(key)) {
                problems.add(key + " is not a field of a label selector (matchLabels, matchExpressions): the API server drops it");
            }
        }
        if (map.get("matchLabels") instanceof Map<?, ?> labels) {
            labels.forEach((k, v) -> out.add(new Requirement(String.valueOf(k), "=", List.of(String.valueOf(v)))));
        }
        if (map.get("matchExpressions") instanceof List<?> expressions) {
            for (Object e : expressions) {
                if (!(e instanceof Map<?, ?> m) || m.get("key") == null || m.get("operator") == null) {
                    problems.add("a matchExpressions entry without key or operator: " + e);
                    continue;
                }
                String op = String.valueOf(m.get("operator"));
                List<String> values = m.get("values") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
                if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(op)) {
                    problems.add("operator " + op + " (of key " + m.get("key") + ") is not In, NotIn, Exists or DoesNotExist");
                } else if ((op.equals("In") || op.equals("NotIn")) == values.isEmpty()) {
                    problems.add("operator " + op + " of key " + m.get("key") + (values.isEmpty() ? " needs values" : " takes no values"));
                }
                out.add(new Requirement(String.valueOf(m.get("key")), op, values));
            }
        }
        return new LabelSelector(out, problems);
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /** What makes the API server refuse or drop part of it (an unknown operator, a misplaced field). */
    public List<String> problems() {
        return problems;
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.holds(labels));
    }

    /** The requirements the labels do not meet. */
    public List<Requirement> unmet(Map<String, String> labels) {
        return requirements.stream().filter(r -> !r.holds(labels)).toList();
    }

    /** The labels a new object needs to be selected, when the selector says (matchLabels and In of one value). */
    public Map<String, String> labelsToMatch() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Requirement r : requirements) {
            if (r.operator().equals("=") || r.operator().equals("In") && !r.values().isEmpty()) {
                out.put(r.key(), r.values().get(0));
            }
        }
        return out;
    }

    /** "{release: kube-prometheus-stack}", or "{} (everything)". */
    public String describe() {
        return requirements.isEmpty() ? "{} (selects everything)"
                : "{" + String.join(", ", requirements.stream().map(Requirement::describe).toList()) + "}";
    }

    /** Whether the selector, as data, selects the labels (see {@link #of}). */
    public static boolean matches(Map<?, ?> selector, Map<String, String> labels) {
        return of(selector).matches(labels);
    }

    /**
     * Whether the selector, as data, selects an object of which only the labels {@code known}
     * are known ({@code null}: all of them): empty when it asks about another label first.
     */
    public static Optional<Boolean> matchesKnowing(Map<?, ?> selector, Map<String, String> labels, Set<String> known) {
        for (Requirement r : of(selector).requirements) {
            if (known != null && !known.contains(r.key())) {
                return Optional.empty();
            }
            if (!r.holds(labels)) {
                return Optional.of(false);
            }
        }
        return Optional.of(true);
    }

    /** "{release: kube-prometheus-stack, team: a}", for messages. */
    public static String show(Map<?, ?> labels) {
        StringBuilder out = new StringBuilder("{");
        new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(k).append(": ").append(v));
        return out.append("}").toString();
    }

    /** "matchLabels {release: kube-prometheus-stack}": the selector as written, for messages. */
    public static String describe(Map<?, ?> selector) {
        if (selector.isEmpty()) {
            return "{} (everything)";
        }
        StringBuilder out = new StringBuilder();
        if (selector.get("matchLabels") instanceof Map<?, ?> ml) {
            out.append("matchLabels ").append(show(ml));
        }
        if (selector.get("matchExpressions") instanceof List<?> l && !l.isEmpty()) {
            out.append(out.length() > 0 ? ", " : "").append("matchExpressions ").append(l);
        }
        return out.toString();
    }
}
