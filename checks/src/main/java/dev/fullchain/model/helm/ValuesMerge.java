package dev.fullchain.model.helm;

import java.util.LinkedHashMap;
import java.util.Map;

/** Helm's coalescing of a values file over the chart's values.yaml: maps merge, anything else replaces, null deletes. */
public final class ValuesMerge {

    private ValuesMerge() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : override.entrySet()) {
            Object over = e.getValue();
            Object under = out.get(e.getKey());
            if (over == null) {
                out.remove(e.getKey());
            } else if (over instanceof Map<?, ?> om && under instanceof Map<?, ?> um) {
                out.put(e.getKey(), merge((Map<String, Object>) um, (Map<String, Object>) om));
            } else {
                out.put(e.getKey(), over);
            }
        }
        return out;
    }
}
