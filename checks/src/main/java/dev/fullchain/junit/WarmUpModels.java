package dev.fullchain.junit;

import dev.fullchain.model.helm.HelmCharts;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the slow first steps of the models a run will need as the run starts, in the
 * background: Helm's native library and the typed manifest reader take a second or two to
 * load, which then overlaps with the checks of earlier days instead of adding to Day 3's (or Day 5's).
 */
public class WarmUpModels implements TestExecutionListener {

    private static final String DAY3 = "dev.fullchain.day3.";
    /** Day 5 renders the app chart too (its ServiceMonitor, its data source ConfigMaps). */
    private static final String DAY5 = "dev.fullchain.day5.";

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        boolean rendersCharts = plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream())
                .anyMatch(t -> t.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                        .filter(m -> m.getClassName().startsWith(DAY3) || m.getClassName().startsWith(DAY5)).isPresent());
        if (rendersCharts) {
            HelmCharts.warmUp();
        }
    }
}
