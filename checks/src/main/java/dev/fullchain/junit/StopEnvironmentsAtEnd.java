package dev.fullchain.junit;

import dev.fullchain.env.Environments;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Stops every environment the run started (compose stacks, clusters) when the run ends,
 * whatever its result. Ctrl-C is covered by Environments' shutdown hook.
 */
public class StopEnvironmentsAtEnd implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Environments.closeAll();
    }
}
