package dev.fullchain.selftest.github;

import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.azure.LiveMutants.LiveMutant;
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
 * The GitHub live mutants under checks/src/test/resources/github-live-mutants/: the usual
 * mutant format plus {@code fake:}, edits of the fake GitHub's canned state by dotted path
 * (array elements by index; null removes). Same shape as the Azure live mutants.
 */
public final class GitHubLiveMutants {

    static final String FOLDER = "/github-live-mutants";

    private GitHubLiveMutants() {
    }

    @SuppressWarnings("unchecked")
    public static List<LiveMutant> all() {
        URL url = GitHubLiveMutants.class.getResource(FOLDER);
        if (url == null) {
            return List.of();
        }
        try (var files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder()).map(f -> {
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    String name = "github-live/" + f.getFileName().toString().replaceFirst("\\.yaml$", "");
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
