package dev.fullchain.day4;

import static dev.fullchain.day4.Pipelines.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.day4.PipelineJob.DeployTarget;
import dev.fullchain.model.workflow.Concurrency;
import dev.fullchain.model.workflow.ConditionEvaluator;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.JobEnvironment;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Day 4, static: the app pipeline read from .github/workflows as data (the job graph, triggers,
 * conditions evaluated per scenario), with local reusable workflows and actions followed:
 * it is valid, its stages are ordered, nothing ships without the tests, images carry the
 * commit, dev and prod deploy as they should, and deployments never overlap. Jobs are
 * recognised by what they run, not by their names. A finding names file, line, job and step.
 */
class Day4PipelineChecks {

    // ------------------------------------------------------------------ D4.WF.VALID

    @Criterion("D4.WF.VALID")
    void workflowsParseAndThePipelineRunsOnPullRequestsAndPushesToMain(Workflows workflows) {
        Findings findings = new Findings();
        // This criterion judges parsing: a file GitHub would refuse is a finding here, and blocks the others.
        workflows.problems().forEach(b -> findings.add(b.location(), b.problem(), b.expected()));
        List<List<PipelineJob>> pipelines = List.of();
        try {
            pipelines = appPipelines(workflows);
        } catch (BadInput named) {
            findings.add(named.location(), named.problem(), named.expected());
        }
        if (pipelines.isEmpty()) {
            if (findings.isEmpty()) {
                requireAppPipelines(workflows, findings);
            }
            findings.assertNone();
            return;
        }
        for (List<PipelineJob> pipeline : pipelines) {
            Workflow w = pipeline.get(0).workflow();
            if (!w.triggers().admitPullRequests()) {
                findings.add(w.triggers().location(), w.path() + " does not run on " + Scenario.PULL_REQUEST.description() + ": " + triggersOf(w),
                        "on: pull_request: (every change is built and tested before it merges)");
            }
            if (!w.triggers().admit(Scenario.PUSH_MAIN)) {
                findings.add(w.triggers().location(), w.path() + " does not run on " + Scenario.PUSH_MAIN.description() + ": " + triggersOf(w),
                        "on: push: branches: [main] (what merges is built, tested and deployed)");
            }
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.STAGES

    @Criterion("D4.WF.STAGES")
    void jobsBuildTestPushDeployDevDeployProdAreOrderedByNeeds(Workflows workflows) {
        Findings findings = new Findings();
        // With the pipeline named in fullchain.yaml, only that file can block this criterion.
        workflows.problems().stream().filter(b -> workflows.configuredPath(PIPELINE_KEY).map(b.location().path()::equals).orElse(true))
                .forEach(findings::add);
        for (List<PipelineJob> jobs : requireAppPipelines(workflows, findings)) {
            stagesInOrder(jobs, findings);
        }
        findings.assertNone();
    }

    private static void stagesInOrder(List<PipelineJob> jobs, Findings findings) {
        Workflow w = jobs.get(0).workflow();
        Map<Stage, List<PipelineJob>> stages = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            stages.put(s, jobs.stream().filter(s::of).toList());
            if (stages.get(s).isEmpty()) {
                findings.add(w.location(), w.path() + " has no job that " + s.does + "; its jobs: " + jobList(jobs),
                        "a " + s.label() + " job in the chain build → test → push → deploy-dev → deploy-prod");
            }
        }
        Stage[] order = Stage.values();
        for (int i = 1; i < order.length; i++) {
            List<PipelineJob> before = stages.get(order[i - 1]);
            for (PipelineJob after : stages.get(order[i])) {
                if (before.isEmpty() || before.contains(after)) {
                    continue;
                }
                // Tests from source before one job builds and pushes: still build → test → push in effect.
                if (order[i] == Stage.TEST && before.stream().allMatch(b -> b.pushesImage() && w.graph().waitsFor(b.id(), after.id()))) {
                    continue;
                }
                if (before.stream().noneMatch(b -> w.graph().waitsFor(after.id(), b.id()))) {
                    findings.add(after.location(), after.describe() + " (the " + order[i].label() + " stage) does not wait for "
                                    + names(before) + " (the " + order[i - 1].label() + " stage): " + needsOf(w, after.job()),
                            "needs: " + before.get(0).id() + " (directly or through a job that needs it), so "
                                    + order[i].label() + " starts only after " + order[i - 1].label());
                }
            }
        }
    }

    // ------------------------------------------------------------------ D4.WF.TEST_GATE

    @Criterion("D4.WF.TEST_GATE")
    void nothingIsPushedOrDeployedUnlessTheTestsPassed(Workflows workflows) {
        Findings findings = new Findings();
        List<List<PipelineJob>> pipelines = PipelineJob.entryPipelines(workflows, findings);
        if (pipelines.stream().flatMap(List::stream).noneMatch(PipelineJob::pushesOrDeploys) && findings.isEmpty()) {
            throw missing(workflows, "job that pushes an image or deploys (docker push, build-push-action with push: true, helm upgrade ...),"
                    + " whose tests could gate it", PIPELINE_KEY);
        }
        for (List<PipelineJob> jobs : pipelines) {
            List<PipelineJob> releasing = jobs.stream().filter(PipelineJob::pushesOrDeploys).toList();
            if (releasing.isEmpty()) {
                continue;
            }
            Workflow w = jobs.get(0).workflow();
            // Tests that run after a push or deploy (smoke tests of dev) do not gate it.
            List<PipelineJob> tests = jobs.stream().filter(PipelineJob::tests)
                    .filter(t -> releasing.stream().noneMatch(r -> r != t && w.graph().waitsFor(t.id(), r.id()))).toList();
            for (PipelineJob t : tests) {
                testsCount(t, findings);
            }
            for (PipelineJob r : releasing) {
                String what = r.pushesImage() ? "pushes images" : "deploys";
                List<PipelineJob> gates = tests.stream().filter(t -> t != r).toList();
                if (gates.isEmpty() && !r.tests()) {
                    findings.add(r.location(), r.describe() + " " + what + " in " + w.path() + ", where no job before it runs tests",
                            "a test job (pytest, npm test ...) that this job needs");
                    continue;
                }
                for (PipelineJob t : gates) {
                    if (!w.graph().waitsFor(r.id(), t.id())) {
                        findings.add(r.location(), r.describe() + " " + what + " without waiting for job '" + t.id()
                                        + "', which runs the tests: " + needsOf(w, r.job()),
                                "needs: " + t.id() + " (directly or through another job), so a failed test stops it");
                    }
                }
                if (r.tests()) {
                    testsBeforeRelease(r, what, findings);
                }
                List<String> path = new ArrayList<>(List.of(r.id()));
                w.graph().transitiveNeeds(r.id()).stream()
                        .filter(k -> gates.stream().anyMatch(t -> w.graph().waitsFor(k, t.id()))).forEach(path::add);
                for (String k : path) {
                    Job job = w.job(k).orElseThrow();
                    job.condition().filter(c -> overridesFailure(c.text())).ifPresent(c -> findings.add(c.location(),
                            "job '" + k + "' has if: " + c.text().strip() + ", which lets it run after failed tests"
                                    + (k.equals(r.id()) ? "" : " (and " + r.describe() + " after it)"),
                            "no always(), !cancelled(), failure() or success() || ... there: combine conditions with &&,"
                                    + " e.g. if: github.ref == 'refs/heads/main' (success() is implied)"));
                }
            }
        }
        findings.assertNone();
    }

    /** A status function that replaces "only if everything before succeeded". */
    private static boolean overridesFailure(String condition) {
        String c = condition.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        return c.contains("always()") || c.contains("cancelled()") || c.contains("failure()")
                || (c.contains("success()") && c.contains("||"));
    }

    /** A test job whose failures do not count lets everything after it go on. */
    private static void testsCount(PipelineJob t, Findings findings) {
        t.job().continueOnError().filter(v -> mayBeTrue(v.text())).ifPresent(v -> findings.add(v.location(),
                "job '" + t.id() + "' runs the tests with continue-on-error: " + v.text().strip() + ": a failed test does not fail it",
                "no continue-on-error on the test job"));
        for (ExecutedStep s : t.testSteps()) {
            s.step().continueOnError().filter(v -> mayBeTrue(v.text())).ifPresent(v -> findings.add(v.location(),
                    "job '" + t.id() + "', step " + s.step().label() + " has continue-on-error: " + v.text().strip() + ": failed tests are ignored",
                    "no continue-on-error on test steps"));
            for (String line : Commands.all(s, Commands.TEST)) {
                if (Commands.IGNORED_FAILURE.matcher(line).find()) {
                    findings.add(s.step().run().get().location(), "job '" + t.id() + "', step " + s.step().label() + " runs `"
                            + Commands.shorten(line) + "`: the test's exit status is thrown away", "the test command alone, so its failure fails the job");
                }
            }
        }
    }

    private static void testsBeforeRelease(PipelineJob r, String what, Findings findings) {
        List<ExecutedStep> release = new ArrayList<>(r.pushSteps());
        release.addAll(r.deploySteps());
        int firstRelease = release.stream().mapToInt(r::indexOf).min().orElse(Integer.MAX_VALUE);
        for (ExecutedStep t : r.testSteps()) {
            if (r.indexOf(t) > firstRelease) {
                findings.add(t.step().location(), r.describe() + " runs the tests (step " + t.step().label() + ") after it " + what,
                        "the test steps before the push or deploy steps");
            }
        }
    }

    // ------------------------------------------------------------------ D4.WF.IMAGE_TAGS

    private static final Pattern COMMIT_SHA = Pattern.compile("(?i)github\\.sha|GITHUB_SHA|\\.head\\.sha|rev-parse|\\bsha\\b|sha-|_SHA\\b|\\$\\{?\\w*SHA\\w*}?");

    @Criterion("D4.WF.IMAGE_TAGS")
    void imagesAreTaggedWithTheCommitShaAndPushedToAcr(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> pushers = PipelineJob.entryPipelines(workflows, findings).stream().flatMap(List::stream)
                .filter(PipelineJob::pushesImage).toList();
        if (pushers.isEmpty() && workflows.problems().isEmpty()) {
            Workflow w = requireAppPipeline(workflows, findings);
            findings.add(w.location(), w.path() + " (the app pipeline) pushes no image (no docker push, docker buildx build --push, az acr build or build-push-action with push: true)",
                    "a job that pushes <registry>.azurecr.io/<image>:${{ github.sha }}");
        }
        for (PipelineJob job : pushers) {
            List<ImagePushes.Pushed> pushed = ImagePushes.of(job);
            if (pushed.isEmpty()) {
                ExecutedStep s = job.pushSteps().get(0);
                findings.add(s.step().location(), job.describe() + ", step " + s.step().label() + " pushes, but no image reference can be read from it",
                        "docker push <registry>.azurecr.io/<image>:${{ github.sha }} or build-push-action tags:");
                continue;
            }
            boolean acrLogin = job.steps().stream().anyMatch(s -> Commands.find(s, Pattern.compile("\\baz\\s+acr\\s+login\\b")).isPresent()
                    || s.step().uses("azure/docker-login")
                    || (s.step().uses("docker/login-action") && s.step().input("registry").map(v -> v.text().contains("azurecr.io")).orElse(false)));
            Map<String, List<ImagePushes.Pushed>> byRepository = new LinkedHashMap<>();
            for (ImagePushes.Pushed p : pushed) {
                boolean firstOfRepository = !byRepository.containsKey(p.repository());
                byRepository.computeIfAbsent(p.repository(), k -> new ArrayList<>()).add(p);
                String registry = p.registry();
                boolean acr = registry.toLowerCase(Locale.ROOT).endsWith(".azurecr.io")
                        || ((registry.contains("${{") || registry.contains("$")) && acrLogin);
                // One registry finding per image repository, however many tags it is pushed with.
                if (!acr && firstOfRepository) {
                    findings.add(p.where(), job.describe() + ", step " + p.step().step().label() + " pushes " + p.written()
                                    + (p.written().equals(p.resolved()) ? "" : " (" + p.resolved() + ")") + " to " + registry + ", not to Azure Container Registry"
                                    + ImagePushes.setBy(p.written(), p.step().env()),
                            "<registry>.azurecr.io/<image>:${{ github.sha }}, after az acr login --name <registry>");
                }
            }
            byRepository.forEach((repository, refs) -> {
                if (refs.stream().noneMatch(p -> COMMIT_SHA.matcher(p.tag()).find())) {
                    ImagePushes.Pushed p = refs.get(0);
                    findings.add(p.where(), job.describe() + ", step " + p.step().step().label() + " pushes " + repository
                                    + " tagged only " + String.join(", ", refs.stream().map(ImagePushes.Pushed::tag).distinct().toList())
                                    + ": no tag names the commit" + ImagePushes.setBy(p.written(), p.step().env()),
                            repository + ":${{ github.sha }} (latest may be added, never alone)");
                }
            });
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.DEPLOY_DEV

    @Criterion("D4.WF.DEPLOY_DEV")
    void deployDevRunsOnMainWithHelmAtomicAndDevValues(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> dev = deployJobs(workflows, findings, DeployTarget.DEV);
        if (dev.isEmpty() && workflows.problems().isEmpty()) {
            Workflow w = requireAppPipeline(workflows, findings);
            findings.add(w.location(), w.path() + " (the app pipeline) has no job that deploys to dev (no helm upgrade / helmfile apply with values-dev or -e dev, no job with environment dev)",
                    "a deploy-dev job: helm upgrade --install --atomic --wait -f charts/<chart>/values-dev.yaml, on pushes to main");
        }
        for (PipelineJob job : dev) {
            if (!job.mayRun(Scenario.PUSH_MAIN).possible()) {
                findings.add(job.job().condition().map(Value::location).orElse(job.location()), job.describe() + " deploys to dev but never runs on "
                                + Scenario.PUSH_MAIN.description() + " (" + triggersOf(job.workflow()) + job.job().condition().map(c -> "; if: " + c.text().strip()).orElse("") + ")",
                        "deploy-dev running by itself on every push to main: on: push: branches: [main], and an if: that admits it");
            }
            helmOptions(job, DeployTarget.DEV, findings);
        }
        findings.assertNone();
    }

    /** helm upgrade --install --atomic --wait with the environment's values, or helmfile apply -e ENV; env variables of the step resolved. */
    private static void helmOptions(PipelineJob job, DeployTarget target, Findings findings) {
        String env = target == DeployTarget.DEV ? "dev" : "prod";
        boolean valuesSeen = false;
        List<String> deployedWith = new ArrayList<>();
        Optional<Location> firstDeploy = Optional.empty();
        for (ExecutedStep s : job.deploySteps()) {
            for (String written : Commands.all(s, Commands.DEPLOY)) {
                String line = ImagePushes.resolve(written, s.env());
                Location where = Commands.where(s, written);
                firstDeploy = firstDeploy.or(() -> Optional.of(where));
                String at = job.describe() + ", step " + s.step().label() + " runs `" + Commands.shorten(written) + "`"
                        + ImagePushes.setBy(written, s.env());
                valuesSeen |= line.matches("(?i).*values[-._]?" + env + ".*|.*(-e|--environment)[= ]+" + env + ".*");
                deployedWith.add("`" + Commands.shorten(line) + "`" + ImagePushes.setBy(written, s.env()));
                if (!Commands.HELM_UPGRADE.matcher(line).find() || target == DeployTarget.PROD) {
                    continue;
                }
                List<String> words = ImagePushes.words(line);
                if (!line.matches(".*\\bhelm\\s+upgrade\\b.*") || !(words.contains("--install") || words.contains("-i"))) {
                    findings.add(where, at + ": without upgrade --install it fails on the first or the second run",
                            "helm upgrade --install (installs the first time, upgrades after)");
                }
                if (!words.contains("--atomic") && !words.contains("--rollback-on-failure")) {
                    findings.add(where, at + ": without --atomic a failed rollout stays half-deployed",
                            "--atomic --wait (rolls back by itself when the pods do not become ready)");
                }
            }
            valuesSeen |= s.step().with().values().stream().anyMatch(v -> ImagePushes.resolve(v.text(), s.env()).matches("(?is).*values[-._]?" + env + ".*"));
        }
        if (!valuesSeen) {
            String name = target == DeployTarget.DEV ? "dev" : "production";
            // Through a reusable workflow, the values file is set by the caller's with: line: name that line.
            Optional<Location> setByCaller = job.job().call().flatMap(c -> c.with().values().stream()
                    .filter(v -> v.text().matches("(?is).*values.*")).findFirst()).map(Value::location);
            Optional<Location> deployLine = firstDeploy;
            Location at = setByCaller.or(() -> deployLine).orElse(job.location());
            findings.add(at, job.describe() + " deploys to " + name + " without the " + env + " values file"
                            + (deployedWith.isEmpty() ? "" : ": it runs " + String.join("; ", deployedWith))
                            + deployLine.filter(l -> !l.equals(at)).map(l -> " at " + l).orElse(""),
                    "-f <chart>/values-" + env + ".yaml (values." + env + ".yaml and values_" + env + ".yaml are fine too), or helmfile -e " + env + " apply");
        }
    }

    // ------------------------------------------------------------------ D4.WF.DEPLOY_PROD

    @Criterion("D4.WF.DEPLOY_PROD")
    void deployProdTargetsAProtectedEnvironmentFromMainOrAReleaseTag(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> prod = deployJobs(workflows, findings, DeployTarget.PROD);
        if (prod.isEmpty() && workflows.problems().isEmpty()) {
            Workflow w = requireAppPipeline(workflows, findings);
            findings.add(w.location(), w.path() + " (the app pipeline) has no job that deploys to production (no environment named production/prod, no helm upgrade with values-prod, no helmfile -e prod)",
                    "a deploy-prod job with environment: production that deploys with the prod values");
        }
        Set<String> devEnvironments = new LinkedHashSet<>();
        deployJobs(workflows, new Findings(), DeployTarget.DEV).forEach(j -> j.environments().forEach(e -> devEnvironments.add(e.name().text())));
        for (PipelineJob job : prod) {
            List<JobEnvironment> envs = job.environments();
            if (envs.isEmpty()) {
                findings.add(job.location(), job.describe() + " deploys to production with no environment:, so nobody approves it",
                        "environment: production (with required reviewers in Settings > Environments)");
            }
            for (JobEnvironment e : envs) {
                if (devEnvironments.contains(e.name().text())) {
                    findings.add(e.location(), job.describe() + " deploys to production in environment '" + e.name().text() + "', the one dev uses",
                            "its own environment, e.g. production, with required reviewers");
                }
            }
            for (Scenario s : Scenario.UNREVIEWED) {
                Truth t = job.mayRun(s);
                if (t.possible()) {
                    findings.add(job.job().condition().map(Value::location).orElse(job.location()), job.describe() + (t == Truth.TRUE ? " runs" : " may run")
                                    + " on " + s.description() + " (" + triggersOf(job.workflow())
                                    + job.job().condition().map(c -> "; if: " + c.text().strip()).orElse("; no if:") + ")",
                            "if: github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v') on the job (or on a job it needs)");
                }
            }
            helmOptions(job, DeployTarget.PROD, findings);
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.CONCURRENCY

    private static final Pattern PER_RUN = Pattern.compile("github\\.(run_id|run_number|run_attempt|sha|ref|ref_name|head_ref|event\\.)");

    @Criterion("D4.WF.CONCURRENCY")
    void deploymentsToOneEnvironmentNeverOverlap(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> deploying = PipelineJob.entryPipelines(workflows, findings).stream().flatMap(List::stream)
                .filter(j -> j.deploysApp() || j.terraform("apply")).toList();
        if (deploying.isEmpty() && findings.isEmpty()) {
            throw missing(workflows, "job that deploys (helm upgrade, helmfile apply, kubectl apply, terraform apply)", PIPELINE_KEY);
        }
        // A reusable workflow called for dev and for production has one concurrency: line: said once.
        Set<Location> said = new LinkedHashSet<>();
        for (PipelineJob j : deploying) {
            String what = j.deploysApp() ? "deploys" : "runs terraform apply";
            Optional<Concurrency> c = j.concurrency();
            if (c.isEmpty()) {
                findings.add(j.location(), j.describe() + " " + what + " with no concurrency:, so two runs can deploy at once",
                        "concurrency: {group: deploy-<environment>, cancel-in-progress: false}");
                continue;
            }
            Value group = c.get().group();
            List<String> perRun = group.expressions().stream().flatMap(e -> e.references().stream())
                    .filter(r -> PER_RUN.matcher(r).lookingAt()).toList();
            if (!perRun.isEmpty() && said.add(group.location())) {
                findings.add(group.location(), j.describe() + " " + what + " in concurrency group '" + group.text().strip() + "', which changes with "
                                + String.join(", ", perRun) + ": runs for different commits or refs do not wait for each other",
                        "a group per environment that is the same for every run, e.g. deploy-production");
            }
            c.get().cancelInProgress().filter(v -> ConditionEvaluator.evaluate(v.text(), Scenario.PUSH_MAIN, Truth.TRUE) == Truth.TRUE)
                    .filter(v -> said.add(v.location()))
                    .ifPresent(v -> findings.add(v.location(), j.describe() + " " + what + " with cancel-in-progress: " + v.text().strip()
                                    + ": a newer run cancels a deployment halfway",
                            "cancel-in-progress: false for deployments (the next one waits)"));
        }
        findings.assertNone();
    }
}
