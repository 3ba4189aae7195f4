package dev.fullchain.selftest;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.fullchain.env.Environments;
import dev.fullchain.selection.Selection;
import dev.fullchain.selection.SelectionFilter;
import dev.fullchain.target.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the acceptance checks in-process, the way `mvn test -Dday=N -Dtarget=DIR` would,
 * and returns each criterion's outcome. Self-tests use it to run the suites over the
 * fixtures and over mutants. Listener auto-registration is off: a nested run writes no
 * reports unless the caller adds a listener.
 */
public final class HarnessRun {

    private HarnessRun() {
    }

    public static Map<String, Outcome> run(Path target, Selection selection, TestExecutionListener... extraListeners) {
        return run(target, selection, Map.of(), extraListeners);
    }

    /** As {@link #run(Path, Selection, TestExecutionListener...)}, with run settings (JUnit configuration parameters, e.g. live=azure). */
    public static Map<String, Outcome> run(Path target, Selection selection, Map<String, String> params,
                                           TestExecutionListener... extraListeners) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(dayPackages(selection))
                .configurationParameters(params)
                .configurationParameter(Target.PROPERTY, target.toString())
                .build();
        Collector collector = new Collector();
        LauncherConfig config = LauncherConfig.builder()
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addPostDiscoveryFilters(new SelectionFilter(selection))
                .addTestExecutionListeners(collector)
                .addTestExecutionListeners(extraListeners)
                .build();
        Launcher launcher = LauncherFactory.create(config);
        launcher.execute(request);
        return collector.outcomes;
    }

    /** Runs, then stops what the run started for this target (mutants are one-shot). */
    public static Map<String, Outcome> runOnce(Path target, Selection selection, TestExecutionListener... extraListeners) {
        try {
            return run(target, selection, extraListeners);
        } finally {
            Environments.closeFor(Target.open(target));
        }
    }

    private static List<org.junit.platform.engine.discovery.PackageSelector> dayPackages(Selection selection) {
        List<org.junit.platform.engine.discovery.PackageSelector> out = new ArrayList<>();
        for (int day : selection.days()) {
            out.add(selectPackage("dev.fullchain.day" + day));
        }
        return out;
    }

    private static final class Collector implements TestExecutionListener {
        final Map<String, Outcome> outcomes = new LinkedHashMap<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            criterion(id).ifPresent(c -> outcomes.put(c, new Outcome(c, Outcome.Status.SKIPPED, reason)));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            criterion(id).ifPresent(c -> {
                String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
                Outcome.Status status = switch (result.getStatus()) {
                    case SUCCESSFUL -> Outcome.Status.PASSED;
                    case ABORTED -> Outcome.Status.SKIPPED;
                    case FAILED -> result.getThrowable().filter(t -> t instanceof dev.fullchain.check.CheckFailure)
                            .map(t -> status(((dev.fullchain.check.CheckFailure) t).verdict()))
                            .orElse(Outcome.Status.FAULT);
                };
                // A criterion with several checks fails if any of them fails.
                outcomes.merge(c, new Outcome(c, status, message),
                        (a, b) -> a.notPassed() ? a : b);
            });
        }

        /** The verdict as the reports read it (one mapping: CriterionOutcome.Status.of), named as self-tests name it. */
        private static Outcome.Status status(dev.fullchain.check.Verdict v) {
            return Outcome.Status.valueOf(dev.fullchain.report.CriterionOutcome.Status.of(v).name());
        }

        private static Optional<String> criterion(TestIdentifier id) {
            return id.getSource()
                    .filter(MethodSource.class::isInstance)
                    .map(s -> ((MethodSource) s).getJavaMethod().getAnnotation(dev.fullchain.criteria.Criterion.class))
                    .map(dev.fullchain.criteria.Criterion::value);
        }
    }
}
