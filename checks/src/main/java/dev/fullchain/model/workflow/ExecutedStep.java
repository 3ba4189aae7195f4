package dev.fullchain.model.workflow;

import java.util.Map;

/**
 * A step as a job runs it: its own, one of a composite action it uses, or one of a job of a
 * reusable workflow it calls. {@code via} tells where it comes from, for messages
 * ("job deploy-prod → .github/workflows/deploy.yml job deploy"); {@code env} is what the step sees
 * (workflow, job, step env; a composite step also sees its caller step's).
 */
public record ExecutedStep(Step step, String file, String via, Map<String, Value> env) {

    /** "file:line, via, step label": enough to find it. */
    public String describe() {
        return via + ", step " + step.label();
    }
}
