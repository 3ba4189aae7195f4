package dev.fullchain.selftest;

import dev.fullchain.report.ChecklistListener;
import dev.fullchain.selection.Selection;
import io.qameta.allure.junitplatform.AllureJunitPlatform;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The listeners that write reports/ for the reference run (checklist and Allure results),
 * so the self-test command leaves the fixtures' reports behind, as a learner's run would.
 */
final class ReportsOfReferenceRun {

    private ReportsOfReferenceRun() {
    }

    static TestExecutionListener[] listeners(Selection selection) {
        return new TestExecutionListener[] {
            new ChecklistListener(ChecklistListener.reportsFromProperty(System.getProperty("reports")), selection),
            new AllureJunitPlatform()
        };
    }
}
