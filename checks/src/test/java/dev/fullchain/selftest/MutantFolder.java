package dev.fullchain.selftest;

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
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Mutants kept in a test-resources folder of their own because they need a fake to run
 * against (the fake Azure, the fake GitHub, the mock cluster): each file is a mutant in the
 * usual format plus one extra section for that fake ({@code fake:}, {@code cluster:}).
 */
public final class MutantFolder {

    private MutantFolder() {
    }

    /**
     * Every *.yaml of {@code folder} (e.g. "/live-mutants"), named {@code prefix + file name},
     * made into a T from the mutant and its {@code section} (empty when absent). A section
     * the maker rejects (IllegalArgumentException) is reported with the mutant's name.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> load(String folder, String prefix, String section, BiFunction<Mutant, Map<String, Object>, T> make) {
        URL url = MutantFolder.class.getResource(folder);
        if (url == null) {
            return List.of();
        }
        try (var files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder()).map(f -> {
                String name = prefix + f.getFileName().toString().replaceFirst("\\.yaml$", "");
                try {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                    Map<String, Object> extra = doc != null && doc.get(section) instanceof Map<?, ?> m
                            ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
                    return make.apply(Mutant.parse(name, text), extra);
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
