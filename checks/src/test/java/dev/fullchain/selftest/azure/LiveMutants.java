package dev.fullchain.selftest.azure;

import dev.fullchain.selftest.Mutant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The live mutants under checks/src/test/resources/live-mutants/ (kept out of mutants/: they
 * need the fake Azure, which the main mutant runner does not start). Each is a mutant in the
 * usual format plus {@code fake:}, edits of the fake's canned state by dotted path.
 */
public final class LiveMutants {

    /** A mutant and the edits it makes to the fake Azure's state. */
    public record LiveMutant(Mutant mutant, Map<String, Object> fake) {
    }

    private LiveMutants() {
    }

    @SuppressWarnings("unchecked")
    public static List<LiveMutant> all() {
        URL url = LiveMutants.class.getResource("/live-mutants");
        if (url == null) {
            return List.of();
        }
        try (var files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder()).map(f -> {
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    String name = "live/" + f.getFileName().toString().replaceFirst("\\.yaml$", "");
                    Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                    Map<String, Object> fake = doc != null && doc.get("fake") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    return new LiveMutant(Mutant.parse(name, text), new LinkedHashMap<>(fake));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
