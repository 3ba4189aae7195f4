package dev.fullchain.day4;

import dev.fullchain.check.Findings;
import dev.fullchain.day4.PipelineJob.DeployTarget;
import dev.fullchain.model.workflow.ConditionEvaluator;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Trigger;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.target.Missing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What the Day 4 checks share: the stages of a pipeline, which workflow is the app pipeline, and phrases for messages. */
final class Pipelines {

    enum Stage {
        BUILD("builds the images (docker build, docker/build-push-action)"),
        TEST("runs the tests (pytest, npm test ...)"),
        PUSH("pushes the images (docker push, build-push-action with push: true)"),
        DEPLOY_DEV("deploys to dev (helm upgrade / helmfile apply with the dev values)"),
        DEPLOY_PROD("deploys to production (helm upgrade / helmfile apply with the prod values or environment)");

        final String does;

        Stage(String does) {
            this.does = does;
        }

        boolean of(PipelineJob j) {
            return switch (this) {
                case BUILD -> j.buildsImage();
                case TEST -> j.tests();
                case PUSH -> j.pushesImage();
                case DEPLOY_DEV -> j.deployTargets().contains(DeployTarget.DEV);
                case DEPLOY_PROD -> j.deployTargets().contains(DeployTarget.PROD);
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }


    static final String PIPELINE_KEY = "workflows.pipeline";
    static final String INFRASTRUCTURE_KEY = "workflows.infrastructure";

    /**
     * The app pipelines: the workflow fullchain.yaml names with workflows.pipeline, else the entry
     * workflows whose jobs cover the most stages (build, test, push, deploy): several when they
     * tie (one pipeline per service, say), each then judged. Empty when no workflow does any of
     * it; BadInput when the named one cannot be read.
     */
    static List<List<PipelineJob>> appPipelines(Workflows workflows) {
        Findings ignored = new Findings();
        Optional<Workflow> named = workflows.configured(PIPELINE_KEY);
        if (named.isPresent()) {
            return List.of(PipelineJob.of(workflows, named.get(), ignored));
        }
        List<List<PipelineJob>> scored = workflows.entryPoints().stream()
                .map(w -> PipelineJob.of(workflows, w, ignored))
                .filter(jobs -> score(jobs) > 0).toList();
        int best = scored.stream().mapToInt(Pipelines::score).max().orElse(0);
        return scored.stream().filter(jobs -> score(jobs) == best).toList();
    }

    /**
     * The app pipelines, for a criterion that judges them: blocked by the findings so far (a file
     * that does not parse may be the pipeline), else missing when no workflow builds, tests, pushes or deploys.
     */
    static List<List<PipelineJob>> requireAppPipelines(Workflows workflows, Findings findings) {
        List<List<PipelineJob>> pipelines = appPipelines(workflows);
        if (!pipelines.isEmpty()) {
            return pipelines;
        }
        findings.assertNone();
        throw new Missing("app pipeline (a workflow whose jobs build, test, push or deploy the app: docker build, pytest, npm test, docker push, helm upgrade ...)",
                List.of(String.join(", ", workflows.paths())), PIPELINE_KEY);
    }

    /** The (first) app pipeline's workflow, for a finding about what the pipeline lacks. */
    static Workflow requireAppPipeline(Workflows workflows, Findings findings) {
        return requireAppPipelines(workflows, findings).get(0).get(0).workflow();
    }

    /** Nothing of the kind a criterion judges, in workflows that parse: said as missing, naming the key that maps it. */
    static Missing missing(Workflows workflows, String what, String key) {
        return new Missing(what, List.of(String.join(", ", workflows.paths())), key);
    }

    /** No job that must reach Azure (a push, a deploy, Terraform with state), so no login to judge. */
    static Missing missingAzureJobs(Workflows workflows) {
        return missing(workflows, "job that reaches Azure (an image push to ACR, a deploy, terraform plan or apply)", PIPELINE_KEY);
    }

    static int score(List<PipelineJob> jobs) {
        int n = 0;
        for (Stage s : Stage.values()) {
            n += jobs.stream().anyMatch(s::of) ? 1 : 0;
        }
        return n;
    }

    /** Jobs of entry workflows that deploy the app to the target. */
    static List<PipelineJob> deployJobs(Workflows workflows, Findings findings, DeployTarget target) {
        return PipelineJob.entryPipelines(workflows, findings).stream().flatMap(List::stream)
                .filter(j -> j.deployTargets().contains(target)).toList();
    }

    static String triggersOf(Workflow w) {
        List<String> out = new ArrayList<>();
        for (Trigger t : w.triggers().events()) {
            StringBuilder b = new StringBuilder(t.event());
            if (!t.branches().isEmpty()) {
                b.append(" branches ").append(texts(t.branches()));
            }
            if (!t.tags().isEmpty()) {
                b.append(" tags ").append(texts(t.tags()));
            }
            if (!t.branchesIgnore().isEmpty()) {
                b.append(" branches-ignore ").append(texts(t.branchesIgnore()));
            }
            out.add(b.toString());
        }
        return "on: " + String.join(", ", out);
    }

    static String texts(List<Value> values) {
        return values.stream().map(Value::text).toList().toString();
    }

    static String needsOf(Workflow w, Job job) {
        List<String> needs = w.graph().needs(job.id());
        return needs.isEmpty() ? "it has no needs:" : "needs: " + String.join(", ", needs);
    }

    static String names(List<PipelineJob> jobs) {
        return String.join(", ", jobs.stream().map(j -> "'" + j.id() + "'").toList());
    }

    static String jobList(List<PipelineJob> jobs) {
        return jobs.stream().map(PipelineJob::id).toList().toString();
    }

    static boolean mayBeTrue(String text) {
        return ConditionEvaluator.evaluate(text, Scenario.PUSH_MAIN, Truth.TRUE) == Truth.TRUE;
    }

    private Pipelines() {
    }
}
