package dev.fullchain.report;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.secrets.MaskingPrintStream;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.selection.Selection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the reports of every run (registered by ServiceLoader; self-tests construct it):
 * <ul>
 * <li>at the start, a clean reports/allure-results carrying the last report's history;</li>
 * <li>during the run, each criterion's outcome;</li>
 * <li>at the end, checklist.md and checklist.html, history.json (one entry per run),
 *     Allure's executor.json and environment.properties, and a short summary on stdout
 *     (and, in a GitHub Actions job, in its job summary: {@link JobSummary}).</li>
 * </ul>
 * Everything written is masked of secrets. {@code -Dreports=off} (or none) writes nothing.
 * A run that has tests but no criterion check (the self-tests) is not an acceptance run:
 * it gets a clean allure-results and no checklist. A run started inside another run
 * (self-tests running the checks) leaves the outer run's allure-results alone.
 */
public class ChecklistListener implements TestExecutionListener {

    /** Runs in progress in this JVM, to tell a nested run from the outer one. */
    private static final AtomicInteger ACTIVE_RUNS = new AtomicInteger();

    private final Path reportsDir;
    private final Selection selection;
    private final PrintStream out;
    private final Outcomes outcomes = new Outcomes();
    private TestPlan plan;
    private boolean outer;
    private boolean acceptanceRun;

    /** For ServiceLoader: -Dreports, -Dday and -Dtier as given to the run. */
    public ChecklistListener() {
        this(reportsFromProperty(System.getProperty("reports")),
                Selection.parse(System.getProperty("day"), System.getProperty("tier")), System.out);
    }

    public ChecklistListener(Path reportsDir, Selection selection) {
        this(reportsDir, selection, System.out);
    }

    /** @param reportsDir where to write, or null to write nothing */
    public ChecklistListener(Path reportsDir, Selection selection, PrintStream out) {
        this.reportsDir = reportsDir == null ? null : reportsDir.toAbsolutePath().normalize();
        this.selection = selection;
        this.out = out;
    }

