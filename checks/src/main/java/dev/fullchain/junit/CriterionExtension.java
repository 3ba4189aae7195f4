package dev.fullchain.junit;

import dev.fullchain.check.CheckFailure;
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
import dev.fullchain.target.Target;
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
        target.layout().problem().ifPresent(bad -> {
            throw bad;
        });
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
        String body;
        if (t instanceof BadInput bad) {
            body = new CheckFailure(java.util.List.of(new dev.fullchain.check.Finding(bad.location(), bad.problem(), bad.expected()))).getMessage();
        } else if (t instanceof AssertionError) {
            body = t.getMessage();
        } else {
            body = "fullchain could not run this check: " + t;
        }
        if (spec.tier() != Tier.STATIC) {
            attachDiagnostics(context);
        }
        CheckFailure failure = new CheckFailure(Secrets.mask(
                spec.headline() + "\n" + indent(body) + "\n  hint: " + spec.hint()));
        if (!(t instanceof AssertionError) && !(t instanceof BadInput)) {
            failure.initCause(masked(t));
        }
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

    private static String indent(String s) {
        return s == null ? "" : "  " + s.replace("\n", "\n  ");
    }

    /** A copy of an unexpected exception whose message cannot leak a secret. */
    private static Throwable masked(Throwable t) {
        RuntimeException copy = new RuntimeException(t.getClass().getName() + ": " + Secrets.mask(String.valueOf(t.getMessage())));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }
}
