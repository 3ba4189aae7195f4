package dev.fullchain.env.github;

import dev.fullchain.target.Target;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which of the target's workflow files is "the pipeline" whose runs the live checks read.
 * Kept deliberately simple, and said in every message so a learner can correct it:
 * <ol>
 * <li>{@code -Dgithub.workflow=<file>} when given;</li>
 * <li>else {@code workflows.pipeline} of fullchain.yaml, the file the static checks judge too;</li>
 * <li>else the workflow (.github/workflows/*.yml|yaml, top level only, as GitHub reads them;
 *     reusable workflows, triggered only by workflow_call, have no runs of their own and are
 *     passed over) that has a job whose id or name contains "deploy"; of several, the one
 *     that also deploys to prod, else the first by name;</li>
 * <li>else the only workflow file, if there is exactly one.</li>
 * </ol>
 * Workflows come from the workflow model (a file that is not a workflow is passed over: the
 * static check D4.WF.VALID reports it). {@code path} is empty when nothing fits, {@code how} says why.
 */
public record PipelineWorkflow(Optional<String> path, String how) {

    public static PipelineWorkflow choose(Target target, Optional<String> configured) {
        if (configured.isPresent()) {
            String c = configured.get().replace('\\', '/');
            return new PipelineWorkflow(Optional.of(c.contains("/") ? c : Workflows.DIR + "/" + c), "-Dgithub.workflow");
        }
        Optional<String> mapped = target.layout().workflows().pipeline();
        if (mapped.isPresent()) {
            return new PipelineWorkflow(mapped, "workflows.pipeline in fullchain.yaml");
        }
        Workflows workflows = Workflows.load(target);
        if (!workflows.any()) {
            return new PipelineWorkflow(Optional.empty(), "the target has no workflow file in " + Workflows.DIR);
        }
        List<Workflow> all = workflows.all().stream().sorted(Comparator.comparing(Workflow::path)).toList();
        if (all.isEmpty()) {
            return new PipelineWorkflow(Optional.empty(), "the target has no workflow file in " + Workflows.DIR + " that reads as a workflow");
        }
        List<String> deploying = new ArrayList<>();
        List<String> toProd = new ArrayList<>();
        // A reusable workflow has no runs of its own: its jobs run in its caller's runs.
        for (Workflow w : all.stream().filter(Workflow::isEntryPoint).toList()) {
            List<String> jobs = jobLabels(w);
            if (jobs.stream().anyMatch(j -> j.contains("deploy"))) {
                deploying.add(w.path());
                if (jobs.stream().anyMatch(j -> j.contains("deploy") && j.contains("prod"))) {
                    toProd.add(w.path());
                }
            }
        }
        if (deploying.size() == 1) {
            return new PipelineWorkflow(Optional.of(deploying.get(0)), "the workflow with deploy jobs");
        }
        if (deploying.size() > 1) {
            String chosen = toProd.isEmpty() ? deploying.get(0) : toProd.get(0);
            return new PipelineWorkflow(Optional.of(chosen), "of the workflows with deploy jobs (" + String.join(", ", deploying)
                    + "), the first " + (toProd.isEmpty() ? "by name" : "that deploys to prod") + "; choose another with -Dgithub.workflow=<file>");
        }
        if (all.size() == 1) {
            return new PipelineWorkflow(Optional.of(all.get(0).path()), "the only workflow file (none has a deploy job)");
        }
        return new PipelineWorkflow(Optional.empty(), "no workflow in " + Workflows.DIR + " has a deploy job ("
                + String.join(", ", all.stream().map(Workflow::path).toList()) + "), so none is the pipeline");
    }

    /** The ids and names of the workflow's jobs, lower case. */
    private static List<String> jobLabels(Workflow w) {
        List<String> out = new ArrayList<>();
        for (Job j : w.jobs()) {
            out.add(j.id().toLowerCase(Locale.ROOT));
            j.name().ifPresent(n -> out.add(n.text().toLowerCase(Locale.ROOT)));
        }
        return out;
    }
}
