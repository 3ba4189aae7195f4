package dev.fullchain.target;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A file's YAML as a node tree (lines kept; the reader that walks it tells duplicate keys) or
 * as plain data (duplicate keys refused unless asked), or the syntax error
 * said the way learners need it: the line, the problem, and where the unclosed construct
 * started when that is another line.
 *
 * <p>Aliases are bounded by what they expand to, not by how many there are: a compose file
 * that merges one {@code x-common: &common} anchor into fifty services is ordinary YAML, while
 * nine levels of nine aliases (the "billion laughs") expand to hundreds of millions of nodes.
 * Every reader that walks a tree, follows aliases as if they were copies, so the expanded size
 * is the work they do. The one place all YAML of a target is read through.
 */
public final class YamlSyntax {

    /**
     * The most nodes a document may have once every alias is expanded. A large real compose
     * file, workflow or values file has a few thousand; 250,000 leaves room for generous
     * anchors and still bounds a walk to well under a second.
     */
    public static final int MAX_EXPANDED_NODES = 250_000;

    /**
     * How many aliases SnakeYAML lets a document hold. Its default (50) refuses ordinary
     * merges; the real bound is {@link #MAX_EXPANDED_NODES}, this one only keeps the
     * composer's own bookkeeping small.
     */
    static final int MAX_ALIASES = 20_000;

    /**
     * How deep a tree may nest once aliases are expanded. SnakeYAML bounds the nesting of the
     * text (50 levels); an alias chain nests further without nesting in the text, and every
     * reader recurses that deep. 200 is far beyond any real file.
     */
    public static final int MAX_EXPANDED_DEPTH = 200;

    /** What is wrong with the text: 1-based line (0 when unknown) and the problem in words. */
    public static final class Error extends Exception {
        private final int line;

        Error(int line, String problem) {
            super(problem, null, false, false);
            this.line = line;
        }

        public int line() {
            return line;
        }

        /**
         * Whether the text is valid YAML that goes past a bound (expansion, depth, a self
         * containing alias), rather than text that does not parse: a tool that reads the file
         * itself would still read it, so fullchain must not hand it over.
         */
        public boolean isBeyondBounds() {
            return !getMessage().startsWith(SYNTAX);
        }
    }

    private static final String SYNTAX = "not valid YAML: ";

    private YamlSyntax() {
    }

    /** The root node, null for an empty document. */
    public static Node compose(String text) throws Error {
        Node root = guarded(() -> new Yaml(new SafeConstructor(options(false))).compose(new StringReader(text)));
        if (root != null) {
            requireBoundedExpansion(root);
        }
        return root;
    }

    /** Every document of a multi-document stream (empty ones left out), each bounded as {@link #compose} bounds one. */
    public static List<Node> composeAll(String text, boolean allowDuplicateKeys) throws Error {
        List<Node> out = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(options(allowDuplicateKeys)));
        Iterable<Node> docs = guarded(() -> yaml.composeAll(new StringReader(text)));
        // composeAll is lazy: errors surface while iterating, so iterate under the same guard.
        guarded(() -> {
            for (Node doc : docs) {
                if (doc != null && !(doc instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    out.add(doc);
                }
            }
            return null;
        });
        for (Node doc : out) {
            requireBoundedExpansion(doc);
        }
        return out;
    }

    /**
     * One document as plain Java data (maps, lists, scalars), null for an empty one. With
     * {@code allowDuplicateKeys} the last value of a repeated key wins, as Helm does.
     */
    public static Object load(String text, boolean allowDuplicateKeys) throws Error {
        Node root = guarded(() -> new Yaml(new SafeConstructor(options(allowDuplicateKeys))).compose(new StringReader(text)));
        if (root == null) {
            return null;
        }
        requireBoundedExpansion(root);
        return guarded(() -> new Yaml(new SafeConstructor(options(allowDuplicateKeys))).load(text));
    }

    private static LoaderOptions options(boolean allowDuplicateKeys) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(allowDuplicateKeys);
        options.setWarnOnDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        return options;
    }

    private interface Parse<T> {
        T run();
    }

    private static <T> T guarded(Parse<T> parse) throws Error {
        try {
            return parse.run();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("");
            String context = e.getContext() == null ? "" : " (" + e.getContext()
                    + (e.getContextMark() != null && mark != null && e.getContextMark().getLine() != mark.getLine()
                    ? " that starts on line " + (e.getContextMark().getLine() + 1) : "") + ")";
            throw new Error(mark == null ? 0 : mark.getLine() + 1, SYNTAX + problem + context);
        } catch (YAMLException e) {
            throw new Error(0, SYNTAX + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Counts the nodes of the tree, and its depth, as a reader that follows aliases sees them.
     * Each distinct node is sized once (an alias shares its anchor's node), so counting costs
     * the size of the text, not of the expansion. A node that contains itself expands without end.
     */
    static void requireBoundedExpansion(Node root) throws Error {
        Map<Node, Expanded> known = new IdentityHashMap<>();
        Expanded whole = expanded(root, known, 1);
        if (whole.nodes() > MAX_EXPANDED_NODES) {
            throw new Error(0, known.size() > MAX_EXPANDED_NODES
                    ? "has more than " + MAX_EXPANDED_NODES + " nodes: fullchain reads no further"
                    : "expands to more than " + MAX_EXPANDED_NODES + " nodes through aliases (*name refers to &name):"
                    + " fullchain reads no further");
        }
        if (whole.depth() > MAX_EXPANDED_DEPTH) {
            throw tooDeep(root);
        }
    }

    /** A subtree once its aliases are expanded: how many nodes, how many levels. */
    private record Expanded(long nodes, int depth) {
    }

    /** Marks a node whose size is being computed: met again, it contains itself. */
    private static final Expanded IN_PROGRESS = new Expanded(-1, -1);

    private static Expanded expanded(Node n, Map<Node, Expanded> known, int level) throws Error {
        if (level > MAX_EXPANDED_DEPTH) {
            throw tooDeep(n);
        }
        Expanded k = known.get(n);
        if (k == IN_PROGRESS) {
            throw new Error(line(n), "an alias refers to a value that contains it, so it expands without end");
        }
        if (k != null) {
            if (level + k.depth() - 1 > MAX_EXPANDED_DEPTH) {
                throw tooDeep(n);
            }
            return k;
        }
        known.put(n, IN_PROGRESS);
        List<Node> children = new ArrayList<>();
        if (n instanceof SequenceNode s) {
            children.addAll(s.getValue());
        } else if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                children.add(t.getKeyNode());
                children.add(t.getValueNode());
            }
        }
        long nodes = 1;
        int depth = 1;
        for (Node child : children) {
            Expanded c = expanded(child, known, level + 1);
            // Sizes stop growing past the limit, so nine levels of nine never overflow a long.
            nodes = Math.min(nodes + c.nodes(), MAX_EXPANDED_NODES + 1L);
            depth = Math.max(depth, c.depth() + 1);
        }
        Expanded e = new Expanded(nodes, depth);
        known.put(n, e);
        return e;
    }

    private static Error tooDeep(Node n) {
        return new Error(line(n), "nests deeper than " + MAX_EXPANDED_DEPTH + " levels once aliases are expanded: fullchain reads no further");
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
