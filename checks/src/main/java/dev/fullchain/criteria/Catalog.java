package dev.fullchain.criteria;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The criteria catalog, read once from criteria.yaml on the classpath. */
public final class Catalog {

    private static final String RESOURCE = "/criteria.yaml";
    private static volatile Catalog instance;

    private final Map<String, CriterionSpec> byId;
    private final Map<Integer, String> dayFocus;

    private Catalog(Map<String, CriterionSpec> byId, Map<Integer, String> dayFocus) {
        this.byId = Collections.unmodifiableMap(byId);
        this.dayFocus = Collections.unmodifiableMap(dayFocus);
    }

    public static Catalog get() {
        Catalog c = instance;
        if (c == null) {
            synchronized (Catalog.class) {
                if (instance == null) {
                    instance = load();
                }
                c = instance;
            }
        }
        return c;
    }

    public List<CriterionSpec> all() {
        return List.copyOf(byId.values());
    }

    public Optional<CriterionSpec> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public CriterionSpec require(String id) {
        CriterionSpec spec = byId.get(id);
        if (spec == null) {
            throw new IllegalArgumentException("unknown criterion ID '" + id + "': not in criteria.yaml");
        }
        return spec;
    }

    /** "Day 1 — Setup + dockerised app" */
    public String dayTitle(int day) {
        return "Day " + day + " — " + dayFocus.getOrDefault(day, "");
    }

    public Map<Integer, String> days() {
        return dayFocus;
    }

    @SuppressWarnings("unchecked")
    private static Catalog load() {
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("criteria.yaml is missing from the classpath");
            }
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            Map<Integer, String> days = new TreeMap<>();
            ((Map<Object, Object>) root.get("days")).forEach((k, v) -> days.put(Integer.valueOf(k.toString()), v.toString()));
            Map<String, CriterionSpec> specs = new LinkedHashMap<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) root.get("criteria")) {
                String id = (String) c.get("id");
                int day = Integer.parseInt(id.substring(1, id.indexOf('.')));
                CriterionSpec spec = new CriterionSpec(id, (String) c.get("title"), day,
                        Capability.valueOf((String) c.get("capability")), Tier.fromKey((String) c.get("tier")),
                        ((String) c.get("hint")).trim(), String.valueOf(c.getOrDefault("tool", "")));
                if (specs.put(id, spec) != null) {
                    throw new IllegalStateException("criteria.yaml: duplicate ID " + id);
                }
            }
            return new Catalog(specs, days);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
