package dev.fullchain.model.compose;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.YamlSyntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
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
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a compose file through SnakeYAML's node graph, so every value keeps its line.
 * Handles the short and long forms of build, ports, volumes, depends_on, environment and
 * env_file, merge keys ({@code <<: *defaults}) and include. Shapes compose would reject become a
 * BadInput naming the file and line. One file at a time: {@link ComposeLoader} merges them.
 */
final class ComposeParser {

    private static final String SPEC = "the Compose specification (https://docs.docker.com/reference/compose-file/)";

    private final SourceFile file;
    private final String directory;
    private final List<Value> interpolations = new ArrayList<>();

    private ComposeParser(SourceFile file, String directory) {
        this.file = file;
        this.directory = directory;
    }

    /** One file; {@code directory} is the project directory its services resolve relative paths from. */
    static ComposeFile parse(SourceFile file, String directory) {
        return new ComposeParser(file, directory).run();
    }

    private record Entry(ScalarNode key, Node value) {
        int line() {
            return ComposeParser.line(key);
        }
    }

    private ComposeFile run() {
        Node root;
        try {
            root = YamlSyntax.compose(file.text());
        } catch (YamlSyntax.Error e) {
            throw bad(e.line(), e.getMessage(), "valid YAML: " + SPEC);
        }
        if (root == null) {
            throw bad(0, "the file is empty", "a compose file with a services: mapping");
        }
        if (!(root instanceof MappingNode)) {
            throw bad(line(root), "the top level is " + kind(root) + ", not a mapping", "a mapping with services:, volumes:, ...");
        }
        collectInterpolations(root, Collections.newSetFromMap(new IdentityHashMap<>()));
        Map<String, Entry> top = map(root);
        List<Service> services = new ArrayList<>();
        int servicesLine = 0;
        Entry s = top.get("services");
        if (s != null) {
            servicesLine = s.line();
            if (!isNull(s.value())) {
                requireMapping(s.value(), "services");
                for (Entry e : map(s.value()).values()) {
                    services.add(service(e));
                }
            }
        }
        List<NamedVolume> volumes = new ArrayList<>();
        Entry v = top.get("volumes");
        if (v != null && !isNull(v.value())) {
            requireMapping(v.value(), "volumes");
            for (Entry e : map(v.value()).values()) {
                boolean external = false;
                if (!isNull(e.value())) {
                    requireMapping(e.value(), "volume " + e.key().getValue());
                    Entry ext = map(e.value()).get("external");
                    external = ext != null && (isNull(ext.value()) ? false : truthy(ext.value()) || ext.value() instanceof MappingNode);
                }
                volumes.add(new NamedVolume(e.key().getValue(), external, file.path(), e.line()));
            }
        }
        List<Include> includes = optional(top, "include").map(this::includes).orElse(List.of());
        return new ComposeFile(file.path(), servicesLine, List.copyOf(services), List.copyOf(volumes), List.copyOf(interpolations),
                includes);
    }

    /** include: a list of paths (short form) or of mappings with path (one or a list), project_directory, env_file. */
    private List<Include> includes(Entry e) {
        List<Include> out = new ArrayList<>();
        for (Node n : sequence(e.value(), "include")) {
            if (!(n instanceof MappingNode)) {
                out.add(new Include(List.of(value(n, "an include path")), Optional.empty(), List.of(), file.path(), line(n)));
                continue;
            }
            Map<String, Entry> m = map(n);
            Entry path = m.get("path");
            if (path == null || isNull(path.value())) {
                throw bad(line(n), "an include entry has no path", "path: the compose file to include");
            }
            out.add(new Include(values(path.value(), "include.path"),
                    optional(m, "project_directory").map(d -> value(d.value(), "include.project_directory")),
                    optional(m, "env_file").map(f -> values(f.value(), "include.env_file")).orElse(List.of()),
                    file.path(), line(n)));
        }
        return List.copyOf(out);
    }

    /** One value or a list of them. */
    private List<Value> values(Node n, String what) {
        if (n instanceof SequenceNode) {
            return sequence(n, what).stream().map(x -> value(x, what)).toList();
        }
        return List.of(value(n, what));
    }