    public static Path reportsFromProperty(String value) {
        if (value == null || value.isBlank()) {
            return Path.of("reports");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("off") || v.equals("none") ? null : Path.of(value.trim());
    }

    public Outcomes outcomes() {
        return outcomes;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        outer = ACTIVE_RUNS.getAndIncrement() == 0;
        plan = testPlan;
        acceptanceRun = isAcceptanceRun(testPlan);
        if (acceptanceRun) {
            MaskingPrintStream.install(); // the console is a boundary: whatever is printed there is masked
        }
        if (reportsDir == null || !outer) {
            return;
        }
        try {
            AllureRunFiles.prepare(reportsDir);
        } catch (IOException | RuntimeException e) {
            warn("could not prepare " + AllureRunFiles.results(reportsDir) + ": " + e);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            criterion(id).ifPresent(spec -> outcomes.record(spec, CriterionOutcome.Status.SKIPPED, reason));
        } else {
            // A skipped class reports only itself: its checks are skipped with its reason.
            descendantCriteria(id, spec -> outcomes.recordIfAbsent(spec, CriterionOutcome.Status.SKIPPED, reason));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        CriterionOutcome.Status status = switch (result.getStatus()) {
            case SUCCESSFUL -> CriterionOutcome.Status.PASSED;
            case FAILED -> result.getThrowable().filter(t -> t instanceof dev.fullchain.check.CheckFailure)
                    .map(t -> CriterionOutcome.Status.of(((dev.fullchain.check.CheckFailure) t).verdict()))
                    .orElse(CriterionOutcome.Status.FAULT);
            case ABORTED -> CriterionOutcome.Status.ABORTED;
        };
        String message = result.getThrowable().map(ChecklistListener::message).orElse("");
        if (id.isTest()) {
            criterion(id).ifPresent(spec -> outcomes.record(spec, status, message));
        } else if (status != CriterionOutcome.Status.PASSED) {
            // A class whose setup failed never starts its checks: they share its verdict.
            descendantCriteria(id, spec -> outcomes.recordIfAbsent(spec, status, message));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ACTIVE_RUNS.decrementAndGet();
        if (reportsDir == null || !acceptanceRun) {
            return;
        }
        try {
            Written w = write(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), target(testPlan));
            printSummary(w.checklist());
            if (outer) {
                JobSummary.appendIfSet(System.getenv(JobSummary.VARIABLE), w.checklist(), this::warn);
            }
        } catch (IOException | RuntimeException e) {
            warn("could not write the checklist under " + reportsDir + ": " + e);
        }
    }

    /** What one run wrote. */
    public record Written(Checklist checklist, History history) {
    }

    /** Writes every report file for the outcomes recorded so far. Public for self-tests. */
    public Written write(Instant when, String target) throws IOException {
        History history = History.read(reportsDir);
        history.problem().ifPresent(this::warn);
        Checklist checklist = Checklist.of(Catalog.get(), selection, outcomes, target, history.nextRunNumber(), when);
        history.append(checklist).write();
        ReportFiles.write(reportsDir.resolve("checklist.md"), ChecklistMarkdown.render(checklist));
        ReportFiles.write(reportsDir.resolve("checklist.html"), ChecklistHtml.render(checklist, history.runs()));
        AllureRunFiles.writeExecutor(reportsDir, checklist);
        AllureRunFiles.writeEnvironment(reportsDir, checklist);
        return new Written(checklist, history);
    }

    private void printSummary(Checklist c) {
        StringBuilder b = new StringBuilder("\nfullchain run #").append(c.runNumber()).append(": ")
                .append(c.selection().describe()).append(", target ").append(c.target()).append('\n');
        for (int day : c.days().keySet()) {
            Tally t = c.tally(day);
            b.append("  ").append(c.dayTitle(day)).append(": ")
                    .append(t.total() == 0 ? Checklist.emptyDayNote(day) : t.describe()).append('\n');
        }
        b.append("  grades: ");
        for (var cap : dev.fullchain.criteria.Capability.values()) {
            String name = cap.title().contains(":") ? cap.title().substring(0, cap.title().indexOf(':')) : cap.title();
            b.append(name).append(' ').append(c.grade(cap).symbol()).append(cap.ordinal() < dev.fullchain.criteria.Capability.values().length - 1 ? " · " : "");
        }
        b.append("\n  checklist: ").append(reportsDir.resolve("checklist.md")).append(" and ")
                .append(reportsDir.resolve("checklist.html")).append('\n');
        out.print(Secrets.mask(b.toString()));
        out.flush();
    }

    private void warn(String message) {
        out.println(Secrets.mask("fullchain reports: " + message));
    }

    private static String target(TestPlan testPlan) {
        Optional<String> configured = Optional.empty();
        try {
            configured = testPlan.getConfigurationParameters().get(dev.fullchain.target.Target.PROPERTY);
        } catch (RuntimeException ignored) {
            // older platforms: fall back to the system property below
        }
        String t = configured.orElse(System.getProperty(dev.fullchain.target.Target.PROPERTY, "fixtures"));
        return Path.of(t).toAbsolutePath().normalize().toString();
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getName() : m;
    }

    private static boolean isAcceptanceRun(TestPlan testPlan) {
        boolean anyTest = false;
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier id : testPlan.getDescendants(root)) {
                if (id.isTest()) {
                    if (criterion(id).isPresent()) {
                        return true;
                    }
                    anyTest = true;
                }
            }
        }
        // An empty run still gets a checklist: every selected criterion shows as "not run".
        return !anyTest;
    }

    private void descendantCriteria(TestIdentifier container, java.util.function.Consumer<CriterionSpec> action) {
        if (plan == null) {
            return;
        }
        for (TestIdentifier d : plan.getDescendants(container)) {
            if (d.isTest()) {
                criterion(d).ifPresent(action);
            }
        }
    }

    static Optional<CriterionSpec> criterion(TestIdentifier id) {
        return id.getSource()
                .filter(MethodSource.class::isInstance)
                .map(MethodSource.class::cast)
                .flatMap(ChecklistListener::annotation)
                .flatMap(c -> Catalog.get().find(c));
    }

    private static Optional<String> annotation(MethodSource source) {
        try {
            return Optional.ofNullable(source.getJavaMethod().getAnnotation(Criterion.class)).map(Criterion::value);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
