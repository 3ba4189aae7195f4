package dev.fullchain.env.compose;

import dev.fullchain.env.ImageSubstitution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The compose model fullchain actually starts: the learner's file as {@code docker compose
 * config} resolved it (variables interpolated, env files read, paths absolute), changed only
 * where a test stack must differ from theirs:
 * <ul>
 * <li>every published port is bound to 127.0.0.1 on an ephemeral host port: no clash with the
 *     learner's own running stack, nothing reachable from the LAN; the container ports the
 *     checks call (api, frontend) are published the same way when the file does not;</li>
 * <li>{@code container_name} and explicit volume/network names are dropped, so the test
 *     project owns its containers and volumes (and {@code down -v} never touches the learner's);</li>
 * <li>images are replaced only as configured ({@link ImageSubstitution});</li>
 * <li>images built from a Dockerfile without an {@code image:} get a stable name per target
 *     ({@code <prefix>-<service>}), so warm runs find them and the layer cache.</li>
 * </ul>
 * Pure data in, data out: no Docker here (tested on its own).
 */
public final class DerivedCompose {

    public static final String LOOPBACK = "127.0.0.1";

    private final Map<String, Object> model;
    private final List<String> changes;
    private final Map<String, String> builtImages;
    private final Map<String, String> pulledImages;
    private final Set<String> healthchecked;

    private DerivedCompose(Map<String, Object> model, List<String> changes, Map<String, String> builtImages,
                           Map<String, String> pulledImages, Set<String> healthchecked) {
        this.model = model;
        this.changes = List.copyOf(changes);
        this.builtImages = Map.copyOf(builtImages);
        this.pulledImages = Map.copyOf(pulledImages);
        this.healthchecked = Set.copyOf(healthchecked);
    }

    /** Parses the YAML printed by {@code docker compose config}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseConfig(String yaml) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(loaded instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("compose config printed no mapping");
        }
        return (Map<String, Object>) m;
    }

    /**
     * @param config       the resolved model ({@link #parseConfig})
     * @param substitution configured image replacements
     * @param reach        service → container ports the checks call
     * @param imagePrefix  stable prefix for built images, e.g. fullchain-1a2b3c4d
     */
    public static DerivedCompose derive(Map<String, Object> config, ImageSubstitution substitution,
                                        Map<String, Set<Integer>> reach, String imagePrefix) {
        return derive(config, substitution, reach, imagePrefix, false);
    }

    /**
     * As above; with {@code tagByContent}, a built service without an {@code image:} is named by
     * what it is built from ({@link BuildInputs#contentTag}), so an identical build elsewhere is reused.
     */
    @SuppressWarnings("unchecked")
    public static DerivedCompose derive(Map<String, Object> config, ImageSubstitution substitution,
                                        Map<String, Set<Integer>> reach, String imagePrefix, boolean tagByContent) {
        Map<String, Object> model = deepCopy(config);
        List<String> changes = new ArrayList<>();
        Map<String, String> built = new TreeMap<>();
        Map<String, String> pulled = new TreeMap<>();
        Set<String> healthchecked = new LinkedHashSet<>();

        model.remove("name"); // the test project gets its own name
        Map<String, Object> services = map(model.get("services"));
        for (Map.Entry<String, Object> e : services.entrySet()) {
            String name = e.getKey();
            Map<String, Object> svc = map(e.getValue());
            e.setValue(svc);
            if (svc.remove("container_name") != null) {
                changes.add(name + ": container_name dropped (the test stack must not clash with yours)");
            }
            rewritePorts(name, svc, reach.getOrDefault(name, Set.of()), changes);
            Object image = svc.get("image");
            if (svc.containsKey("build")) {
                if (image == null) {
                    String tag = (tagByContent ? BuildInputs.contentTag(name, svc) : java.util.Optional.<String>empty())
                            .orElse(imagePrefix + "-" + name);
                    svc.put("image", tag);
                    built.put(name, tag);
                } else {
                    built.put(name, String.valueOf(image));
                }
            } else if (image != null) {
                String img = String.valueOf(image);
                var replacement = substitution.replacementFor(img);
                if (replacement.isPresent()) {
                    svc.put("image", replacement.get());
                    changes.add(name + ": image " + img + " replaced by " + replacement.get() + " (" + substitution.source() + ")");
                    img = replacement.get();
                }
                pulled.put(name, img);
            }
            if (hasHealthcheck(svc)) {
                healthchecked.add(name);
            }
        }
        for (String section : List.of("volumes", "networks")) {
            Map<String, Object> decls = map(model.get(section));
            for (Map.Entry<String, Object> d : decls.entrySet()) {
                if (d.getValue() instanceof Map<?, ?> dm && !Boolean.TRUE.equals(dm.get("external"))) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) dm);
                    Object explicit = copy.remove("name");
                    if (explicit != null) {
                        d.setValue(copy);
                    }
                }
            }
            if (!decls.isEmpty()) {
                model.put(section, decls);
            }
        }
        model.put("services", services);
        return new DerivedCompose(model, changes, built, pulled, healthchecked);
    }

    @SuppressWarnings("unchecked")
    private static void rewritePorts(String service, Map<String, Object> svc, Set<Integer> reach, List<String> changes) {
        List<Object> out = new ArrayList<>();
        Set<Integer> targets = new LinkedHashSet<>();
        Object ports = svc.get("ports");
        if (ports instanceof List<?> list) {
            for (Object p : list) {
                Map<String, Object> port = p instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : parseShortPort(String.valueOf(p));
                Object published = port.remove("published");
                Object hostIp = port.remove("host_ip");
                port.put("host_ip", LOOPBACK);
                Object target = port.get("target");
                Integer t = asInt(target);
                if (t != null) {
                    port.put("target", t);
                    targets.add(t);
                }
                out.add(port);
                if (published != null || (hostIp != null && !LOOPBACK.equals(hostIp))) {
                    changes.add(service + ": port " + (hostIp == null ? "" : hostIp + ":") + (published == null ? "" : published + ":")
                            + target + " published as 127.0.0.1:<ephemeral>:" + target);
                }
            }
        }
        for (Integer port : reach) {
            if (!targets.contains(port)) {
                Map<String, Object> added = new LinkedHashMap<>();
                added.put("target", port);
                added.put("host_ip", LOOPBACK);
                added.put("protocol", "tcp");
                out.add(added);
                changes.add(service + ": container port " + port + " published as 127.0.0.1:<ephemeral> so the checks can call it");
            }
        }
        if (!out.isEmpty()) {
            svc.put("ports", out);
        }
    }

    /** "8080", "8080:80", "127.0.0.1:8080:80", "8080:80/udp" → long syntax. */
    static Map<String, Object> parseShortPort(String spec) {
        Map<String, Object> port = new LinkedHashMap<>();
        String s = spec.trim();
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash > 0) {
            protocol = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        int colon = s.lastIndexOf(':');
        String target = colon < 0 ? s : s.substring(colon + 1);
        Integer t = asInt(target);
        port.put("target", t == null ? target : t);
        if (colon > 0) {
            String rest = s.substring(0, colon);
            int c2 = rest.lastIndexOf(':');
            port.put("published", c2 < 0 ? rest : rest.substring(c2 + 1));
            if (c2 > 0) {
                port.put("host_ip", rest.substring(0, c2));
            }
        }
        port.put("protocol", protocol);
        return port;
    }

    private static boolean hasHealthcheck(Map<String, Object> svc) {
        if (!(svc.get("healthcheck") instanceof Map<?, ?> hc)) {
            return false;
        }
        if (Boolean.TRUE.equals(hc.get("disable"))) {
            return false;
        }
        Object test = hc.get("test");
        if (test instanceof List<?> l && !l.isEmpty() && "NONE".equals(String.valueOf(l.get(0)))) {
            return false;
        }
        return true;
    }

    private static Integer asInt(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return o == null ? null : Integer.valueOf(String.valueOf(o).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepCopy(T o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, deepCopy(v)));
            return (T) c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(deepCopy(v)));
            return (T) c;
        }
        return o;
    }

    /** The derived file's YAML. */
    public String toYaml() {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setIndent(2);
        opts.setWidth(4096);
        opts.setSplitLines(false);
        return "# Written by fullchain from `compose config` of your file; see DerivedCompose.\n"
                + new Yaml(new Representer(opts), opts).dump(model);
    }

    public Map<String, Object> model() {
        return model;
    }

    /** What was changed, one line each, for diagnostics. */
    public List<String> changes() {
        return changes;
    }

    /** Services built from a Dockerfile → the image name they are built as. */
    public Map<String, String> builtImages() {
        return builtImages;
    }

    /** Services run from an image (after substitution) → that image. */
    public Map<String, String> pulledImages() {
        return pulledImages;
    }

    /** Every service, in the file's order. */
    public List<String> services() {
        return List.copyOf(map(model.get("services")).keySet());
    }

    public boolean hasHealthcheck(String service) {
        return healthchecked.contains(service);
    }

    /** Services another one waits for with {@code condition: service_completed_successfully}: jobs that exit 0 when done. */
    @SuppressWarnings("unchecked")
    public Set<String> completingServices() {
        Set<String> out = new LinkedHashSet<>();
        for (Object svc : map(model.get("services")).values()) {
            if (svc instanceof Map<?, ?> m && m.get("depends_on") instanceof Map<?, ?> deps) {
                deps.forEach((name, cond) -> {
                    if (cond instanceof Map<?, ?> c && "service_completed_successfully".equals(c.get("condition"))) {
                        out.add(String.valueOf(name));
                    }
                });
            }
        }
        return out;
    }

    /** Environment of a service as resolved by compose (values may be secrets: mask before printing). */
    public Map<String, String> environment(String service) {
        Map<String, Object> svc = map(map(model.get("services")).get(service));
        Map<String, String> env = new LinkedHashMap<>();
        Object e = svc.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (e instanceof List<?> l) {
            for (Object item : l) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }
}
