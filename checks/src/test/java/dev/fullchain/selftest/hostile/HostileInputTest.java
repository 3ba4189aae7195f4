package dev.fullchain.selftest.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Tier;
import dev.fullchain.report.Checklist;
import dev.fullchain.report.ChecklistListener;
import dev.fullchain.report.JobSummary;
import dev.fullchain.selection.Selection;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.selftest.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile battery: each target of {@link HostileTargets}, built at test time next to a
 * folder of content that must never be read, is checked statically, with the reports on, on
 * the days that read what it breaks ({@link HostileTarget#days()}: every day for secrets,
 * wrong verdicts and files of the root). For each: a checklist is written, the run ends within its bound, no outside content and
 * no planted secret appears in any report, the console or the job summary, the target is
 * unchanged (a checksum listing before and after), and the checklist names the file.
 * -Dhostile=NAME runs the targets whose name contains NAME (or any of NAME|OTHER).
 */
@Tag("selftest")
class HostileInputTest {

    static final Duration BOUND = Duration.ofSeconds(30);
    /** Helm's time limit per render in the battery: far above a render of the fixture chart (tens of milliseconds), far below the bound. */
    static final String HELM_TIMEOUT_SECONDS = "4";

    @BeforeAll
    static void lowHelmLimit() {
        System.setProperty("fullchain.helm.timeout", HELM_TIMEOUT_SECONDS);
    }

    @AfterAll
    static void defaultHelmLimit() {
        System.clearProperty("fullchain.helm.timeout");
    }

    @TestFactory
    Stream<DynamicTest> everyHostileTargetIsHandled() {
        String only = System.getProperty("hostile", "");
        List<String> any = List.of(only.split("\\|"));
        return HostileTargets.all().stream().filter(t -> any.stream().anyMatch(t.name()::contains))
                .map(t -> DynamicTest.dynamicTest(t.toString(), () -> judge(t)));
    }

    static void judge(HostileTarget t) throws Exception {
        Path work = Files.createTempDirectory("fullchain-hostile-");
        try {
            Path outside = Files.createDirectories(work.resolve("outside"));
            Files.writeString(outside.resolve("secret.yaml"), "services: {leak: {image: \"" + HostileTargets.OUTSIDE + "\"}}\n");
            Files.writeString(outside.resolve("secret.tf"), "locals {\n  leak = \"" + HostileTargets.OUTSIDE + "\"\n}\n");
            Files.writeString(outside.resolve("secret.env"), "POSTGRES_PASSWORD=" + HostileTargets.OUTSIDE + "\n" + HostileTargets.OUTSIDE + "\n");
            Files.writeString(outside.resolve("Chart.yaml"), "apiVersion: v2\nname: " + HostileTargets.OUTSIDE + "\nversion: 0.1.0\n");
            Path repo = work.resolve("repo");
            dev.fullchain.selftest.Mutant.copyTree(Fixtures.root(), repo);
            t.edit().apply(repo, outside);
            String before = checksums(repo);

            Selection selection = new Selection(t.days(), EnumSet.of(Tier.STATIC));
            Path reports = work.resolve("reports");
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            ChecklistListener listener = new ChecklistListener(reports, selection, new PrintStream(console, true, StandardCharsets.UTF_8));
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "hostile-" + t.name());
                th.setDaemon(true);
                return th;
            });
            Future<Map<String, Outcome>> run = pool.submit(() -> HarnessRun.runOnce(repo, selection, listener));
            Map<String, Outcome> outcomes;
            try {
                outcomes = run.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                run.cancel(true);
                throw new AssertionError(t + ": the run did not end within " + BOUND.toSeconds() + " s");
            } finally {
                pool.shutdownNow();
            }

            Path checklist = reports.resolve("checklist.md");
            assertThat(checklist).as("%s: a checklist is written", t).exists();
            String summary = JobSummary.render(Checklist.of(Catalog.get(), selection, listener.outcomes(), repo.toString(), 1, Instant.now()));
            List<String> texts = new ArrayList<>(List.of(console.toString(StandardCharsets.UTF_8), summary));
            // What JUnit hands to the console, the surefire XML and Allure: each criterion's message.
            outcomes.values().forEach(o -> texts.add(o.toString() + "\n" + o.message()));
            for (Path f : files(reports)) {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            for (String text : texts) {
                assertThat(text).as("%s: outside content or a planted secret in a report", t)
                        .doesNotContain(HostileTargets.OUTSIDE).doesNotContain(HostileTargets.SECRET);
            }
            assertThat(Files.readString(checklist)).as("%s: the checklist names the file", t).contains(t.names());
            if (t.name().equals(HostileTargets.EMPTY)) {
                assertThat(outcomes.values()).as("%s: nothing passes on nothing", t)
                        .noneMatch(o -> o.status() == Outcome.Status.PASSED);
            }
            assertThat(checksums(repo)).as("%s: the target is unchanged", t).isEqualTo(before);
        } finally {
            deleteTree(work);
        }
    }

    /** Path, kind and content digest (link target for links; size for special and huge files) of every entry, links not followed. */
    static String checksums(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                out.put(root.relativize(dir) + "/", "dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = root.relativize(file).toString();
                if (attrs.isSymbolicLink()) {
                    out.put(rel, "link " + Files.readSymbolicLink(file));
                } else if (!attrs.isRegularFile() || attrs.size() > 64L * 1024 * 1024) {
                    out.put(rel, "other " + attrs.size() + " " + attrs.lastModifiedTime());
                } else {
                    try {
                        out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return String.join("\n", out.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
