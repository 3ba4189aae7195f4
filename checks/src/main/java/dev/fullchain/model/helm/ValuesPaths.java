package dev.fullchain.model.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** Dotted paths into a chart's values ("api.image.repository"), found by key and value. */
public final class ValuesPaths {

    private ValuesPaths() {
    }

    /** A value of the tree with its dotted path, as {@code --set} names it. */
    public record Entry(String path, Object value) {
    }

    /** Every leaf or map whose key and value satisfy the test, depth first, in file order. */
    public static List<Entry> find(Map<String, Object> values, BiPredicate<String, Object> keyAndValue) {
        List<Entry> out = new ArrayList<>();
        walk("", values, keyAndValue, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String prefix, Map<String, Object> map, BiPredicate<String, Object> test, List<Entry> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (test.test(key, e.getValue())) {
                out.add(new Entry(path, e.getValue()));
            }
            if (e.getValue() instanceof Map<?, ?> child) {
                walk(path, (Map<String, Object>) child, test, out);
            }
        }
    }
}
