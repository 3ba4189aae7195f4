package dev.fullchain.report;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.secrets.Secrets;
import io.qameta.allure.listener.ContainerLifecycleListener;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.ExecutableItem;
import io.qameta.allure.model.FixtureResult;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import io.qameta.allure.util.ResultsUtils;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Files each check's Allure result under its day (epic), seed capability (feature) and
 * criterion ID (story), tagged with its tier, and masks secrets in everything the result
 * carries, just before Allure writes it. It works from the result alone (test class and
 * method labels, or the full name), so skipped checks are filed too. Registered by
 * ServiceLoader (META-INF/services/io.qameta.allure.listener.*).
 */
public class AllureLabels implements TestLifecycleListener, ContainerLifecycleListener {

    private static final Set<String> OURS = Set.of(ResultsUtils.EPIC_LABEL_NAME, ResultsUtils.FEATURE_LABEL_NAME,
            ResultsUtils.STORY_LABEL_NAME, ResultsUtils.PARENT_SUITE_LABEL_NAME, ResultsUtils.SUITE_LABEL_NAME,
            ResultsUtils.SUB_SUITE_LABEL_NAME, ResultsUtils.PACKAGE_LABEL_NAME);

    @Override
    public void beforeTestWrite(TestResult result) {
        criterionOf(result).ifPresent(spec -> label(result, spec));
        if (result.getStatus() == io.qameta.allure.model.Status.SKIPPED && result.getStatusDetails() != null) {
            result.getStatusDetails().setTrace(null); // a skip has a reason, not a stack
        }
        mask(result);
    }

    @Override
    public void beforeContainerWrite(TestResultContainer container) {
        container.setName(Secrets.mask(container.getName()));
        container.setDescription(Secrets.mask(container.getDescription()));
        container.setDescriptionHtml(Secrets.mask(container.getDescriptionHtml()));
        for (FixtureResult f : container.getBefores()) {
            maskItem(f);
        }
        for (FixtureResult f : container.getAfters()) {
            maskItem(f);
        }
    }

    static void label(TestResult result, CriterionSpec spec) {
        List<Label> labels = result.getLabels();
        labels.removeIf(l -> OURS.contains(l.getName()));
        labels.add(ResultsUtils.createEpicLabel(Catalog.get().dayTitle(spec.day())));
        labels.add(ResultsUtils.createFeatureLabel(spec.capability().title()));
        labels.add(ResultsUtils.createStoryLabel(spec.id()));
        // The suites view is the learner's navigation too: days and capabilities, never Java packages and classes.
        labels.add(ResultsUtils.createParentSuiteLabel(Catalog.get().dayTitle(spec.day())));
        labels.add(ResultsUtils.createSuiteLabel(spec.capability().title()));
        labels.add(ResultsUtils.createSubSuiteLabel(spec.tier().key() + " tier"));
        labels.add(ResultsUtils.createPackageLabel("D" + spec.day()));
        result.setName(spec.id() + " — " + spec.title());
        String tierTag = "tier:" + spec.tier().key();
        if (labels.stream().noneMatch(l -> ResultsUtils.TAG_LABEL_NAME.equals(l.getName()) && tierTag.equals(l.getValue()))) {
            labels.add(ResultsUtils.createTagLabel(tierTag));
        }
    }

    /** The criterion a result belongs to: test class and method → @Criterion → catalog. */
    public static Optional<CriterionSpec> criterionOf(TestResult result) {
        String className = label(result, ResultsUtils.TEST_CLASS_LABEL_NAME);
        String methodName = label(result, ResultsUtils.TEST_METHOD_LABEL_NAME);
        if ((className == null || methodName == null) && result.getFullName() != null) {
            String full = result.getFullName();
            int dot = full.lastIndexOf('.');
            if (dot > 0) {
                className = full.substring(0, dot);
                methodName = full.substring(dot + 1);
            }
        }
        if (className == null || methodName == null) {
            return Optional.empty();
        }
        return annotatedId(className, methodName).flatMap(id -> Catalog.get().find(id));
    }

    private static String label(TestResult result, String name) {
        return result.getLabels().stream().filter(l -> name.equals(l.getName())).map(Label::getValue).findFirst().orElse(null);
    }

    private static Optional<String> annotatedId(String className, String methodName) {
        String method = methodName.contains("(") ? methodName.substring(0, methodName.indexOf('(')) : methodName;
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(), AllureLabels.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                for (Class<?> c = Class.forName(className, false, loader); c != null && c != Object.class; c = c.getSuperclass()) {
                    for (Method m : c.getDeclaredMethods()) {
                        Criterion criterion = m.getAnnotation(Criterion.class);
                        if (criterion != null && m.getName().equals(method)) {
                            return Optional.of(criterion.value());
                        }
                    }
                }
                return Optional.empty();
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return Optional.empty();
    }

    static void mask(TestResult r) {
        r.setName(Secrets.mask(r.getName()));
        r.setDescription(Secrets.mask(r.getDescription()));
        r.setDescriptionHtml(Secrets.mask(r.getDescriptionHtml()));
        maskParts(r);
    }

    private static void maskItem(FixtureResult f) {
        f.setName(Secrets.mask(f.getName()));
        f.setDescription(Secrets.mask(f.getDescription()));
        f.setDescriptionHtml(Secrets.mask(f.getDescriptionHtml()));
        maskParts(f);
    }

    private static void maskItem(StepResult s) {
        s.setName(Secrets.mask(s.getName()));
        s.setDescription(Secrets.mask(s.getDescription()));
        s.setDescriptionHtml(Secrets.mask(s.getDescriptionHtml()));
        maskParts(s);
    }

    /** Status details, parameter values, attachment names and nested steps. */
    private static void maskParts(ExecutableItem item) {
        mask(item.getStatusDetails());
        if (item.getParameters() != null) {
            for (Parameter p : item.getParameters()) {
                p.setValue(Secrets.mask(p.getValue()));
            }
        }
        if (item.getAttachments() != null) {
            for (Attachment a : item.getAttachments()) {
                a.setName(Secrets.mask(a.getName()));
            }
        }
        if (item.getSteps() != null) {
            for (StepResult s : item.getSteps()) {
                maskItem(s);
            }
        }
    }

    private static void mask(StatusDetails d) {
        if (d == null) {
            return;
        }
        d.setMessage(Secrets.mask(d.getMessage()));
        d.setTrace(Secrets.mask(d.getTrace()));
        d.setActual(Secrets.mask(d.getActual()));
        d.setExpected(Secrets.mask(d.getExpected()));
    }
}
