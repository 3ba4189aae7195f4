package dev.fullchain.model.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** Dotted paths into a chart's values ("api.image.repository", "sidecars[0].image"), found by key and value. */
public final class ValuesPaths {

    private ValuesPaths() {
    }

    /**
     * A value of the tree with its path: {@code path} for messages, {@code setPath} as
     * {@code --set} takes it (dots inside a key escaped, list items as [i]).
     */
    public record Entry(String path, Object value, String setPath) {

        public Entry(String path, Object value) {
            this(path, value, path);
        }
    }

    /** Every leaf or map whose key and value satisfy the test, depth first, in file order (list items too, keyed by their list's key). */
    public static List<Entry> find(Map<String, Object> values, BiPredicate<String, Object> keyAndValue) {
        List<Entry> out = new ArrayList<>();
        walk("", "", values, keyAndValue, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(String prefix, String setPrefix, Map<String, Object> map, BiPredicate<String, Object> test, List<Entry> out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            String escaped = key.replace(".", "\\.");
            String setPath = setPrefix.isEmpty() ? escaped : setPrefix + "." + escaped;
            visit(key, path, setPath, e.getValue(), test, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static void visit(String key, String path, String setPath, Object value, BiPredicate<String, Object> test, List<Entry> out) {
        if (test.test(key, value)) {
            out.add(new Entry(path, value, setPath));
        }
        if (value instanceof Map<?, ?> child) {
            walk(path, setPath, (Map<String, Object>) child, test, out);
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(key, path + "[" + i + "]", setPath + "[" + i + "]", list.get(i), test, out);
            }
        }
    }
}
