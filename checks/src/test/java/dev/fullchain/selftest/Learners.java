package dev.fullchain.selftest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The correct learner repositories of the self-tests (test resources learners/&lt;name&gt;/), and the days each covers. */
public final class Learners {

    /** A repository and the days it has done; the other days are not started. */
    public record Learner(String name, Path root, Set<Integer> daysDone) {
    }

    private Learners() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("basedir", ".")).resolve("checks/src/test/resources/learners").toAbsolutePath().normalize();
    }

    public static Learner get(String name) {
        Path root = dir().resolve(name);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no learner repository " + name + " under " + dir());
        }
        Set<Integer> done = switch (name) {
            case "halfway" -> Set.of(1, 2);
            case "kestrel", "northwind" -> Set.of(1, 2, 3, 4, 5);
            default -> Set.of(1, 2, 3, 4);
        };
        return new Learner(name, root, new TreeSet<>(done));
    }

    public static List<Learner> all() {
        return List.of(get("northwind"), get("kestrel"), get("halfway"));
    }
}
