package dev.fullchain.model.helm;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.YamlSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A helmfile read as data, not rendered: environments, repositories and releases with their
 * lines. Go template expressions ({{ ... }}) stay as text; lines holding only a template
 * action ({{ if }}, {{ end }}) are skipped. Several YAML documents (---) are read in order,
 * as Helmfile v1 layers them. Read through {@link YamlSyntax}: aliases are bounded by what
 * they expand to, and a syntax error names the line.
 */
public final class Helmfile {

    private static final String DOCS = "a helmfile (https://helmfile.readthedocs.io/)";
    private static final Pattern ACTION = Pattern.compile("\\{\\{.*?}}");
    private static final Pattern PLACEHOLDER = Pattern.compile("__tpl(\\d+)__");
    private static final Pattern ACTION_ONLY_LINE = Pattern.compile("(?m)^\\s*\\{\\{.*}}\\s*$");

    private final SourceFile file;
    private final List<HelmfileEnvironment> environments;
    private final List<HelmfileRepository> repositories;
    private final List<HelmfileRelease> releases;
    private final List<Nested> nested;

    /** A state file this one pulls in with helmfiles: (its path relative to the root, and where it is written). */
    public record Nested(String path, Location location) {
    }

    private Helmfile(SourceFile file, List<HelmfileEnvironment> environments, List<HelmfileRepository> repositories,
                     List<HelmfileRelease> releases, List<Nested> nested) {
        this.file = file;
        this.environments = environments;
        this.repositories = repositories;
        this.releases = releases;
        this.nested = nested;
    }

    public String path() {
        return file.path();
    }

    public SourceFile file() {
        return file;
    }

    public List<HelmfileEnvironment> environments() {
        return environments;
    }

    public Optional<HelmfileEnvironment> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<HelmfileRepository> repositories() {
        return repositories;
    }

    public List<HelmfileRelease> releases() {
        return releases;
    }

    public Optional<HelmfileRelease> release(String name) {
        return releases.stream().filter(r -> name.equals(r.name())).findFirst();
    }

    /** The local state files listed under helmfiles: (a glob, a template or a remote one is not listed). */
    public List<Nested> nested() {
        return nested;
    }

    /**
     * This state file with the ones it pulls in: their releases first (Helmfile applies the
     * nested states before this file's releases), each release keeping its own file's folder
     * for its paths; the environments and messages are this file's.
     */
    static Helmfile withNested(Helmfile parent, List<Helmfile> children) {
        if (children.isEmpty()) {
            return parent;
        }
        List<HelmfileRepository> repositories = new ArrayList<>(parent.repositories);
        List<HelmfileRelease> releases = new ArrayList<>();
        for (Helmfile c : children) {
            repositories.addAll(c.repositories);
            releases.addAll(c.releases);
        }
        releases.addAll(parent.releases);
        return new Helmfile(parent.file, parent.environments, List.copyOf(repositories), List.copyOf(releases), parent.nested);
    }

    /** Several state files (helmfile.d/) read as one, in order; messages name the first. */
    static Helmfile parse(List<SourceFile> files) {
        List<Helmfile> parts = files.stream().map(Helmfile::parse).toList();
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<HelmfileEnvironment> environments = new ArrayList<>();
        List<HelmfileRepository> repositories = new ArrayList<>();
        List<HelmfileRelease> releases = new ArrayList<>();
        List<Nested> nested = new ArrayList<>();
        for (Helmfile h : parts) {
            h.environments.stream().filter(e -> environments.stream().noneMatch(x -> x.name().equals(e.name())))
                    .forEach(environments::add);
            repositories.addAll(h.repositories);
            releases.addAll(h.releases);
            nested.addAll(h.nested);
        }
        return new Helmfile(files.get(0), List.copyOf(environments), List.copyOf(repositories), List.copyOf(releases),
                List.copyOf(nested));
    }

    static Helmfile parse(SourceFile file) {
        // Template expressions become plain placeholders on the same line, so YAML parses and lines stay;
        // they are put back in every value read.
        List<String> actions = new ArrayList<>();
        String text = ACTION_ONLY_LINE.matcher(file.text()).replaceAll("");
        Matcher m = ACTION.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            actions.add(m.group());
            m.appendReplacement(sb, "__tpl" + (actions.size() - 1) + "__");
        }
        m.appendTail(sb);
        String dir = file.path().contains("/") ? file.path().substring(0, file.path().lastIndexOf('/')) : "";

