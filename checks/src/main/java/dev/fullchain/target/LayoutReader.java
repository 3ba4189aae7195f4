package dev.fullchain.target;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads fullchain.yaml into a {@link Layout}, keeping the line of every key. Strict on
 * purpose: a misspelt key that passes in silence maps nothing and the learner never knows,
 * so an unknown key is an error naming it, its line and the keys that exist there.
 */
final class LayoutReader {

    private static final Set<String> TOP = Set.of("compose", "services", "images", "chart", "helmfile",
            "terraform", "workflows", "api", "frontend", "monitoring");
    private static final Set<String> SERVICES = Set.of("frontend", "api", "db");
    private static final Set<String> IMAGE_ROLES = Set.of("frontend", "api", "extra");
    private static final Set<String> IMAGE = Set.of("dockerfile", "context");
    private static final Set<String> TERRAFORM = Set.of("root", "bootstrap", "modules");
    private static final Set<String> WORKFLOWS = Set.of("pipeline", "infrastructure");
    private static final Set<String> API = Set.of("port", "health", "ready", "items", "metrics", "requestsMetric", "durationMetric");
    private static final Set<String> FRONTEND = Set.of("port", "page", "proxiedItems");
    private static final Set<String> MONITORING = Set.of("prometheus", "alertmanager", "loki", "grafana", "lokiTenant");
    private static final java.util.regex.Pattern SERVICE_REF =
            java.util.regex.Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::(\\d{1,5}))?");

    /** A problem in the file, at a line; becomes the layout's BadInput. */
    private static final class Invalid extends Exception {
        final int line;

        Invalid(Node at, String problem) {
            super(problem, null, false, false);
            this.line = at == null ? 0 : at.getStartMark().getLine() + 1;
        }
    }

    private final Map<String, Integer> lines = new LinkedHashMap<>();

    private LayoutReader() {
    }

    static Layout read(Target target) {
        Layout d = Layout.defaults();
        String text;
        try {
            Optional<SourceFile> file = target.readOptional(Layout.FILE);
            if (file.isEmpty()) {
                return d;
            }
            text = file.get().text();
        } catch (BadInput unreadable) {
            return d.withProblem(Layout.WHOLE_FILE, unreadable);
        }
        Location where = Location.of(Layout.FILE);
        Node root;
        try {
            root = YamlSyntax.compose(text);
        } catch (YamlSyntax.Error e) {
            BadInput bad = new BadInput(where.atLine(e.line()), "cannot be read: " + e.getMessage(), EXPECTED);
            return blockKeysSetIn(text, d, bad);
        }
        if (root == null) {
            return d;
        }
        return new LayoutReader().layout(root, d);
    }

    private static final String EXPECTED = "a valid fullchain.yaml (see the README, 'Checking your own repository'), or none";

    /**
     * A file that does not parse still shows which top-level keys it meant to set (a key at
     * the start of a line): those are blocked; the rest keep their defaults. When no key can
     * be seen, the whole file is blocked.
     */
    private static Layout blockKeysSetIn(String text, Layout d, BadInput bad) {
        Layout out = d;
        boolean any = false;
        for (String line : text.lines().toList()) {
            java.util.regex.Matcher m = TOP_KEY_LINE.matcher(line);
            if (m.lookingAt() && TOP.contains(m.group(1))) {
                out = out.withProblem(m.group(1), bad);
                any = true;
            }
        }
        return any ? out : d.withProblem(Layout.WHOLE_FILE, bad);
    }

    private static final java.util.regex.Pattern TOP_KEY_LINE = java.util.regex.Pattern.compile("[\"']?([A-Za-z_][\\w-]*)[\"']?\\s*:");

    /** One top-level key's part of the file, read into the layout being built. */
    private interface Part {
        Layout read(Node value, Layout into) throws Invalid;
    }

    private Layout layout(Node root, Layout d) {
        if (!(root instanceof MappingNode m)) {
            return d.withProblem(Layout.WHOLE_FILE, new BadInput(new Location(Layout.FILE, line(root)),
                    "fullchain.yaml is not a mapping of keys (" + String.join(", ", sorted(TOP)) + ")", EXPECTED_KEYS));
        }
        Layout out = d;
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node keyNode = t.getKeyNode();
            String key = keyNode instanceof ScalarNode k ? k.getValue() : null;
            Location at = new Location(Layout.FILE, line(keyNode));
            if (key == null) {
                out = out.withProblem(Layout.WHOLE_FILE, new BadInput(at, "a key of fullchain.yaml is not a plain word", EXPECTED_KEYS));
            } else if (!TOP.contains(key)) {
                // A misspelt key maps nothing: it blocks the key it was surely meant to be, or everything when none is close.
                Optional<String> meant = closest(key);
                out = out.withProblem(meant.orElse(Layout.WHOLE_FILE), new BadInput(at, "unknown key '" + key + "'"
                        + meant.map(k -> " (did you mean '" + k + "'?)").orElse("")
                        + "; the keys fullchain knows at the top are " + String.join(", ", sorted(TOP)), EXPECTED_KEYS));
            } else if (seen.containsKey(key)) {
                out = out.withProblem(key, new BadInput(at, "key '" + key + "' is set twice", EXPECTED_KEYS));
            } else {
                seen.put(key, t.getValueNode());
                lines.put(key, line(keyNode));
            }
        }
        for (Map.Entry<String, Node> e : seen.entrySet()) {
            try {
                out = part(e.getKey()).read(e.getValue(), out);
            } catch (Invalid bad) {
                out = out.withProblem(e.getKey(), new BadInput(new Location(Layout.FILE, bad.line), bad.getMessage(), EXPECTED_KEYS));
            }
        }
        return out.withLines(lines);
    }

    private static final String EXPECTED_KEYS = "the keys of fullchain.yaml as the README lists them ('Checking your own repository')";

    /** The known top-level key within two edits of a misspelt one, when there is exactly one. */
    static Optional<String> closest(String key) {
        List<String> near = TOP.stream().filter(k -> editDistance(k, key.toLowerCase(java.util.Locale.ROOT)) <= 2).sorted().toList();
        return near.size() == 1 ? Optional.of(near.get(0)) : Optional.empty();
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    private Part part(String key) {
        return switch (key) {
            case "compose" -> (v, l) -> with(l, "compose", path(v, "compose"));
            case "services" -> (v, l) -> {
                Map<String, Node> s = mapping(v, "services", SERVICES);
                Layout.Services dflt = Layout.defaults().services();
                return l.withServices(new Layout.Services(str(s, "services", "frontend", dflt.frontend()),
                        str(s, "services", "api", dflt.api()), str(s, "services", "db", dflt.db())));
            };
            case "images" -> this::images;
            case "chart" -> (v, l) -> with(l, "chart", path(v, "chart"));
            case "helmfile" -> (v, l) -> with(l, "helmfile", path(v, "helmfile"));
            case "terraform" -> this::terraform;
            case "workflows" -> (v, l) -> {
                Map<String, Node> wf = mapping(v, "workflows", WORKFLOWS);
                return l.withWorkflows(new Layout.WorkflowPaths(optionalPath(wf.get("pipeline"), "workflows.pipeline"),
                        optionalPath(wf.get("infrastructure"), "workflows.infrastructure")));
            };
            case "api" -> (v, l) -> {
                Map<String, Node> api = mapping(v, "api", API);
                Layout.Api d = Layout.defaults().api();
                return l.withApi(new Layout.Api(num(api, "api", "port", d.port()), str(api, "api", "health", d.health()),
                        str(api, "api", "ready", d.ready()), str(api, "api", "items", d.items()),
                        str(api, "api", "metrics", d.metrics()), str(api, "api", "requestsMetric", d.requestsMetric()),
                        str(api, "api", "durationMetric", d.durationMetric())));
            };
            case "frontend" -> (v, l) -> {
                Map<String, Node> fe = mapping(v, "frontend", FRONTEND);
                Layout.Frontend d = Layout.defaults().frontend();
                return l.withFrontend(new Layout.Frontend(num(fe, "frontend", "port", d.port()), str(fe, "frontend", "page", d.page()),
                        str(fe, "frontend", "proxiedItems", d.proxiedItems())));
            };
            case "monitoring" -> (v, l) -> {
                Map<String, Node> m = mapping(v, "monitoring", MONITORING);
                return l.withMonitoring(new Layout.Monitoring(service(m, "prometheus"), service(m, "alertmanager"),
                        service(m, "loki"), service(m, "grafana"),
                        m.containsKey("lokiTenant") ? Optional.of(scalar(m.get("lokiTenant"), "monitoring.lokiTenant")) : Optional.empty()));
            };
            default -> throw new IllegalArgumentException(key);
        };
    }

    /** monitoring.KEY: namespace/name[:port], a Service of the cluster. */
    private static Optional<Layout.ServiceRef> service(Map<String, Node> m, String key) throws Invalid {
        Node v = m.get(key);
        if (v == null) {
            return Optional.empty();
        }
        String raw = scalar(v, "monitoring." + key).strip();
        java.util.regex.Matcher ref = SERVICE_REF.matcher(raw);
        if (!ref.matches()) {
            throw new Invalid(v, "monitoring." + key + ": " + raw + " is not namespace/service[:port] (e.g. monitoring/prometheus-operated:9090)");
        }
        Optional<Integer> port = Optional.ofNullable(ref.group(5)).map(Integer::parseInt);
        if (port.filter(p -> p < 1 || p > 65535).isPresent()) {
            throw new Invalid(v, "monitoring." + key + ": " + port.get() + " is not a port number (1..65535)");
        }
        return Optional.of(new Layout.ServiceRef(ref.group(1), ref.group(3), port));
    }

    private static Layout with(Layout l, String key, String path) {
        return key.equals("compose") ? l.withCompose(path) : key.equals("chart") ? l.withChart(path) : l.withHelmfile(path);
    }

    private Layout images(Node imagesNode, Layout l) throws Invalid {
        Map<String, Layout.ImageMapping> images = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        if (imagesNode instanceof SequenceNode seq) {
            extra.addAll(paths(seq, "images"));
        } else {
            Map<String, Node> roles = mapping(imagesNode, "images", IMAGE_ROLES);
            for (Map.Entry<String, Node> e : roles.entrySet()) {
                String key = "images." + e.getKey();
                if (e.getKey().equals("extra")) {
                    if (!(e.getValue() instanceof SequenceNode seq)) {
                        throw new Invalid(e.getValue(), key + ": expected a list of Dockerfile paths");
                    }
                    extra.addAll(paths(seq, key));
                } else if (e.getValue() instanceof ScalarNode) {
                    images.put(e.getKey(), new Layout.ImageMapping(path(e.getValue(), key), Optional.empty()));
                } else {
                    Map<String, Node> m = mapping(e.getValue(), key, IMAGE);
                    if (!m.containsKey("dockerfile")) {
                        throw new Invalid(e.getValue(), key + ": has no dockerfile: (the path of the Dockerfile)");
                    }
                    images.put(e.getKey(), new Layout.ImageMapping(path(m.get("dockerfile"), key + ".dockerfile"),
                            optionalPath(m.get("context"), key + ".context")));
                }
            }
        }
        return l.withImages(Map.copyOf(images), List.copyOf(extra));
    }

    private Layout terraform(Node tf, Layout l) throws Invalid {
        if (tf instanceof ScalarNode) {
            lines.put("terraform.root", line(tf));
            return l.withTerraform(new Layout.TerraformPaths(Optional.of(path(tf, "terraform")), Optional.empty(), Optional.empty()));
        }
        Map<String, Node> m = mapping(tf, "terraform", TERRAFORM);
        return l.withTerraform(new Layout.TerraformPaths(optionalPath(m.get("root"), "terraform.root"),
                optionalPath(m.get("bootstrap"), "terraform.bootstrap"), optionalPath(m.get("modules"), "terraform.modules")));
    }

    /** A mapping whose keys must all be known; remembers each key's line. */
    private Map<String, Node> mapping(Node node, String prefix, Set<String> known) throws Invalid {
        String name = prefix.isEmpty() ? "fullchain.yaml" : prefix + ":";
        if (!(node instanceof MappingNode m)) {
            throw new Invalid(node, name + " is not a mapping of keys (" + String.join(", ", sorted(known)) + ")");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new Invalid(t.getKeyNode(), "a key of " + name + " is not a plain word");
            }
            String key = k.getValue();
            String dotted = prefix.isEmpty() ? key : prefix + "." + key;
            if (!known.contains(key)) {
                throw new Invalid(k, "unknown key '" + dotted + "'" + (prefix.isEmpty() ? "" : " under " + prefix + ":")
                        + "; the keys fullchain knows " + (prefix.isEmpty() ? "at the top" : "there") + " are "
                        + String.join(", ", sorted(known)));
            }
            if (out.containsKey(key)) {
                throw new Invalid(k, "key '" + dotted + "' is set twice");
            }
            out.put(key, t.getValueNode());
            lines.put(dotted, line(k));
        }
        return out;
    }

    private Map<String, Node> optionalMapping(Node node, String prefix, Set<String> known) throws Invalid {
        return node == null ? Map.of() : mapping(node, prefix, known);
    }

    private static String scalar(Node node, String key) throws Invalid {
        if (!(node instanceof ScalarNode s)) {
            throw new Invalid(node, key + ": expected a single value, not a list or mapping");
        }
        return s.getValue();
    }

    /** A path inside the repository: relative, and never leaving the root. */
    private static String path(Node node, String key) throws Invalid {
        String raw = scalar(node, key).strip();
        String p = raw.replace('\\', '/');
        if (p.isEmpty()) {
            throw new Invalid(node, key + ": is empty; give a path relative to the repository root");
        }
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            throw new Invalid(node, key + ": " + raw + " is an absolute path; fullchain reads only inside the repository, give a path relative to its root");
        }
        Path normal = Path.of(p).normalize();
        if (normal.startsWith("..")) {
            throw new Invalid(node, key + ": " + raw + " leaves the repository; fullchain reads only inside it");
        }
        String out = normal.toString().replace('\\', '/');
        return out.isEmpty() ? "." : out;
    }

    private Optional<String> optionalPath(Node node, String key) throws Invalid {
        return node == null ? Optional.empty() : Optional.of(path(node, key));
    }

    private static List<String> paths(SequenceNode seq, String key) throws Invalid {
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            out.add(path(n, key));
        }
        return out;
    }

    private static String str(Map<String, Node> m, String prefix, String key, String dflt) throws Invalid {
        Node v = m.get(key);
        return v == null ? dflt : scalar(v, prefix + "." + key);
    }

    private static int num(Map<String, Node> m, String prefix, String key, int dflt) throws Invalid {
        Node v = m.get(key);
        if (v == null) {
            return dflt;
        }
        String s = scalar(v, prefix + "." + key);
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 1 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Invalid(v, prefix + "." + key + ": " + s + " is not a port number (1..65535)");
        }
    }

    private static int line(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
