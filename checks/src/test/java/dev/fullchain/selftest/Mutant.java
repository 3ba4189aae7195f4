package dev.fullchain.selftest;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.criteria.Tier;
import dev.fullchain.selection.Selection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A copy of the reference fixtures with one deliberate defect, declared in YAML
 * (checks/src/test/resources/mutants/): which criteria it must make fail ({@code kills}),
 * which others it may also fail ({@code also}), strings each killed message must contain
 * ({@code mentions}), the outcome the killed criteria must read ({@code outcome}: failed by
 * default; missing, blocked or cannot tell for absent, unreadable or uncomputable input),
 * the repository it starts from ({@code base}: fixtures by default, or learners/&lt;name&gt;),
 * and the edits that make it. See MutantsTest for how it is judged.
 */
public record Mutant(String name, String why, List<String> kills, List<String> also, List<String> mentions,
                     boolean emptyTarget, List<Map<String, Object>> edits, Outcome.Status outcome, String base) {

    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "dist", ".terraform", "__pycache__");

    @SuppressWarnings("unchecked")
    public static Mutant parse(String name, String yaml) {
        Map<String, Object> m = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (m == null || !(m.get("kills") instanceof List<?>)) {
            throw new IllegalArgumentException(name + ": a mutant needs `kills: [ID, ...]`");
        }
        List<String> kills = strings(m.get("kills"));
        for (String id : kills) {
            Catalog.get().require(id);
        }
        return new Mutant(name, String.valueOf(m.getOrDefault("why", "")), kills, strings(m.get("also")),
                strings(m.get("mentions")), Boolean.TRUE.equals(m.get("empty-target")),
                m.get("edits") == null ? List.of() : (List<Map<String, Object>>) m.get("edits"),
                Outcome.Status.parse(name, String.valueOf(m.getOrDefault("outcome", "failed"))),
                String.valueOf(m.getOrDefault("base", "fixtures")));
    }

    /** The days and tiers to run: the killed criteria's days, every tier up to the highest killed one. */
    public Selection selection() {
        Set<Integer> days = new TreeSet<>();
        Tier highest = Tier.STATIC;
        for (String id : kills) {
            CriterionSpec spec = Catalog.get().require(id);
            days.add(spec.day());
            if (spec.tier().compareTo(highest) > 0) {
                highest = spec.tier();
            }
        }
        return new Selection(days, EnumSet.range(Tier.STATIC, highest));
    }

    /** Builds the mutated copy of {@code fixtures} under {@code workDir} and returns its root. */
    public Path materialise(Path fixtures, Path workDir) {
        Path root = workDir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectories(root);
            if (emptyTarget) {
                return root;
            }
            copyTree(base.equals("fixtures") ? fixtures : Learners.get(base.replaceFirst("^learners/", "")).root(), root);
            for (Map<String, Object> edit : edits) {
                apply(root, edit);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(Path root, Map<String, Object> edit) throws IOException {
        String rel = String.valueOf(edit.get("file"));
        Path file = root.resolve(rel).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException(name + ": edit escapes the target: " + rel);
        }
        if (edit.containsKey("replace")) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String from = String.valueOf(edit.get("replace"));
            if (!text.contains(from)) {
                throw new IllegalStateException(name + ": stale mutant, " + rel + " no longer contains: " + from);
            }
            Files.writeString(file, text.replace(from, String.valueOf(edit.getOrDefault("with", ""))), StandardCharsets.UTF_8);
        } else if (Boolean.TRUE.equals(edit.get("delete"))) {
            if (!Files.exists(file)) {
                throw new IllegalStateException(name + ": stale mutant, nothing to delete at " + rel);
            }
            deleteTree(file);
        } else if (edit.containsKey("write")) {
            Files.createDirectories(file.getParent());
            Object content = edit.get("write");
            if (content instanceof byte[] bytes) {
                Files.write(file, bytes);
            } else {
                Files.writeString(file, String.valueOf(content), StandardCharsets.UTF_8);
            }
        } else if (edit.containsKey("append")) {
            Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8) + edit.get("append"), StandardCharsets.UTF_8);
        } else {
            throw new IllegalArgumentException(name + ": an edit needs replace/with, delete, write or append: " + edit);
        }
    }

    public static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && SKIPPED_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (o != null) {
            out.add(String.valueOf(o));
        }
        return List.copyOf(out);
    }
}
