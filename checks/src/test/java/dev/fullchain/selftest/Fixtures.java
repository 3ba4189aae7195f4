package dev.fullchain.selftest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Where the reference fixtures and the mutant declarations are, for self-tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The bundled reference week (whatever -Dtarget says: mutants are always made from the reference). */
    public static Path root() {
        return Path.of(System.getProperty("basedir", ".")).resolve("fixtures").toAbsolutePath().normalize();
    }

    /** Every mutant declared under mutants/&lt;folder&gt;/ on the test classpath, by file name. */
    public static List<Mutant> mutants(String folder) {
        URL url = Fixtures.class.getResource("/mutants/" + folder);
        if (url == null) {
            return List.of();
        }
        try (var files = Files.list(Path.of(url.toURI()))) {
            List<Mutant> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted(Comparator.naturalOrder()).toList()) {
                String name = folder + "/" + f.getFileName().toString().replaceFirst("\\.yaml$", "");
                out.add(Mutant.parse(name, Files.readString(f, StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every mutant, whatever its folder. */
    public static List<Mutant> allMutants() {
        URL url = Fixtures.class.getResource("/mutants");
        if (url == null) {
            return List.of();
        }
        try (var dirs = Files.list(Path.of(url.toURI()))) {
            List<Mutant> out = new ArrayList<>();
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                out.addAll(mutants(d.getFileName().toString()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
