package dev.fullchain.model.observability;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kubernetes label selector as written in values ({@code matchLabels}, {@code matchExpressions}
 * with In, NotIn, Exists, DoesNotExist), matched the way the API server does: every part must
 * hold; an empty selector selects everything.
 */
public final class LabelSelection {

    private LabelSelection() {
    }

    public static boolean matches(Map<?, ?> selector, Map<String, String> labels) {
        return matchesKnowing(selector, labels, null).orElse(false);
    }

    /**
     * Whether the selector selects an object of which only the labels {@code known} are known
     * ({@code null}: all of them): empty when it asks about another label.
     */
    public static Optional<Boolean> matchesKnowing(Map<?, ?> selector, Map<String, String> labels, Set<String> known) {
        if (selector.get("matchLabels") instanceof Map<?, ?> ml) {
            for (Map.Entry<?, ?> e : ml.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (known != null && !known.contains(key)) {
                    return Optional.empty();
                }
                if (!String.valueOf(e.getValue()).equals(labels.get(key))) {
                    return Optional.of(false);
                }
            }
        }
        if (selector.get("matchExpressions") instanceof List<?> exprs) {
            for (Object o : exprs) {
                if (!(o instanceof Map<?, ?> x)) {
                    continue;
                }
                String key = String.valueOf(x.get("key"));
                if (known != null && !known.contains(key)) {
                    return Optional.empty();
                }
                List<String> values = x.get("values") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
                String v = labels.get(key);
                boolean ok = switch (String.valueOf(x.get("operator"))) {
                    case "In" -> v != null && values.contains(v);
                    case "NotIn" -> v == null || !values.contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> false;
                };
                if (!ok) {
                    return Optional.of(false);
                }
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

    /** "matchLabels {release: kube-prometheus-stack}", for messages. */
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