        List<HelmfileEnvironment> environments = new ArrayList<>();
        List<HelmfileRepository> repositories = new ArrayList<>();
        List<HelmfileRelease> releases = new ArrayList<>();
        List<Nested> nested = new ArrayList<>();
        List<Node> docs;
        try {
            docs = YamlSyntax.composeAll(sb.toString(), false);
        } catch (YamlSyntax.Error e) {
            throw new BadInput(file.at(e.line()), restore(e.getMessage(), actions), DOCS);
        }
        for (Node doc : docs) {
            if (!(doc instanceof MappingNode root)) {
                throw new BadInput(file.at(line(doc)), "a document is not a mapping", DOCS);
            }
            for (NodeTuple t : root.getValue()) {
                String key = scalar(t.getKeyNode(), actions);
                Node value = t.getValueNode();
                switch (key == null ? "" : key) {
                    case "environments" -> {
                        if (value instanceof MappingNode envs) {
                            for (NodeTuple e : envs.getValue()) {
                                Object data = data(e.getValueNode(), actions);
                                List<Object> values = data instanceof Map<?, ?> map && map.get("values") instanceof List<?> l
                                        ? List.copyOf(l) : List.of();
                                environments.add(new HelmfileEnvironment(scalar(e.getKeyNode(), actions), values,
                                        file.at(line(e.getKeyNode()))));
                            }
                        }
                    }
                    case "repositories" -> {
                        for (Node r : items(value)) {
                            Map<String, Object> map = map(data(r, actions));
                            repositories.add(new HelmfileRepository(str(map.get("name")), str(map.get("url")),
                                    Boolean.TRUE.equals(map.get("oci")), file.at(line(r))));
                        }
                    }
                    case "releases" -> {
                        for (Node r : items(value)) {
                            Map<String, Object> map = map(data(r, actions));
                            List<Object> values = map.get("values") instanceof List<?> l ? List.copyOf(l) : List.of();
                            Node chart = valueOf(r, "chart", actions);
                            List<Location> valuesAt = items(valueOf(r, "values", actions)).stream().map(v -> file.at(line(v))).toList();
                            releases.add(new HelmfileRelease(str(map.get("name")), str(map.get("namespace")),
                                    str(map.get("chart")), Optional.ofNullable(str(map.get("version"))), values,
                                    map, file.at(line(r)), dir, chart == null ? file.at(line(r)) : file.at(line(chart)), valuesAt));
                        }
                    }
                    case "helmfiles" -> {
                        for (Node n : items(value)) {
                            Object item = data(n, actions);
                            Object path = item instanceof Map<?, ?> entry ? entry.get("path") : item;
                            if (path instanceof String p && !p.contains("{{") && !p.contains("::") && !p.matches(".*[*?\\[].*")) {
                                nested.add(new Nested(resolve(dir, p), file.at(line(n))));
                            }
                        }
                    }
                    default -> {
                        // helmDefaults, bases, templates, ...: not modelled yet
                    }
                }
            }
        }
        return new Helmfile(file, List.copyOf(environments), List.copyOf(repositories), List.copyOf(releases),
                List.copyOf(nested));
    }

    /** A path written in a state file, relative to the root (a nested state file's path is relative to its parent's folder). */
    private static String resolve(String dir, String path) {
        java.nio.file.Path p = path.startsWith("/") ? java.nio.file.Path.of(path) : java.nio.file.Path.of(dir.isEmpty() ? path : dir + "/" + path);
        p = p.normalize();
        return p.toString().replace('\\', '/');
    }

    /** The value node of a key of a mapping node (the last, as the data reading keeps it), or null. */
    private static Node valueOf(Node mapping, String key, List<String> actions) {
        Node found = null;
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(scalar(t.getKeyNode(), actions))) {
                    found = t.getValueNode();
                }
            }
        }
        return found;
    }

    private static List<Node> items(Node node) {
        return node instanceof SequenceNode seq ? seq.getValue() : List.of();
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object data) {
        return data instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static String scalar(Node node, List<String> actions) {
        return node instanceof ScalarNode s ? restore(s.getValue(), actions) : null;
    }

    /** The node as plain data (maps, lists, strings), template expressions restored, merge keys ({@code <<: *defaults}) applied. */
    private static Object data(Node node, List<String> actions) {
        if (node instanceof ScalarNode s) {
            String v = restore(s.getValue(), actions);
            return Tag.NULL.equals(s.getTag()) ? null : v;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(data(n, actions)));
            return out;
        }
        if (node instanceof MappingNode map) {
            // explicit keys win over merged ones, and the first merged source over later ones, as YAML's merge says
            Map<String, Object> explicit = new LinkedHashMap<>();
            Map<String, Object> merged = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (isMergeKey(t.getKeyNode())) {
                    List<Node> sources = t.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(t.getValueNode());
                    for (Node source : sources) {
                        if (data(source, actions) instanceof Map<?, ?> m) {
                            m.forEach((k, v) -> merged.putIfAbsent(String.valueOf(k), v));
                        }
                    }
                } else {
                    explicit.put(scalar(t.getKeyNode(), actions), data(t.getValueNode(), actions));
                }
            }
            Map<String, Object> out = new LinkedHashMap<>(merged);
            out.putAll(explicit);
            return out;
        }
        return null;
    }

    private static boolean isMergeKey(Node key) {
        return key instanceof ScalarNode k && (k.getTag().equals(Tag.MERGE) || k.getValue().equals("<<") && k.getScalarStyle().getChar() == null);
    }

    private static String restore(String s, List<String> actions) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(actions.get(Integer.parseInt(m.group(1)))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return file.path();
    }
}
