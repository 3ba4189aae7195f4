package dev.fullchain.junit;

import dev.fullchain.check.CheckFailure;
import dev.fullchain.check.Finding;
import dev.fullchain.check.Verdict;
import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.criteria.Tier;
import dev.fullchain.env.Availability;
import dev.fullchain.env.Environment;
import dev.fullchain.env.Environments;
import dev.fullchain.report.Evidence;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * What makes a test method a criterion check (see {@link Criterion}):
 * <ul>
 * <li>skips it, with the reason and how to enable it, when its tier cannot run here;</li>
 * <li>gives it the target, typed models and started environments as parameters;</li>
 * <li>turns whatever it throws into a failure that reads: headline, findings (file, line,
 *     found, expected), hint; masked of secrets; with environment diagnostics attached.</li>
 * </ul>
 */
public class CriterionExtension implements ExecutionCondition, ParameterResolver, TestExecutionExceptionHandler {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("not a check");
        }
        CriterionSpec spec = spec(context);
        Availability tier = TierGate.availability(spec.tier());
        if (!tier.available()) {
            return ConditionEvaluationResult.disabled(Secrets.mask(tier.reason()));
        }
        if (spec.tier() == Tier.LIVE) {
            Availability live = LiveGate.availability(spec, RunContext.setting(context, "live"));
            if (!live.available()) {
                return ConditionEvaluationResult.disabled(live.reason());
            }
        }
        return ConditionEvaluationResult.enabled(spec.tier().key() + " tier available");
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        return type == Target.class || type == CriterionSpec.class || Models.supports(type)
                || EnvironmentCatalog.supports(type);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Class<?> type = p.getParameter().getType();
        if (type == CriterionSpec.class) {
            return spec(c);
        }
        Target target = RunContext.target(c);
        if (type == Target.class) {
            return target;
        }
        if (Models.supports(type)) {
            return Models.of(type, target);
        }
        return Environments.get((Class) type, target, EnvironmentCatalog.starter((Class) type));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        Throwable t = thrown instanceof ParameterResolutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (t instanceof TestAbortedException) {
            throw new TestAbortedException(Secrets.mask(t.getMessage()));
        }
        CriterionSpec spec = spec(context);
        Verdict verdict;
        String body;
        String hint = "\n  hint: " + spec.hint();
        if (t instanceof Missing missing) {
            verdict = Verdict.MISSING;
            body = "missing: " + missing.getMessage() + linksNotFollowed(RunContext.target(context));
        } else if (t instanceof BadInput bad) {
            verdict = Verdict.BLOCKED;
            body = new CheckFailure(Verdict.BLOCKED, List.of(new Finding(bad.location(), bad.problem(), bad.expected(), Verdict.BLOCKED))).getMessage();
        } else if (t instanceof CheckFailure failure) {
            verdict = failure.verdict();
            body = t.getMessage();
            hint = "\n  hint: " + failure.hint().orElse(spec.hint());
        } else if (t instanceof AssertionError) {
            verdict = Verdict.FAILED;
            body = t.getMessage();
        } else {
            verdict = Verdict.HARNESS_FAULT;
            body = HarnessFault.describe(t, Target.lastRead());
            hint = "";
        }
        if (spec.tier() != Tier.STATIC && verdict != Verdict.MISSING) {
            attachDiagnostics(context);
        }
        CheckFailure failure = new CheckFailure(verdict, Secrets.mask(spec.headline() + "\n" + indent(body) + hint));
        throw failure;
    }

    static CriterionSpec spec(ExtensionContext context) {
        Criterion c = context.getRequiredTestMethod().getAnnotation(Criterion.class);
        return Catalog.get().require(c.value());
    }

    private static void attachDiagnostics(ExtensionContext context) {
        try {
            for (Environment env : Environments.started(RunContext.target(context))) {
                for (Map.Entry<String, String> d : env.diagnostics().entrySet()) {
                    Evidence.text(d.getKey(), d.getValue());
                }
            }
        } catch (RuntimeException e) {
            Evidence.text("diagnostics unavailable", e.toString());
        }
    }

    /** Folders reached only through links that leave the repository were not searched: say so, naming them. */
    private static String linksNotFollowed(Target target) {
        List<String> links = target.files().linksOutside();
        if (links.isEmpty()) {
            return "";
        }
        List<String> shown = links.subList(0, Math.min(5, links.size()));
        return "\nnot searched: " + String.join(", ", shown) + (links.size() > shown.size() ? " and " + (links.size() - shown.size()) + " more" : "")
                + (links.size() == 1 ? " is a symbolic link that points" : " are symbolic links that point")
                + " outside the repository; fullchain reads only inside it (replace the link by the folder itself)";
    }

    private static String indent(String s) {
        return s == null ? "" : "  " + s.replace("\n", "\n  ");
    }
}
