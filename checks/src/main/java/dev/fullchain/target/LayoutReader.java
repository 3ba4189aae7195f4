package dev.fullchain.target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    private static final long MAX_BYTES = 256 * 1024;
    private static final Set<String> TOP = Set.of("compose", "services", "images", "chart", "helmfile",
            "terraform", "workflows", "api", "frontend");
    private static final Set<String> SERVICES = Set.of("frontend", "api", "db");
    private static final Set<String> IMAGE_ROLES = Set.of("frontend", "api", "extra");
    private static final Set<String> IMAGE = Set.of("dockerfile", "context");
    private static final Set<String> TERRAFORM = Set.of("root", "bootstrap", "modules");
    private static final Set<String> WORKFLOWS = Set.of("pipeline", "infrastructure");
    private static final Set<String> API = Set.of("port", "health", "ready", "items", "metrics");
    private static final Set<String> FRONTEND = Set.of("port", "page", "proxiedItems");

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

    static Layout read(Path file) {
        Layout d = Layout.defaults();
        Location where = Location.of(Layout.FILE);
        String text;
        try {
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return d.withProblem(new BadInput(where, "is not a regular file (a link, or a special file)",
                        "a plain fullchain.yaml at the repository root, or none"));
            }
            if (Files.size(file) > MAX_BYTES) {
                return d.withProblem(new BadInput(where, "is larger than 256 KiB", "a small fullchain.yaml, or none"));
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return d.withProblem(new BadInput(where, "cannot be read: " + e.getMessage(), "a readable fullchain.yaml, or none"));
        }
        Node root;
        try {
            root = YamlSyntax.compose(text);
        } catch (YamlSyntax.Error e) {
            return d.withProblem(new BadInput(where.atLine(e.line()), "cannot be read: " + e.getMessage(),
                    "a valid fullchain.yaml (see the README, 'Checking your own repository'), or none"));
        }
        if (root == null) {
            return d;
        }
        LayoutReader reader = new LayoutReader();
        try {
            return reader.layout(root, d);
        } catch (Invalid e) {
            return d.withProblem(new BadInput(where.atLine(e.line), e.getMessage(),
                    "the keys of fullchain.yaml as the README lists them ('Checking your own repository')"));
        }
    }

    private Layout layout(Node root, Layout d) throws Invalid {
        Map<String, Node> top = mapping(root, "", TOP);
        Map<String, Node> services = optionalMapping(top.get("services"), "services", SERVICES);
        Map<String, Node> api = optionalMapping(top.get("api"), "api", API);
        Map<String, Node> fe = optionalMapping(top.get("frontend"), "frontend", FRONTEND);

        Map<String, Layout.ImageMapping> images = new LinkedHashMap<>();
        List<String> extra = new ArrayList<>();
        Node imagesNode = top.get("images");
        if (imagesNode instanceof SequenceNode seq) {
            extra.addAll(paths(seq, "images"));
        } else if (imagesNode != null) {
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

        Layout.TerraformPaths terraform = d.terraform();
        Node tf = top.get("terraform");
        if (tf instanceof ScalarNode) {
            terraform = new Layout.TerraformPaths(Optional.of(path(tf, "terraform")), Optional.empty(), Optional.empty());
            lines.put("terraform.root", line(tf));
        } else if (tf != null) {
            Map<String, Node> m = mapping(tf, "terraform", TERRAFORM);
            terraform = new Layout.TerraformPaths(optionalPath(m.get("root"), "terraform.root"),
                    optionalPath(m.get("bootstrap"), "terraform.bootstrap"), optionalPath(m.get("modules"), "terraform.modules"));
        }
        Map<String, Node> wf = optionalMapping(top.get("workflows"), "workflows", WORKFLOWS);

        return new Layout(
                optionalPath(top.get("compose"), "compose"),
                new Layout.Services(str(services, "services", "frontend", d.services().frontend()),
                        str(services, "services", "api", d.services().api()), str(services, "services", "db", d.services().db())),
                Map.copyOf(images), List.copyOf(extra),
                optionalPath(top.get("chart"), "chart"),
                optionalPath(top.get("helmfile"), "helmfile"),
                terraform,
                new Layout.WorkflowPaths(optionalPath(wf.get("pipeline"), "workflows.pipeline"),
                        optionalPath(wf.get("infrastructure"), "workflows.infrastructure")),
                new Layout.Api(num(api, "api", "port", d.api().port()), str(api, "api", "health", d.api().health()),
                        str(api, "api", "ready", d.api().ready()), str(api, "api", "items", d.api().items()),
                        str(api, "api", "metrics", d.api().metrics())),
                new Layout.Frontend(num(fe, "frontend", "port", d.frontend().port()), str(fe, "frontend", "page", d.frontend().page()),
                        str(fe, "frontend", "proxiedItems", d.frontend().proxiedItems())),
                Layout.copy(lines), Optional.empty());
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
        return n.getStartMark().getLine() + 1;
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
