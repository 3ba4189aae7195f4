package dev.fullchain.day4;

import dev.fullchain.check.Findings;
import dev.fullchain.model.workflow.CalledJob;
import dev.fullchain.model.workflow.Concurrency;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.JobEnvironment;
import dev.fullchain.model.workflow.Permissions;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A top-level job with everything it runs (its steps, the steps of the local actions they use,
 * or the jobs of the reusable workflow it calls), and what that work is: building, testing,
 * pushing, deploying. Learners name jobs as they like, so roles come from commands.
 */
record PipelineJob(Workflow workflow, Job job, List<ExecutedStep> steps, List<CalledJob> called) {

    /** Where a deploy job deploys the app. */
    enum DeployTarget { DEV, PROD }

    private static final Pattern PROD_NAME = Pattern.compile("(?i)prod|production|live");
    private static final Pattern DEV_NAME = Pattern.compile("(?i)\\bdev\\b|develop|development|^dev|dev$");
    private static final Pattern PROD_DEPLOY = Pattern.compile("(?i)values[-._]?prod|(-e|--environment)[= ]+(prod|production)\\b");
    private static final Pattern DEV_DEPLOY = Pattern.compile("(?i)values[-._]?dev|(-e|--environment)[= ]+(dev|development)\\b");

    /** The jobs of a workflow; a local call or action that cannot be followed becomes a finding and its job keeps its own steps. */
    static List<PipelineJob> of(Workflows workflows, Workflow workflow, Findings findings) {
        List<PipelineJob> out = new ArrayList<>();
        for (String id : workflow.graph().order()) {
            Job job = workflow.job(id).orElseThrow();
            List<ExecutedStep> steps = List.of();
            List<CalledJob> called = List.of();
            try {
                steps = workflows.stepsRunBy(workflow, job);
                called = workflows.calledJobs(job);
            } catch (BadInput bad) {
                findings.add(bad);
            }
            out.add(new PipelineJob(workflow, job, steps, called));
        }
        return List.copyOf(out);
    }

    /** The job graph's view of every entry workflow, with unreadable files reported. */
    static List<List<PipelineJob>> entryPipelines(Workflows workflows, Findings findings) {
        workflows.problems().forEach(findings::add);
        return workflows.entryPoints().stream().map(w -> of(workflows, w, findings)).toList();
    }

    String id() {
        return job.id();
    }

    Location location() {
        return job.location();
    }

    /** "job 'deploy-prod'", with the reusable workflow it calls when it calls one. */
    String describe() {
        return "job '" + job.id() + "'" + called.stream().findFirst().map(c -> " (runs " + c.workflow().path() + ")").orElse("");
    }

    List<ExecutedStep> stepsWhere(Predicate<ExecutedStep> p) {
        return steps.stream().filter(p).toList();
    }

    List<ExecutedStep> running(Pattern p) {
        return stepsWhere(s -> Commands.runs(s, p));
    }

    boolean usesAction(String ownerRepo) {
        return steps.stream().anyMatch(s -> s.step().uses(ownerRepo));
    }

    // ------------------------------------------------------------------ roles

    List<ExecutedStep> testSteps() {
        return running(Commands.TEST);
    }

    boolean tests() {
        return !testSteps().isEmpty();
    }

    boolean buildsImage() {
        return !running(Commands.BUILD_IMAGE).isEmpty() || usesAction("docker/build-push-action");
    }

    List<ExecutedStep> pushSteps() {
        return stepsWhere(s -> Commands.runs(s, Commands.PUSH_IMAGE)
                || (s.step().uses("docker/build-push-action") && s.step().input("push").map(v -> !v.text().strip().equals("false")).orElse(false)));
    }

    boolean pushesImage() {
        return !pushSteps().isEmpty();
    }

    List<ExecutedStep> deploySteps() {
        return stepsWhere(s -> Commands.runs(s, Commands.DEPLOY)
                || Commands.DEPLOY_ACTIONS.stream().anyMatch(a -> s.step().uses(a)));
    }

    boolean deploysApp() {
        return !deploySteps().isEmpty();
    }

    boolean pushesOrDeploys() {
        return pushesImage() || deploysApp();
    }

    boolean terraform(String subcommand) {
        return steps.stream().anyMatch(s -> Commands.terraform(s, subcommand).isPresent());
    }