    private Service service(Entry entry) {
        String name = entry.key().getValue();
        if (isNull(entry.value())) {
            return new Service(name, file.path(), entry.line(), directory, Optional.empty(), Optional.empty(), List.of(), List.of(),
                    Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), List.of());
        }
        requireMapping(entry.value(), "service " + name);
        Map<String, Entry> m = map(entry.value());
        return new Service(name, file.path(), entry.line(), directory,
                optional(m, "image").map(e -> value(e.value(), "image")),
                optional(m, "build").map(this::build),
                optional(m, "ports").map(this::ports).orElse(List.of()),
                optional(m, "volumes").map(this::mounts).orElse(List.of()),
                optional(m, "healthcheck").map(this::healthcheck),
                optional(m, "depends_on").map(this::dependsOn).orElse(List.of()),
                optional(m, "environment").map(e -> envVars(e, "environment")).orElse(List.of()),
                optional(m, "env_file").map(this::envFiles).orElse(List.of()),
                optional(m, "network_mode").map(e -> value(e.value(), "network_mode")),
                optional(m, "profiles").map(e -> sequence(e.value(), "profiles").stream().map(n -> scalar(n, "a profile")).toList())
                        .orElse(List.of()));
    }

    private static Optional<Entry> optional(Map<String, Entry> m, String key) {
        return Optional.ofNullable(m.get(key)).filter(e -> !isNull(e.value()));
    }

    private Build build(Entry e) {
        if (e.value() instanceof ScalarNode) {
            return new Build(Optional.of(value(e.value(), "build")), Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                    file.path(), e.line());
        }
        requireMapping(e.value(), "build");
        Map<String, Entry> m = map(e.value());
        return new Build(optional(m, "context").map(c -> value(c.value(), "build.context")),
                optional(m, "dockerfile").map(d -> value(d.value(), "build.dockerfile")),
                optional(m, "dockerfile_inline").map(d -> value(d.value(), "build.dockerfile_inline")),
                optional(m, "args").map(a -> envVars(a, "build.args")).orElse(List.of()),
                optional(m, "target").map(t -> value(t.value(), "build.target")),
                file.path(), e.line());
    }

    private List<Port> ports(Entry e) {
        List<Port> out = new ArrayList<>();
        for (Node n : sequence(e.value(), "ports")) {
            out.add(n instanceof MappingNode ? longPort(n) : shortPort(n));
        }
        return List.copyOf(out);
    }

    private Port shortPort(Node n) {
        String raw = scalar(n, "a port");
        String spec = raw;
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
        }
        Optional<String> ip = Optional.empty();
        List<String> parts;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != ':') {
                throw badPort(n, raw);
            }
            ip = Optional.of(spec.substring(1, close));
            parts = Interpolation.splitColons(spec.substring(close + 2));
            if (parts.size() != 2) {
                throw badPort(n, raw);
            }
        } else {
            parts = Interpolation.splitColons(spec);
            if (parts.size() == 3) {
                ip = Optional.of(parts.get(0));
                parts = parts.subList(1, 3);
            } else if (parts.size() > 3 || spec.isBlank()) {
                throw badPort(n, raw);
            }
        }
        Optional<String> published = parts.size() == 2 ? Optional.of(parts.get(0)).filter(p -> !p.isEmpty()) : Optional.empty();
        String target = parts.get(parts.size() - 1);
        if (target.isEmpty()) {
            throw badPort(n, raw);
        }
        return new Port(raw, ip.filter(x -> !x.isEmpty()), published, target, protocol, Interpolation.isInterpolated(raw), file.path(), line(n));
    }

    private BadInput badPort(Node n, String raw) {
        return bad(line(n), "port '" + raw + "' is not [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]",
                "a port such as \"8080:80\", \"127.0.0.1:8080:80\" or the long form with target/published");
    }

    private Port longPort(Node n) {
        Map<String, Entry> m = map(n);
        Entry target = m.get("target");
        if (target == null || isNull(target.value())) {
            throw bad(line(n), "a port in long form has no target", "target: the container port");
        }
        Optional<String> published = optional(m, "published").map(p -> scalar(p.value(), "published"));
        Optional<String> ip = optional(m, "host_ip").map(p -> scalar(p.value(), "host_ip"));
        String protocol = optional(m, "protocol").map(p -> scalar(p.value(), "protocol")).orElse("tcp");
        String raw = ip.map(x -> x + ":").orElse("") + published.map(p -> p + ":").orElse("") + scalar(target.value(), "target");
        boolean interpolated = m.values().stream().anyMatch(x -> x.value() instanceof ScalarNode s && Interpolation.isInterpolated(s.getValue()));
        return new Port(raw, ip, published, scalar(target.value(), "target"), protocol, interpolated, file.path(), line(n));
    }

    private List<Mount> mounts(Entry e) {
        List<Mount> out = new ArrayList<>();
        for (Node n : sequence(e.value(), "volumes")) {
            out.add(n instanceof MappingNode ? longMount(n) : shortMount(n));
        }
        return List.copyOf(out);
    }

    private Mount shortMount(Node n) {
        String raw = scalar(n, "a volume");
        List<String> parts = Interpolation.splitColons(raw);
        // A Windows drive letter (C:\data:/data) splits into one part too many.
        if (parts.size() > 2 && parts.get(0).matches("[A-Za-z]") && parts.get(1).startsWith("\\")) {
            List<String> joined = new ArrayList<>();
            joined.add(parts.get(0) + ":" + parts.get(1));
            joined.addAll(parts.subList(2, parts.size()));
            parts = joined;
        }
        boolean interpolated = Interpolation.isInterpolated(raw);
        if (parts.size() == 1) {
            return new Mount(Mount.Kind.ANONYMOUS, Optional.empty(), parts.get(0), false, raw, interpolated, file.path(), line(n));
        }
        if (parts.size() > 3 || parts.get(0).isEmpty() || parts.get(1).isEmpty()) {
            throw bad(line(n), "volume '" + raw + "' is not [SOURCE:]TARGET[:MODE]", "a volume such as db-data:/var/lib/postgresql/data");
        }
        String source = parts.get(0);
        boolean ro = parts.size() == 3 && List.of(parts.get(2).split(",")).contains("ro");
        return new Mount(sourceKind(source), Optional.of(source), parts.get(1), ro, raw, interpolated, file.path(), line(n));
    }

    /** A path (., /, ~, drive letter) is a bind mount; a plain name is a named volume. */
    private static Mount.Kind sourceKind(String source) {
        String s = source;
        if (Interpolation.isInterpolated(source)) {
            Optional<String> withDefaults = Interpolation.resolve(source, name -> Optional.empty());
            if (withDefaults.isEmpty() || withDefaults.get().isEmpty()) {
                return Mount.Kind.OTHER;
            }
            s = withDefaults.get();
        }
        if (s.startsWith(".") || s.startsWith("/") || s.startsWith("~") || s.matches("[A-Za-z]:\\\\.*")) {
            return Mount.Kind.BIND;
        }
        return Mount.Kind.NAMED;
    }

    private Mount longMount(Node n) {
        Map<String, Entry> m = map(n);
        String type = optional(m, "type").map(t -> scalar(t.value(), "type")).orElse("volume");
        Optional<String> source = optional(m, "source").map(t -> scalar(t.value(), "source")).filter(x -> !x.isEmpty());
        Entry target = m.get("target");
        if (target == null || isNull(target.value())) {
            throw bad(line(n), "a volume in long form has no target", "target: the path in the container");
        }
        String tgt = scalar(target.value(), "target");
        boolean ro = optional(m, "read_only").map(r -> truthy(r.value())).orElse(false);
        Mount.Kind kind = switch (type) {
            case "volume" -> source.isPresent() ? Mount.Kind.NAMED : Mount.Kind.ANONYMOUS;
            case "bind" -> Mount.Kind.BIND;
            case "tmpfs" -> Mount.Kind.TMPFS;
            default -> Mount.Kind.OTHER;
        };
        String raw = type + ":" + source.orElse("") + ":" + tgt;
        boolean interpolated = Interpolation.isInterpolated(source.orElse("") + tgt);
        return new Mount(kind, source, tgt, ro, raw, interpolated, file.path(), line(n));
    }

    private Healthcheck healthcheck(Entry e) {
        requireMapping(e.value(), "healthcheck");
        Map<String, Entry> m = map(e.value());
        List<String> test = List.of();
        Optional<Entry> t = optional(m, "test");
        if (t.isPresent()) {
            if (t.get().value() instanceof ScalarNode) {
                test = List.of("CMD-SHELL", scalar(t.get().value(), "test"));
            } else {
                test = sequence(t.get().value(), "healthcheck.test").stream().map(x -> scalar(x, "a test word")).toList();
            }
        }
        boolean disabled = optional(m, "disable").map(d -> truthy(d.value())).orElse(false)
                || (!test.isEmpty() && test.get(0).equalsIgnoreCase("NONE"));
        return new Healthcheck(test, disabled, file.path(), e.line());
    }

    private List<Dependency> dependsOn(Entry e) {
        List<Dependency> out = new ArrayList<>();
        if (e.value() instanceof SequenceNode) {
            for (Node n : sequence(e.value(), "depends_on")) {
                out.add(new Dependency(scalar(n, "a service name"), Dependency.STARTED, file.path(), line(n)));
            }
        } else {
            requireMapping(e.value(), "depends_on");
            for (Entry d : map(e.value()).values()) {
                String condition = Dependency.STARTED;
                if (!isNull(d.value())) {
                    requireMapping(d.value(), "depends_on." + d.key().getValue());
                    condition = optional(map(d.value()), "condition").map(c -> scalar(c.value(), "condition")).orElse(Dependency.STARTED);
                }
                out.add(new Dependency(d.key().getValue(), condition, file.path(), d.line()));
            }
        }
        return List.copyOf(out);
    }

    private List<EnvVar> envVars(Entry e, String what) {
        List<EnvVar> out = new ArrayList<>();
        if (e.value() instanceof SequenceNode) {
            for (Node n : sequence(e.value(), what)) {
                String item = scalar(n, "an " + what + " entry");
                int eq = item.indexOf('=');
                out.add(eq < 0 ? new EnvVar(item, Optional.empty(), file.path(), line(n))
                        : new EnvVar(item.substring(0, eq), Optional.of(Value.of(item.substring(eq + 1), file.path(), line(n))),
                        file.path(), line(n)));
            }
        } else {
            requireMapping(e.value(), what);
            for (Entry v : map(e.value()).values()) {
                out.add(new EnvVar(v.key().getValue(),
                        isNull(v.value()) ? Optional.empty() : Optional.of(value(v.value(), what + "." + v.key().getValue())),
                        file.path(), v.line()));
            }
        }
        return List.copyOf(out);
    }

    private List<EnvFileRef> envFiles(Entry e) {
        if (e.value() instanceof ScalarNode) {
            return List.of(new EnvFileRef(scalar(e.value(), "env_file"), true, file.path(), e.line()));
        }
        List<EnvFileRef> out = new ArrayList<>();
        for (Node n : sequence(e.value(), "env_file")) {
            if (n instanceof MappingNode) {
                Map<String, Entry> m = map(n);
                Entry p = m.get("path");
                if (p == null || isNull(p.value())) {
                    throw bad(line(n), "an env_file entry has no path", "path: the env file");
                }
                out.add(new EnvFileRef(scalar(p.value(), "path"), optional(m, "required").map(r -> truthy(r.value())).orElse(true),
                        file.path(), line(n)));
            } else {
                out.add(new EnvFileRef(scalar(n, "an env_file entry"), true, file.path(), line(n)));
            }
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ node helpers

    private void collectInterpolations(Node n, Set<Node> seen) {
        if (!seen.add(n)) {
            return;
        }
        if (n instanceof ScalarNode s) {
            if (Interpolation.isInterpolated(s.getValue())) {
                interpolations.add(new Value(s.getValue(), file.path(), line(s), true));
            }
        } else if (n instanceof SequenceNode q) {
            q.getValue().forEach(x -> collectInterpolations(x, seen));
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                collectInterpolations(t.getValueNode(), seen);
            }
        }
    }

    /** The entries of a mapping, with merge keys applied (explicit keys win) and duplicates refused. */
    private Map<String, Entry> map(Node n) {
        requireMapping(n, "this value");
        Map<String, Entry> explicit = new LinkedHashMap<>();
        Map<String, Entry> merged = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw bad(line(t.getKeyNode()), "a key is " + kind(t.getKeyNode()), "plain string keys");
            }
            if (k.getTag().equals(Tag.MERGE) || (k.getValue().equals("<<") && k.getScalarStyle().getChar() == null)) {
                List<Node> sources = t.getValueNode() instanceof SequenceNode s ? s.getValue() : List.of(t.getValueNode());
                for (Node src : sources) {
                    map(src).forEach(merged::putIfAbsent);
                }
                continue;
            }
            if (explicit.put(k.getValue(), new Entry(k, t.getValueNode())) != null) {
                throw bad(line(k), "duplicate key '" + k.getValue() + "'", "each key once per mapping");
            }
        }
        Map<String, Entry> out = new LinkedHashMap<>(merged);
        out.putAll(explicit);
        return out;
    }

    private void requireMapping(Node n, String what) {
        if (!(n instanceof MappingNode)) {
            throw bad(line(n), what + " is " + kind(n) + ", not a mapping", what + " as a mapping (key: value), see " + SPEC);
        }
    }

    private List<Node> sequence(Node n, String what) {
        if (!(n instanceof SequenceNode s)) {
            throw bad(line(n), what + " is " + kind(n) + ", not a list", what + " as a list (- item), see " + SPEC);
        }
        return s.getValue();
    }

    private String scalar(Node n, String what) {
        if (!(n instanceof ScalarNode s)) {
            throw bad(line(n), what + " is " + kind(n) + ", not a single value", what + " as a string or number");
        }
        return s.getValue();
    }

    private Value value(Node n, String what) {
        return Value.of(scalar(n, what), file.path(), line(n));
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static boolean truthy(Node n) {
        return n instanceof ScalarNode s && List.of("true", "yes", "on", "y").contains(s.getValue().toLowerCase());
    }

    static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "empty" : "a single value";
    }

    private BadInput bad(int line, String problem, String expected) {
        return new BadInput(new Location(file.path(), line), problem, expected);
    }
}
