package dev.fullchain.model.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * A step as a job runs it: its own, one of a composite action it uses, or one of a job of a
 * reusable workflow it calls. {@code via} tells where it comes from, for messages
 * ("job deploy-prod → .github/workflows/deploy.yml job deploy"); {@code env} is what the step sees
 * (workflow, job, step env; a composite step also sees its caller step's). {@code workingDirectory}
 * is where its run: script starts, as written where it is set (the step's working-directory, else
 * defaults.run.working-directory of its job, else of its workflow; a composite action's steps
 * take only their own); empty for the workspace root and for uses: steps.
 */
public record ExecutedStep(Step step, String file, String via, Map<String, Value> env, Optional<Value> workingDirectory) {

    /** The folder the script runs in, relative to the repository root ("" for the root), as written. */
    public String folder() {
        return workingDirectory.map(v -> v.text().strip().replaceAll("^(\\./)+|/+$", "")).map(f -> f.equals(".") ? "" : f).orElse("");
    }

    /** "file:line, via, step label": enough to find it. */
    public String describe() {
        return via + ", step " + step.label();
    }
}