    /**
     * The steps that log in to Azure: azure/login, az login, or a Terraform command that uses the
     * state backend or the providers. Inheriting ARM_USE_OIDC from env: is not a login, and
     * terraform init -backend=false with validate reaches nothing in Azure.
     */
    List<ExecutedStep> loginSteps() {
        return stepsWhere(PipelineJob::logsIn);
    }

    static boolean logsIn(ExecutedStep s) {
        return s.step().uses("azure/login") || Commands.runs(s, Commands.AZ_LOGIN) || Commands.authenticatedTerraform(s).isPresent();
    }

    /** Whether it logs in to Azure, so it needs an OIDC token. */
    boolean logsInToAzure() {
        return !loginSteps().isEmpty();
    }

    /** "step X (file:line) runs `terraform plan`": the login, for messages. */
    String firstLogin() {
        ExecutedStep s = loginSteps().get(0);
        String what = s.step().uses("azure/login") ? "uses azure/login"
                : "runs `" + Commands.shorten(Commands.find(s, Commands.AZ_LOGIN).or(() -> Commands.authenticatedTerraform(s)).orElse("")) + "`";
        Location at = s.step().run().isPresent()
                ? Commands.where(s, Commands.find(s, Commands.AZ_LOGIN).or(() -> Commands.authenticatedTerraform(s)).orElse(""))
                : s.step().location();
        return (s.step().run().isPresent() && s.step().name().isEmpty() ? "the step" : "step " + s.step().label()) + " at " + at + " " + what;
    }

    /** Where it deploys: by its environment's name when that says, else by the values or helmfile environment it deploys with. */
    Set<DeployTarget> deployTargets() {
        Set<DeployTarget> out = EnumSet.noneOf(DeployTarget.class);
        if (!deploysApp()) {
            return out;
        }
        for (JobEnvironment e : environments()) {
            String name = e.name().text();
            if (PROD_NAME.matcher(name).find()) {
                out.add(DeployTarget.PROD);
            } else if (DEV_NAME.matcher(name).find()) {
                out.add(DeployTarget.DEV);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        for (ExecutedStep s : deploySteps()) {
            String text = ImagePushes.resolve(String.join("\n", Commands.all(s, Commands.DEPLOY))
                    + s.step().with().values().stream().map(Value::text).toList(), s.env());
            if (PROD_DEPLOY.matcher(text).find()) {
                out.add(DeployTarget.PROD);
            }
            if (DEV_DEPLOY.matcher(text).find()) {
                out.add(DeployTarget.DEV);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ settings as they apply

    /** Its environment, or those of the jobs of the reusable workflow it calls. */
    List<JobEnvironment> environments() {
        List<JobEnvironment> out = new ArrayList<>();
        job.environment().ifPresent(out::add);
        called.forEach(c -> c.job().environment().ifPresent(out::add));
        return out;
    }

    /** The concurrency that applies: the called job's, the job's, the called workflow's, then the workflow's. */
    Optional<Concurrency> concurrency() {
        for (CalledJob c : called) {
            if (c.job().concurrency().isPresent()) {
                return c.job().concurrency();
            }
        }
        if (job.concurrency().isPresent()) {
            return job.concurrency();
        }
        for (CalledJob c : called) {
            if (c.workflow().concurrency().isPresent()) {
                return c.workflow().concurrency();
            }
        }
        return workflow.concurrency();
    }

    /** The permissions the job's token gets: its own, else the workflow's; empty when neither says (repository default). */
    Optional<Permissions> permissions() {
        return job.permissions().or(workflow::permissions);
    }

    /** Whether it may run in the scenario, through the workflow's triggers, its needs and if:, and the called jobs' if:. */
    Truth mayRun(Scenario s) {
        Truth t = workflow.mayRun(job, s);
        if (!called.isEmpty()) {
            Truth any = Truth.FALSE;
            for (CalledJob c : called) {
                any = any.or(c.workflow().mayRunOnceStarted(c.job(), s));
            }
            t = t.and(any);
        }
        return t;
    }

    Optional<ExecutedStep> firstStep(List<ExecutedStep> subset) {
        return steps.stream().filter(subset::contains).findFirst();
    }

    int indexOf(ExecutedStep s) {
        return steps.indexOf(s);
    }
}
