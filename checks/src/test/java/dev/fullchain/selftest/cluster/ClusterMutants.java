package dev.fullchain.selftest.cluster;

import dev.fullchain.selftest.Mutant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The cluster mutants under checks/src/test/resources/cluster-mutants/ (kept out of mutants/:
 * they need the mock cluster, which the main mutant runner does not start). Each is a mutant
 * in the usual format (edits of the fixtures, such as a chart defect) plus {@code cluster:},
 * what goes wrong in the cluster itself ({@link ClusterFaults}).
 */
public final class ClusterMutants {

    /** A mutant and the faults of the cluster it runs against. */
    public record ClusterMutant(Mutant mutant, ClusterFaults faults) {
    }

    private ClusterMutants() {
    }

    @SuppressWarnings("unchecked")
    public static List<ClusterMutant> all() {
        URL url = ClusterMutants.class.getResource("/cluster-mutants");
        if (url == null) {
            return List.of();
        }
        try (var files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder()).map(f -> {
                String name = "cluster/" + f.getFileName().toString().replaceFirst("\\.yaml$", "");
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                    Map<String, Object> cluster = doc != null && doc.get("cluster") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    return new ClusterMutant(Mutant.parse(name, text), ClusterFaults.from(cluster));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
