package dev.fullchain.model.observability;

import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.YamlSyntax;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The values a community chart's release is installed with in one environment: the helmfile's
 * values files and inline maps merged in order, as Helm merges {@code -f a -f b} (the chart's
 * own defaults are not known here: a key the learner did not write is absent). Each value can
 * be traced back to the file and line that set it last.
 */
public final class ReleaseValues {

    private final Map<String, Object> merged;
    private final List<SourceFile> files;
    private final Location fallback;

    ReleaseValues(Map<String, Object> merged, List<SourceFile> files, Location fallback) {
        this.merged = merged;
        this.files = List.copyOf(files);
        this.fallback = fallback;
    }

    public Map<String, Object> all() {
        return merged;
    }

    /** The value at a dotted path ("loki.schemaConfig.configs"), if every step is a map that has it. */
    public Optional<Object> get(String dotted) {
        Object at = merged;
        for (String key : dotted.split("\\.")) {
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            at = m.get(key);
        }
        return Optional.ofNullable(at);
    }

    /** The value as text (numbers and booleans as YAML wrote them), if it is a scalar. */
    public Optional<String> text(String dotted) {
        return get(dotted).filter(v -> !(v instanceof Map) && !(v instanceof List)).map(String::valueOf);
    }

    /** A whole number set at the path (as a number or a string holding one); empty when unset or not one. */
    public Optional<Integer> integer(String dotted) {
        return text(dotted).flatMap(s -> {
            try {
                return Optional.of(Integer.parseInt(s.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public Optional<Map<?, ?>> map(String dotted) {
        return get(dotted).filter(Map.class::isInstance).map(v -> (Map<?, ?>) v);
    }

    public Optional<List<?>> list(String dotted) {
        return get(dotted).filter(List.class::isInstance).map(v -> (List<?>) v);
    }

    /**
     * The line of the last values file that sets the path (else of its nearest parent that is
     * set); for a key no file sets, the last values file (where it belongs), else the release's line.
     */
    public Location locate(String dotted) {
        List<String> keys = List.of(dotted.split("\\."));
        List<SourceFile> newestFirst = new ArrayList<>(files);
        Collections.reverse(newestFirst);
        for (int depth = keys.size(); depth > 0; depth--) {
            for (SourceFile f : newestFirst) {
                int line = lineOf(f, keys.subList(0, depth));
                if (line > 0) {
                    return f.at(line);
                }
            }
        }
        return newestFirst.isEmpty() ? fallback : newestFirst.get(0).location();
    }

    /** The values files this environment reads, in order. */
    public List<SourceFile> files() {
        return files;
    }

    private static int lineOf(SourceFile file, List<String> keys) {
        Node node;
        try {
            node = YamlSyntax.compose(file.text());
        } catch (YamlSyntax.Error e) {
            return 0;
        }
        int line = 0;
        for (String key : keys) {
            if (!(node instanceof MappingNode m)) {
                return 0;
            }
            Node next = null;
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    next = t.getValueNode();
                    line = k.getStartMark().getLine() + 1;
                }
            }
            if (next == null) {
                return 0;
            }
            node = next;
        }
        return line;
    }
}
