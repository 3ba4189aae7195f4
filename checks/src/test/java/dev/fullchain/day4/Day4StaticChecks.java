package dev.fullchain.day4;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.day4.PipelineJob.DeployTarget;
import dev.fullchain.model.workflow.ActionRef;
import dev.fullchain.model.workflow.CalledJob;
import dev.fullchain.model.workflow.CompositeAction;
import dev.fullchain.model.workflow.Concurrency;
import dev.fullchain.model.workflow.ConditionEvaluator;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Expression;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.JobEnvironment;
import dev.fullchain.model.workflow.Permissions;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Step;
import dev.fullchain.model.workflow.Trigger;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Day 4, static: the GitHub Actions workflows under .github/workflows read as data (the job
 * graph, triggers, permissions, conditions evaluated per scenario), with local reusable
 * workflows and actions followed. Jobs are recognised by what they run, not by their names.
 * A finding names the file and line, the job and the step.
 */
class Day4StaticChecks {

    private static final Location WORKFLOWS = Location.of(Workflows.DIR);
    private static final Set<String> FIRST_PARTY_OWNERS = Set.of("actions", "github");

    // ------------------------------------------------------------------ D4.WF.VALID

    @Criterion("D4.WF.VALID")
    void workflowsParseAndThePipelineRunsOnPullRequestsAndPushesToMain(Workflows workflows) {
        Findings findings = new Findings();
        workflows.problems().forEach(findings::add);
        if (!workflows.any()) {
            findings.add(WORKFLOWS, "no workflow: no .yml or .yaml file in " + Workflows.DIR,
                    "a workflow such as .github/workflows/app.yml with on: pull_request and push to main");
        }
        Optional<List<PipelineJob>> pipeline = appPipeline(workflows);
        if (pipeline.isEmpty() && workflows.any() && workflows.problems().isEmpty()) {
            findings.add(WORKFLOWS, "no workflow builds, tests or deploys the app (no docker build, pytest, npm test, helm upgrade ...)",
                    "an app pipeline that runs on pull requests and on pushes to main");
        }
        pipeline.ifPresent(jobs -> {
            Workflow w = jobs.get(0).workflow();
            for (Scenario s : List.of(Scenario.PULL_REQUEST, Scenario.PUSH_MAIN)) {
                if (!w.triggers().admit(s)) {
                    findings.add(w.triggers().location(), w.path() + " does not run on " + s.description() + ": " + triggersOf(w),
                            s == Scenario.PULL_REQUEST ? "on: pull_request: (every change is built and tested before it merges)"
                                    : "on: push: branches: [main] (what merges is built, tested and deployed)");
                }
            }
        });
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.STAGES

    private enum Stage {
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

    @Criterion("D4.WF.STAGES")
    void jobsBuildTestPushDeployDevDeployProdAreOrderedByNeeds(Workflows workflows) {
        Findings findings = new Findings();
        workflows.problems().forEach(findings::add);
        Optional<List<PipelineJob>> pipeline = appPipeline(workflows);
        if (pipeline.isEmpty()) {
            if (!workflows.problems().isEmpty()) {
                findings.assertNone();
            }
            findings.add(WORKFLOWS, "no workflow builds, tests, pushes or deploys the app",
                    "one workflow with jobs build → test → push → deploy-dev → deploy-prod chained by needs:");
            findings.assertNone();
            return;
        }
        List<PipelineJob> jobs = pipeline.get();
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
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.TEST_GATE

    @Criterion("D4.WF.TEST_GATE")
    void nothingIsPushedOrDeployedUnlessTheTestsPassed(Workflows workflows) {
        Findings findings = new Findings();
        for (List<PipelineJob> jobs : PipelineJob.entryPipelines(workflows, findings)) {
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
            findings.add(WORKFLOWS, "no job pushes an image (no docker push, docker buildx build --push, az acr build or build-push-action with push: true)",
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
                byRepository.computeIfAbsent(p.repository(), k -> new ArrayList<>()).add(p);
                String registry = p.registry();
                boolean acr = registry.toLowerCase(Locale.ROOT).endsWith(".azurecr.io")
                        || ((registry.contains("${{") || registry.contains("$")) && acrLogin);
                if (!acr) {
                    findings.add(p.step().step().location(), job.describe() + ", step " + p.step().step().label() + " pushes " + p.written()
                                    + (p.written().equals(p.resolved()) ? "" : " (" + p.resolved() + ")") + " to " + registry + ", not to Azure Container Registry",
                            "<registry>.azurecr.io/<image>:${{ github.sha }}, after az acr login --name <registry>");
                }
            }
            byRepository.forEach((repository, refs) -> {
                if (refs.stream().noneMatch(p -> COMMIT_SHA.matcher(p.tag()).find())) {
                    ImagePushes.Pushed p = refs.get(0);
                    findings.add(p.step().step().location(), job.describe() + ", step " + p.step().step().label() + " pushes " + repository
                                    + " tagged only " + String.join(", ", refs.stream().map(ImagePushes.Pushed::tag).distinct().toList())
                                    + ": no tag names the commit",
                            repository + ":${{ github.sha }} (latest may be added, never alone)");
                }
            });
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.OIDC

    private static final Pattern SECRET_ENV = Pattern.compile("(?i)^(ARM|AZURE)_CLIENT_SECRET$|^AZURE_CREDENTIALS$|^ARM_CLIENT_CERTIFICATE_PASSWORD$");

    @Criterion("D4.WF.OIDC")
    void azureLoginUsesOidc(Workflows workflows) {
        Findings findings = new Findings();
        boolean anyLogin = false;
        for (List<PipelineJob> jobs : PipelineJob.entryPipelines(workflows, findings)) {
            for (PipelineJob job : jobs) {
                anyLogin |= job.logsInToAzure();
                for (ExecutedStep s : job.steps()) {
                    checkLogin(job, s, findings);
                }
                if (job.logsInToAzure()) {
                    needsIdToken(job, findings);
                }
            }
        }
        for (Workflow w : workflows.all()) {
            for (Map.Entry<String, Value> e : secretEnv(w)) {
                findings.add(e.getValue().location(), w.path() + " sets " + e.getKey() + ": a stored credential for Azure",
                        "no client secret: ARM_USE_OIDC: true with ARM_CLIENT_ID, ARM_TENANT_ID and ARM_SUBSCRIPTION_ID (Terraform), azure/login with client-id, tenant-id and subscription-id");
            }
        }
        if (!anyLogin && workflows.problems().isEmpty() && workflows.any()) {
            findings.add(WORKFLOWS, "no job logs in to Azure (no azure/login, az login or Terraform with ARM_USE_OIDC)",
                    "azure/login with client-id, tenant-id and subscription-id in the jobs that push to ACR and deploy, with permissions id-token: write");
        }
        findings.assertNone();
    }

    private static void checkLogin(PipelineJob job, ExecutedStep s, Findings findings) {
        Step step = s.step();
        if (step.uses("azure/login")) {
            if (step.input("creds").isPresent()) {
                findings.add(step.input("creds").get().location(), job.describe() + ", step " + step.label()
                                + " logs in with creds: " + step.input("creds").get().text().strip() + " (a service principal secret)",
                        "client-id, tenant-id and subscription-id, no creds: (OpenID Connect, nothing stored)");
            }
            for (String id : List.of("client-id", "tenant-id", "subscription-id")) {
                if (step.input(id).isEmpty() && step.input("creds").isEmpty()
                        && !(id.equals("subscription-id") && step.input("allow-no-subscriptions").map(v -> v.text().equals("true")).orElse(false))) {
                    findings.add(step.location(), job.describe() + ", step " + step.label() + " has no " + id + ":",
                            id + ": ${{ vars.AZURE_" + id.toUpperCase(Locale.ROOT).replace('-', '_') + " }} (client-id, tenant-id and subscription-id: OIDC)");
                }
            }
        }
        for (String line : Commands.all(s, Commands.AZ_LOGIN)) {
            if (line.contains("--service-principal") && !line.contains("--federated-token")) {
                findings.add(step.run().get().location(), job.describe() + ", step " + step.label() + " runs `" + Commands.shorten(line)
                        + "`: a service principal secret", "azure/login with OIDC, or az login --service-principal --federated-token");
            }
        }
    }

    /** The job that logs in must be allowed an OIDC token, and so must the job that calls it. */
    private static void needsIdToken(PipelineJob job, Findings findings) {
        Optional<Permissions> own = job.permissions();
        if (own.isEmpty() || !own.get().grantsWrite("id-token")) {
            findings.add(own.map(Permissions::location).orElse(job.location()), job.describe() + " logs in to Azure, but its token permissions "
                            + own.map(p -> "are " + p.describe()).orElse("are not declared") + ": no id-token: write, so no OIDC token",
                    "permissions: {contents: read, id-token: write} on the job");
        }
        for (CalledJob c : job.called()) {
            boolean logsIn = job.steps().stream().anyMatch(s -> s.via().contains(c.describe())
                    && (s.step().uses("azure/login") || Commands.runs(s, Commands.AZ_LOGIN)));
            Optional<Permissions> p = c.job().permissions().or(() -> c.workflow().permissions());
            if (logsIn && p.isPresent() && !p.get().grantsWrite("id-token")) {
                findings.add(p.get().location(), c.describe() + " logs in to Azure with permissions " + p.get().describe() + ": no id-token: write",
                        "permissions: {contents: read, id-token: write} on that job");
            }
        }
    }

    private static List<Map.Entry<String, Value>> secretEnv(Workflow w) {
        List<Map.Entry<String, Value>> out = new ArrayList<>();
        Predicate<Map.Entry<String, Value>> secret = e -> SECRET_ENV.matcher(e.getKey()).matches() && !e.getValue().text().isBlank();
        w.env().entrySet().stream().filter(secret).forEach(out::add);
        for (Job j : w.jobs()) {
            j.env().entrySet().stream().filter(secret).forEach(out::add);
            j.steps().forEach(s -> s.env().entrySet().stream().filter(secret).forEach(out::add));
        }
        return out;
    }

    // ------------------------------------------------------------------ D4.WF.PERMISSIONS

    @Criterion("D4.WF.PERMISSIONS")
    void permissionsAreLeastPrivilege(Workflows workflows) {
        Findings findings = new Findings();
        workflows.problems().forEach(findings::add);
        for (Workflow w : workflows.all()) {
            Optional<Permissions> top = w.permissions();
            top.filter(p -> !p.writes().isEmpty() && w.jobs().size() > 1).ifPresent(p -> findings.add(p.location(),
                    w.path() + " grants " + p.describe() + " to every job",
                    "permissions: contents: read (or {}) at the top, and write scopes only on the jobs that need them"));
            for (Job j : w.jobs()) {
                if (top.isEmpty() && j.permissions().isEmpty()) {
                    findings.add(j.location(), w.path() + " has no permissions: and neither has job '" + j.id()
                                    + "': its token gets the repository's default permissions (write to most scopes on older repositories)",
                            "permissions: contents: read at the top of the workflow (or on each job)");
                }
                j.permissions().filter(p -> p.kind() == Permissions.Kind.WRITE_ALL).ifPresent(p -> findings.add(p.location(),
                        "job '" + j.id() + "' has permissions: write-all", "only the scopes it needs, e.g. {contents: read, id-token: write}"));
            }
            for (PipelineJob job : PipelineJob.of(workflows, w, new Findings())) {
                Optional<Permissions> p = job.job().permissions();
                if (p.isPresent() && p.get().grantsWrite("id-token") && !job.logsInToAzure() && job.called().isEmpty()) {
                    findings.add(p.get().location(), job.describe() + " has id-token: write but logs in nowhere (no azure/login, az login or Terraform OIDC)",
                            "id-token: write only on the jobs that log in to Azure");
                }
            }
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.PINNED_ACTIONS

    @Criterion("D4.WF.PINNED_ACTIONS")
    void thirdPartyActionsArePinnedToACommitSha(Workflows workflows) {
        Findings findings = new Findings();
        workflows.problems().forEach(findings::add);
        Set<String> actionsSeen = new LinkedHashSet<>();
        for (Workflow w : workflows.all()) {
            for (Job j : w.jobs()) {
                j.call().map(c -> c.uses()).ifPresent(ref -> pinned(ref, "job '" + j.id() + "' calls", findings));
                for (Step s : j.steps()) {
                    s.uses().ifPresent(ref -> pinned(ref, "job '" + j.id() + "', step " + s.label() + " uses", findings));
                    findings.tolerating(() -> workflows.action(s).ifPresent(a -> actionSteps(workflows, a, actionsSeen, findings, 0)));
                }
            }
        }
        findings.assertNone();
    }

    private static void actionSteps(Workflows workflows, CompositeAction a, Set<String> seen, Findings findings, int depth) {
        if (!seen.add(a.path()) || depth > 10) {
            return;
        }
        for (Step s : a.steps()) {
            s.uses().ifPresent(ref -> pinned(ref, a.path() + ", step " + s.label() + " uses", findings));
            findings.tolerating(() -> workflows.action(s).ifPresent(inner -> actionSteps(workflows, inner, seen, findings, depth + 1)));
        }
    }

    private static void pinned(ActionRef ref, String who, Findings findings) {
        if (ref.isPinned() || (ref.isRemote() && FIRST_PARTY_OWNERS.contains(ref.owner().toLowerCase(Locale.ROOT)) && !ref.ref().isEmpty())) {
            return;
        }
        String found;
        if (ref.kind() == ActionRef.Kind.DOCKER) {
            found = who + " " + ref.raw().strip() + ": an image tag, which can be moved";
        } else if (ref.ref().isEmpty()) {
            found = who + " " + ref.raw().strip() + " with no version at all";
        } else if (ref.isShortSha()) {
            found = who + " " + ref.raw().strip() + ": a shortened SHA, which can be ambiguous";
        } else {
            found = who + " " + ref.raw().strip() + ": '" + ref.ref() + "' is a tag or branch, which its owner can move";
        }
        findings.add(ref.location(), found, ref.kind() == ActionRef.Kind.DOCKER ? "docker://" + ref.name() + "@sha256:<digest>"
                : ref.name() + "@<40-hex commit SHA> # " + (ref.ref().isEmpty() ? "vX.Y.Z" : ref.ref())
                + " (gh api repos/" + ref.repository() + "/commits/" + (ref.ref().isEmpty() ? "<tag>" : ref.ref()) + " --jq .sha)");
    }

    // ------------------------------------------------------------------ D4.WF.DEPLOY_DEV

    @Criterion("D4.WF.DEPLOY_DEV")
    void deployDevRunsOnMainWithHelmAtomicAndDevValues(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> dev = deployJobs(workflows, findings, DeployTarget.DEV);
        if (dev.isEmpty() && workflows.problems().isEmpty()) {
            findings.add(WORKFLOWS, "no job deploys to dev (no helm upgrade / helmfile apply with values-dev or -e dev, no job with environment dev)",
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

    /** helm upgrade --install --atomic --wait with the environment's values, or helmfile apply -e ENV. */
    private static void helmOptions(PipelineJob job, DeployTarget target, Findings findings) {
        String env = target == DeployTarget.DEV ? "dev" : "prod";
        boolean valuesSeen = false;
        for (ExecutedStep s : job.deploySteps()) {
            for (String line : Commands.all(s, Commands.DEPLOY)) {
                Location where = s.step().run().map(Value::location).orElse(s.step().location());
                String at = job.describe() + ", step " + s.step().label() + " runs `" + Commands.shorten(line) + "`";
                valuesSeen |= line.matches("(?i).*values[-._]?" + env + ".*|.*(-e|--environment)[= ]+" + env + ".*");
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
            valuesSeen |= s.step().with().values().stream().anyMatch(v -> v.text().matches("(?is).*values[-._]?" + env + ".*"));
        }
        if (!valuesSeen && target == DeployTarget.DEV) {
            findings.add(job.location(), job.describe() + " deploys to dev without the dev values file",
                    "-f charts/<chart>/values-dev.yaml (or helmfile -e dev apply)");
        }
        if (!valuesSeen && target == DeployTarget.PROD) {
            findings.add(job.location(), job.describe() + " deploys to production without the prod values file",
                    "-f charts/<chart>/values-prod.yaml (or helmfile -e prod apply)");
        }
    }

    // ------------------------------------------------------------------ D4.WF.DEPLOY_PROD

    @Criterion("D4.WF.DEPLOY_PROD")
    void deployProdTargetsAProtectedEnvironmentFromMainOrAReleaseTag(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> prod = deployJobs(workflows, findings, DeployTarget.PROD);
        if (prod.isEmpty() && workflows.problems().isEmpty()) {
            findings.add(WORKFLOWS, "no job deploys to production (no environment named production/prod, no helm upgrade with values-prod, no helmfile -e prod)",
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

    // ------------------------------------------------------------------ D4.WF.TERRAFORM

    @Criterion("D4.WF.TERRAFORM")
    void terraformPlansOnPullRequestsAndAppliesOnlyOnMainBehindAnEnvironment(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> tfJobs = PipelineJob.entryPipelines(workflows, findings).stream().flatMap(List::stream)
                .filter(j -> j.steps().stream().anyMatch(s -> Commands.find(s, Commands.TERRAFORM).isPresent())).toList();
        if (tfJobs.isEmpty()) {
            if (workflows.problems().isEmpty()) {
                findings.add(WORKFLOWS, "no workflow runs terraform (fmt, init, validate, plan, apply)",
                        "an infrastructure workflow: plan on pull requests, apply on main behind an environment");
            }
            findings.assertNone();
            return;
        }
        Workflow w = tfJobs.get(0).workflow();
        List<PipelineJob> onPr = tfJobs.stream().filter(j -> j.mayRun(Scenario.PULL_REQUEST).possible()).toList();
        for (String sub : List.of("fmt", "init", "validate", "plan")) {
            boolean done = onPr.stream().anyMatch(j -> j.steps().stream().anyMatch(s -> Commands.terraform(s, sub)
                    .filter(l -> !sub.equals("fmt") || l.contains("-check")).isPresent()));
            if (!done) {
                findings.add(w.location(), "no job runs terraform " + sub + (sub.equals("fmt") ? " -check" : "") + " on "
                                + Scenario.PULL_REQUEST.description() + (onPr.isEmpty() ? " (no Terraform job runs on pull requests: "
                                + triggersOf(w) + ")" : " (jobs on pull requests: " + names(onPr) + ")"),
                        "a plan job on pull_request running terraform fmt -check, init, validate and plan");
            }
        }
        for (PipelineJob j : onPr) {
            j.workflow().triggers().event("pull_request").filter(t -> !t.paths().isEmpty()).ifPresent(t -> {
                String dir = terraformDir(j);
                String sample = (dir.isEmpty() ? "" : dir + "/") + "main.tf";
                if (!t.admitsPath(sample)) {
                    findings.add(t.location(), j.workflow().path() + " runs on pull requests only for paths " + texts(t.paths())
                                    + ", which do not include " + sample, "paths: [\"" + (dir.isEmpty() ? "" : dir + "/") + "**\"] (where the Terraform code is)");
                }
            });
        }
        List<PipelineJob> apply = tfJobs.stream().filter(j -> j.terraform("apply")).toList();
        if (apply.isEmpty()) {
            findings.add(w.location(), "no job runs terraform apply (" + names(tfJobs) + " only plan)",
                    "an apply job on main, behind an environment");
        }
        for (PipelineJob j : apply) {
            for (Scenario s : Scenario.UNREVIEWED) {
                Truth t = j.mayRun(s);
                if (t.possible()) {
                    findings.add(j.job().condition().map(Value::location).orElse(j.location()), j.describe() + " runs terraform apply and "
                                    + (t == Truth.TRUE ? "runs" : "may run") + " on " + s.description() + " (" + triggersOf(j.workflow())
                                    + j.job().condition().map(c -> "; if: " + c.text().strip()).orElse("; no if:") + ")",
                            "if: github.ref == 'refs/heads/main' && github.event_name == 'push' on the apply job");
                }
            }
            if (!j.mayRun(Scenario.PUSH_MAIN).possible() && !j.mayRun(Scenario.DISPATCH_MAIN).possible()) {
                findings.add(j.location(), j.describe() + " runs terraform apply but never on main (" + triggersOf(j.workflow()) + ")",
                        "on: push: branches: [main] and an apply job that runs there");
            }
            if (j.environments().isEmpty()) {
                findings.add(j.location(), j.describe() + " runs terraform apply with no environment:, so nobody reviews it",
                        "environment: (e.g. infra-prod, with required reviewers) on the apply job");
            }
        }
        findings.assertNone();
    }

    /** The folder Terraform runs in: the job's default working-directory, a step's, or -chdir. */
    private static String terraformDir(PipelineJob j) {
        for (ExecutedStep s : j.steps()) {
            Optional<String> line = Commands.find(s, Commands.TERRAFORM);
            if (line.isEmpty()) {
                continue;
            }
            var chdir = Pattern.compile("-chdir=(\\S+)").matcher(line.get());
            if (chdir.find()) {
                return chdir.group(1).replaceAll("^\\./|/$", "");
            }
            Optional<Value> wd = s.step().workingDirectory().or(() -> j.job().workingDirectory());
            if (wd.isPresent()) {
                return wd.get().text().strip().replaceAll("^\\./|/$", "");
            }
        }
        return "";
    }

    // ------------------------------------------------------------------ D4.WF.CONCURRENCY

    private static final Pattern PER_RUN = Pattern.compile("github\\.(run_id|run_number|run_attempt|sha|ref|ref_name|head_ref|event\\.)");

    @Criterion("D4.WF.CONCURRENCY")
    void deploymentsToOneEnvironmentNeverOverlap(Workflows workflows) {
        Findings findings = new Findings();
        List<PipelineJob> deploying = PipelineJob.entryPipelines(workflows, findings).stream().flatMap(List::stream)
                .filter(j -> j.deploysApp() || j.terraform("apply")).toList();
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
            if (!perRun.isEmpty()) {
                findings.add(group.location(), j.describe() + " " + what + " in concurrency group '" + group.text().strip() + "', which changes with "
                                + String.join(", ", perRun) + ": runs for different commits or refs do not wait for each other",
                        "a group per environment that is the same for every run, e.g. deploy-production");
            }
            c.get().cancelInProgress().filter(v -> ConditionEvaluator.evaluate(v.text(), Scenario.PUSH_MAIN, Truth.TRUE) == Truth.TRUE)
                    .ifPresent(v -> findings.add(v.location(), j.describe() + " " + what + " with cancel-in-progress: " + v.text().strip()
                                    + ": a newer run cancels a deployment halfway",
                            "cancel-in-progress: false for deployments (the next one waits)"));
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D4.WF.INJECTION

    /** Fields anyone opening an issue or a pull request controls (GitHub's security hardening guide). */
    private static final Pattern UNTRUSTED = Pattern.compile("github\\.head_ref"
            + "|github\\.event\\.(issue|pull_request|comment|review|review_comment|discussion|discussion_comment|pages\\.\\*|commits\\.\\*"
            + "|head_commit|workflow_run|workflow_run\\.pull_requests\\.\\*|pull_request\\.head\\.repo)"
            + "(\\.[\\w.*-]*)?\\.(title|body|message|name|email|label|ref|head_ref|head_branch|default_branch|page_name)$");
    private static final Pattern PR_HEAD = Pattern.compile("github\\.event\\.pull_request\\.head\\.(sha|ref)|github\\.head_ref|refs/pull/");

    @Criterion("D4.WF.INJECTION")
    void noUntrustedInputInScriptsAndNoPullRequestTargetCheckout(Workflows workflows) {
        Findings findings = new Findings();
        workflows.problems().forEach(findings::add);
        Set<String> scanned = new LinkedHashSet<>();
        for (Workflow w : workflows.all()) {
            boolean prTarget = w.triggers().has("pull_request_target");
            for (Job j : w.jobs()) {
                for (Step s : j.steps()) {
                    scriptInjection(w.path(), "job '" + j.id() + "'", s, findings);
                    if (prTarget) {
                        untrustedCheckout(w, j, s, findings);
                    }
                    findings.tolerating(() -> workflows.action(s).ifPresent(a -> {
                        if (scanned.add(a.path())) {
                            a.steps().forEach(inner -> scriptInjection(a.path(), "the action", inner, findings));
                        }
                    }));
                }
            }
        }
        findings.assertNone();
    }

    private static void scriptInjection(String path, String owner, Step s, Findings findings) {
        List<Value> scripts = new ArrayList<>();
        s.run().ifPresent(scripts::add);
        if (s.uses("actions/github-script")) {
            s.input("script").ifPresent(scripts::add);
        }
        for (Value script : scripts) {
            for (Expression e : script.expressions()) {
                for (String ref : e.references()) {
                    if (UNTRUSTED.matcher(ref).matches()) {
                        String var = ref.substring(ref.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT).replace('-', '_');
                        findings.add(e.location(), owner + ", step " + s.label() + " writes " + e.raw() + " into its script: "
                                        + ref + " is set by whoever opens the issue, pull request or commit, and is pasted into the shell before it runs",
                                "env: {" + var + ": " + e.raw() + "} on the step and \"$" + var + "\" in the script");
                    }
                }
            }
        }
    }

    private static void untrustedCheckout(Workflow w, Job j, Step s, Findings findings) {
        List<Value> refs = new ArrayList<>();
        if (s.uses("actions/checkout")) {
            s.input("ref").ifPresent(refs::add);
            s.input("repository").filter(v -> v.text().contains("pull_request.head")).ifPresent(refs::add);
        }
        s.run().filter(r -> r.text().matches("(?s).*\\b(git\\s+(fetch|checkout|switch)|gh\\s+pr\\s+checkout)\\b.*")).ifPresent(refs::add);
        for (Value v : refs) {
            if (PR_HEAD.matcher(v.text()).find() || v.text().matches("(?s).*gh\\s+pr\\s+checkout.*")) {
                findings.add(v.location(), w.path() + " runs on pull_request_target (with the repository's secrets and a write token) and job '"
                                + j.id() + "', step " + s.label() + " checks out the pull request's code: " + v.firstLine(),
                        "on: pull_request for building and testing pull requests; pull_request_target only for jobs that never run their code");
            }
        }
    }

    // ------------------------------------------------------------------ shared

    /**
     * The app pipeline: the entry workflow whose jobs cover the most stages (build, test, push,
     * deploy), Terraform-only workflows aside. Empty when no workflow does any of it.
     */
    private static Optional<List<PipelineJob>> appPipeline(Workflows workflows) {
        Findings ignored = new Findings();
        return workflows.entryPoints().stream()
                .map(w -> PipelineJob.of(workflows, w, ignored))
                .filter(jobs -> score(jobs) > 0)
                .max(Comparator.comparingInt(Day4StaticChecks::score));
    }

    private static int score(List<PipelineJob> jobs) {
        int n = 0;
        for (Stage s : Stage.values()) {
            n += jobs.stream().anyMatch(s::of) ? 1 : 0;
        }
        return n;
    }

    /** Jobs of entry workflows that deploy the app to the target. */
    private static List<PipelineJob> deployJobs(Workflows workflows, Findings findings, DeployTarget target) {
        return PipelineJob.entryPipelines(workflows, findings).stream().flatMap(List::stream)
                .filter(j -> j.deployTargets().contains(target)).toList();
    }

    private static String triggersOf(Workflow w) {
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

    private static String texts(List<Value> values) {
        return values.stream().map(Value::text).toList().toString();
    }

    private static String needsOf(Workflow w, Job job) {
        List<String> needs = w.graph().needs(job.id());
        return needs.isEmpty() ? "it has no needs:" : "needs: " + String.join(", ", needs);
    }

    private static String names(List<PipelineJob> jobs) {
        return String.join(", ", jobs.stream().map(j -> "'" + j.id() + "'").toList());
    }

    private static String jobList(List<PipelineJob> jobs) {
        return jobs.stream().map(PipelineJob::id).toList().toString();
    }

    private static boolean mayBeTrue(String text) {
        return ConditionEvaluator.evaluate(text, Scenario.PUSH_MAIN, Truth.TRUE) == Truth.TRUE;
    }
}
