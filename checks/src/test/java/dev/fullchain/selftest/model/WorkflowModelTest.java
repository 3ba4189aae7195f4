package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.workflow.ActionRef;
import dev.fullchain.model.workflow.CalledJob;
import dev.fullchain.model.workflow.ConditionEvaluator;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Expression;
import dev.fullchain.model.workflow.FilterPattern;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.Permissions;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Step;
import dev.fullchain.model.workflow.Trigger;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub Actions workflows read as data: triggers, permissions, jobs, steps, the job graph, followed calls. */
@Tag("selftest")
class WorkflowModelTest {

    @TempDir
    Path dir;

    private Workflows load(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return Workflows.load(Target.open(dir));
    }

    private Workflow one(String yaml) throws IOException {
        Workflows w = load(Map.of(".github/workflows/ci.yml", yaml));
        assertThat(w.problems()).as("problems").isEmpty();
        return w.all().get(0);
    }

    private BadInput bad(String yaml) throws IOException {
        Workflows w = load(Map.of(".github/workflows/ci.yml", yaml));
        assertThat(w.all()).isEmpty();
        assertThat(w.problems()).hasSize(1);
        return w.problems().get(0);
    }

    private static String line(Workflow w, int line) {
        return w.file().lines().get(line - 1);
    }

    // ------------------------------------------------------------------ the reference

    @Test
    void readsTheReferencePipeline() {
        Workflows workflows = Workflows.load(Target.open(Fixtures.root()));
        assertThat(workflows.problems()).isEmpty();
        assertThat(workflows.all()).extracting(Workflow::path).containsExactly(
                ".github/workflows/app.yml", ".github/workflows/deploy.yml", ".github/workflows/infrastructure.yml");
        assertThat(workflows.entryPoints()).extracting(Workflow::path).doesNotContain(".github/workflows/deploy.yml");

        Workflow app = workflows.workflow(".github/workflows/app.yml").orElseThrow();
        assertThat(app.triggers().events()).extracting(Trigger::event).containsExactly("pull_request", "push");
        Trigger push = app.triggers().event("push").orElseThrow();
        assertThat(push.branches()).extracting(Value::text).containsExactly("main");
        assertThat(push.tags()).extracting(Value::text).containsExactly("v*");
        assertThat(app.permissions().orElseThrow().describe()).isEqualTo("{contents: read}");
        assertThat(app.env()).containsKey("REGISTRY");
        assertThat(app.graph().order()).containsExactly("build", "test", "push", "deploy-dev", "deploy-prod");
        assertThat(app.graph().transitiveNeeds("deploy-prod")).containsExactly("build", "test", "push", "deploy-dev");
        assertThat(app.graph().needs("deploy-prod")).containsExactly("deploy-dev");
        assertThat(app.graph().pathTo("deploy-prod", "test")).containsExactly("deploy-prod", "deploy-dev", "push", "test");

        Job build = app.job("build").orElseThrow();
        assertThat(line(app, build.location().line())).contains("build:");
        Step checkout = build.steps().get(0);
        ActionRef ref = checkout.uses().orElseThrow();
        assertThat(ref.name()).isEqualTo("actions/checkout");
        assertThat(ref.ref()).hasSize(40);
        assertThat(ref.isPinned()).isTrue();
        assertThat(ref.comment()).contains("v4.2.2");
        Step dockerBuild = build.steps().get(1);
        assertThat(dockerBuild.run().orElseThrow().text()).startsWith("docker build");
        Expression sha = dockerBuild.run().get().expressions().get(0);
        assertThat(sha.body()).isEqualTo("github.sha");
        assertThat(line(app, sha.location().line())).contains("docker build").contains("${{ github.sha }}");

        Job deployProd = app.job("deploy-prod").orElseThrow();
        assertThat(deployProd.call().orElseThrow().uses().isLocal()).isTrue();
        assertThat(deployProd.condition().orElseThrow().text()).contains("refs/tags/v");
        List<CalledJob> called = workflows.calledJobs(deployProd);
        assertThat(called).hasSize(1);
        Job deploy = called.get(0).job();
        assertThat(deploy.environment().orElseThrow().name().text()).isEqualTo("production");
        assertThat(deploy.concurrency().orElseThrow().group().text()).isEqualTo("deploy-production");
        assertThat(deploy.concurrency().get().cancelInProgress().orElseThrow().text()).isEqualTo("false");
        assertThat(deploy.permissions().orElseThrow().grantsWrite("id-token")).isTrue();
        List<ExecutedStep> prodSteps = workflows.stepsRunBy(app, deployProd);
        assertThat(prodSteps).anySatisfy(s -> assertThat(s.step().run().map(Value::text).orElse(""))
                .contains("-f charts/fullchain-app/values-prod.yaml").contains("--atomic"));
        assertThat(prodSteps.get(0).via()).contains("deploy-prod").contains(".github/workflows/deploy.yml job deploy");
        // The step's env sees the job's env with the caller's input written in.
        assertThat(prodSteps.get(0).env().get("IMAGE_TAG").text()).isEqualTo("${{ github.sha }}");

        // The composite action is followed, with its input written in.
        List<ExecutedStep> testSteps = workflows.stepsRunBy(app, app.job("test").orElseThrow());
        ExecutedStep pytest = testSteps.stream().filter(s -> s.step().run().map(r -> r.text().contains("pytest -q")).orElse(false))
                .findFirst().orElseThrow();
        assertThat(pytest.file()).isEqualTo(".github/actions/api-tests/action.yml");
        assertThat(pytest.step().workingDirectory().orElseThrow().text()).isEqualTo("app/api");
        assertThat(pytest.via()).contains("job test").contains(".github/actions/api-tests/action.yml");

        Workflow infra = workflows.workflow(".github/workflows/infrastructure.yml").orElseThrow();
        assertThat(infra.job("plan").orElseThrow().workingDirectory().orElseThrow().text()).isEqualTo("terraform");
        assertThat(infra.mayRun(infra.job("apply").orElseThrow(), Scenario.PULL_REQUEST)).isEqualTo(Truth.FALSE);
        assertThat(infra.mayRun(infra.job("apply").orElseThrow(), Scenario.PUSH_MAIN)).isEqualTo(Truth.TRUE);
        assertThat(infra.mayRun(infra.job("plan").orElseThrow(), Scenario.PULL_REQUEST)).isEqualTo(Truth.TRUE);
    }

    // ------------------------------------------------------------------ what is there

    @Test
    void noWorkflowAtAllIsMissingNamingWhereGitHubReadsThemAndTheKey() throws IOException {
        Workflows none = load(Map.of("README.md", "no workflows yet\n", ".github/workflows/notes.txt", "not a workflow\n"));
        assertThat(none.any()).isFalse();
        assertThatThrownBy(none::all).isInstanceOf(Missing.class).hasMessageContaining(".github/workflows/*.yml")
                .satisfies(e -> assertThat(((Missing) e).key()).isEqualTo("workflows"));
        assertThatThrownBy(none::problems).isInstanceOf(Missing.class);
    }

    @Test
    void fullchainYamlNamesThePipelineAndANameThatIsNoWorkflowIsBadInputAtItsLine() throws IOException {
        Workflows w = load(Map.of(".github/workflows/a.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n",
                "fullchain.yaml", "workflows:\n  pipeline: .github/workflows/a.yml\n  infrastructure: .github/workflows/tf.yml\n"));
        assertThat(w.configured("workflows.pipeline").orElseThrow().path()).isEqualTo(".github/workflows/a.yml");
        assertThatThrownBy(() -> w.configured("workflows.infrastructure")).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().toString()).isEqualTo("fullchain.yaml:3"))
                .hasMessageContaining(".github/workflows/tf.yml");
    }

    @Test
    void aDuplicateKeyIsBadInputWithBothLines() throws IOException {
        BadInput b = bad("on: push\npermissions: write-all\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n");
        assertThat(b.location().line()).isEqualTo(3);
        assertThat(b.problem()).contains("duplicate key 'permissions'", "first on line 2", "again on line 3");
    }

    @Test
    void aRunStepRunsWhereItsOwnTheJobsOrTheWorkflowsWorkingDirectorySays() throws IOException {
        Workflows workflows = load(Map.of(".github/workflows/ci.yml", """
                on: push
                defaults:
                  run:
                    working-directory: infra/live
                jobs:
                  a:
                    runs-on: x
                    steps:
                      - run: terraform init
                      - run: terraform fmt -check
                        working-directory: infra
                      - uses: ./.github/actions/fmt
                  b:
                    runs-on: x
                    defaults:
                      run:
                        working-directory: services/api
                    steps:
                      - run: |
                          pip install .
                          pytest
                """, ".github/actions/fmt/action.yml", """
                runs:
                  using: composite
                  steps:
                    - run: terraform fmt -check -recursive
                      shell: bash
                """));
        Workflow w = workflows.all().get(0);
        List<ExecutedStep> a = workflows.stepsRunBy(w, w.job("a").orElseThrow());
        assertThat(a).extracting(ExecutedStep::folder).containsExactly("infra/live", "infra", "", "");
        assertThat(a.get(0).workingDirectory().orElseThrow().line()).isEqualTo(4);
        assertThat(a.get(1).workingDirectory().orElseThrow().line()).isEqualTo(11);
        List<ExecutedStep> b = workflows.stepsRunBy(w, w.job("b").orElseThrow());
        assertThat(b.get(0).folder()).isEqualTo("services/api");
        // A line inside a block script is named by its own line, not the run: line.
        assertThat(b.get(0).step().run().orElseThrow().locationOf("pytest").line()).isEqualTo(21);
    }

    @Test
    void pullRequestTargetRunsOnPullRequestsWithTheBaseBranchsRef() throws IOException {
        Workflow w = one("on:\n  pull_request_target:\n    branches: [main]\njobs:\n  a:\n    if: github.ref == 'refs/heads/main'\n"
                + "    runs-on: x\n    steps: [{run: echo}]\n");
        assertThat(w.triggers().admitPullRequests()).isTrue();
        assertThat(w.triggers().admit(Scenario.PULL_REQUEST)).isFalse();
        assertThat(w.mayRun(w.job("a").orElseThrow(), Scenario.PULL_REQUEST_TARGET)).isEqualTo(Truth.TRUE);
        assertThat(Scenario.UNREVIEWED).contains(Scenario.PULL_REQUEST_TARGET);
    }

    // ------------------------------------------------------------------ triggers

    @Test
    void onInEveryFormIncludingTheBareKeyYaml11ReadsAsABoolean() throws IOException {
        assertThat(one("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n").triggers().events())
                .extracting(Trigger::event).containsExactly("push");
        assertThat(one("on: [push, pull_request]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n").triggers().events())
                .extracting(Trigger::event).containsExactly("push", "pull_request");
        Workflow w = one("""
                "on":
                  pull_request:
                  push:
                    branches: ['release/**', '!release/old']
                    tags-ignore: [nightly]
                    paths: [app/**]
                  schedule:
                    - cron: '0 3 * * *'
                  workflow_dispatch:
                jobs:
                  a:
                    runs-on: x
                    steps: [{run: echo}]
                """);
        assertThat(w.triggers().events()).extracting(Trigger::event).containsExactly("pull_request", "push", "schedule", "workflow_dispatch");
        Trigger push = w.triggers().event("push").orElseThrow();
        assertThat(push.admitsBranch("release/1.0")).isTrue();
        assertThat(push.admitsBranch("release/old")).isFalse();
        assertThat(push.admitsBranch("main")).isFalse();
        assertThat(push.admitsTag("v1")).as("tags-ignore admits the other tags").isTrue();
        assertThat(push.admitsTag("nightly")).isFalse();
        Trigger branchesOnly = one("on:\n  push:\n    branches: [main]\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n")
                .triggers().event("push").orElseThrow();
        assertThat(branchesOnly.admitsTag("v1")).as("branch filters only: tag pushes do not start it").isFalse();
        assertThat(push.admitsPath("app/api/main.py")).isTrue();
        assertThat(push.admitsPath("terraform/main.tf")).isFalse();
        assertThat(push.location().line()).isEqualTo(3);
        assertThat(w.triggers().admit(Scenario.PULL_REQUEST)).isTrue();
        assertThat(w.triggers().admit(Scenario.PUSH_MAIN)).isFalse();
        assertThat(w.triggers().admit(Scenario.DISPATCH_BRANCH)).isTrue();
    }

    @Test
    void filterPatternsFollowGitHubGlobs() {
        assertThat(FilterPattern.matches("v*", "v1.2.3")).isTrue();
        assertThat(FilterPattern.matches("feature/*", "feature/a/b")).isFalse();
        assertThat(FilterPattern.matches("feature/**", "feature/a/b")).isTrue();
        assertThat(FilterPattern.matches("v[12].[0-9]+.*", "v2.10.0")).isTrue();
        assertThat(FilterPattern.matches("terraform/**", "terraform/main.tf")).isTrue();
    }

    // ------------------------------------------------------------------ permissions, concurrency, environment, needs

    @Test
    void permissionsConcurrencyEnvironmentAndNeedsInTheirShortAndLongForms() throws IOException {
        Workflow w = one("""
                on: push
                permissions: read-all
                concurrency: ci-${{ github.ref }}
                jobs:
                  a:
                    runs-on: ubuntu-24.04
                    permissions: {}
                    steps: [{run: echo}]
                  b:
                    needs: a
                    runs-on: ubuntu-24.04
                    permissions: write-all
                    environment: staging
                    concurrency:
                      group: deploy-staging
                      cancel-in-progress: ${{ github.event_name == 'pull_request' }}
                    steps: [{run: echo}]
                  c:
                    needs: [a, b]
                    runs-on: [self-hosted, linux]
                    permissions:
                      contents: read
                      id-token: write
                    environment:
                      name: production
                      url: https://example.com
                    steps: [{run: echo}]
                """);
        assertThat(w.permissions().orElseThrow().kind()).isEqualTo(Permissions.Kind.READ_ALL);
        assertThat(w.permissions().get().level("contents")).isEqualTo("read");
        assertThat(w.concurrency().orElseThrow().group().expressions()).extracting(Expression::body).containsExactly("github.ref");
        Job a = w.job("a").orElseThrow();
        Job b = w.job("b").orElseThrow();
        Job c = w.job("c").orElseThrow();
        assertThat(a.permissions().orElseThrow().describe()).isEqualTo("{}");
        assertThat(a.permissions().get().level("contents")).isEqualTo("none");
        assertThat(b.permissions().orElseThrow().writes()).containsExactly("*");
        assertThat(b.environment().orElseThrow().name().text()).isEqualTo("staging");
        assertThat(b.concurrency().orElseThrow().cancelInProgress().orElseThrow().text()).contains("pull_request");
        assertThat(c.permissions().orElseThrow().writes()).containsExactly("id-token");
        assertThat(c.environment().orElseThrow().url().orElseThrow().text()).isEqualTo("https://example.com");
        assertThat(c.runsOn().orElseThrow().text()).isEqualTo("[self-hosted, linux]");
        assertThat(b.needs()).extracting(n -> n.job()).containsExactly("a");
        assertThat(c.needs()).extracting(n -> n.job()).containsExactly("a", "b");
        assertThat(w.graph().transitiveNeeds("c")).containsExactly("a", "b");
        assertThat(w.graph().waitsFor("c", "a")).isTrue();
        assertThat(w.graph().waitsFor("a", "c")).isFalse();
    }

    @Test
    void stepsSplitUsesAndKeepScriptLinesAndExpressions() throws IOException {
        Workflow w = one("""
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-24.04
                    steps:
                      - uses: azure/login@v2   # not pinned
                        with:
                          client-id: ${{ vars.AZURE_CLIENT_ID }}
                      - uses: docker://alpine@sha256:0123456789abcdef
                      - id: hello
                        name: say hello
                        if: github.ref == 'refs/heads/main'
                        env:
                          WHO: ${{ github.actor }}
                        continue-on-error: true
                        run: |
                          echo start
                          echo "${{ github.event.pull_request.title }}"
                          echo ${{ github.sha }} ${{ github.sha }}
                  b:
                    uses: org/shared/.github/workflows/deploy.yml@main
                    with:
                      env: prod
                    secrets: inherit
                """);
        Job a = w.job("a").orElseThrow();
        ActionRef login = a.steps().get(0).uses().orElseThrow();
        assertThat(login.kind()).isEqualTo(ActionRef.Kind.REMOTE);
        assertThat(login.owner()).isEqualTo("azure");
        assertThat(login.ref()).isEqualTo("v2");
        assertThat(login.isPinned()).isFalse();
        assertThat(login.comment()).contains("not pinned");
        assertThat(a.steps().get(0).input("client-id").orElseThrow().expressions().get(0).body()).isEqualTo("vars.AZURE_CLIENT_ID");
        ActionRef docker = a.steps().get(1).uses().orElseThrow();
        assertThat(docker.kind()).isEqualTo(ActionRef.Kind.DOCKER);
        assertThat(docker.isPinned()).isTrue();
        Step hello = a.steps().get(2);
        assertThat(hello.label()).isEqualTo("\"say hello\"");
        assertThat(hello.id().orElseThrow().text()).isEqualTo("hello");
        assertThat(hello.condition().orElseThrow().text()).contains("refs/heads/main");
        assertThat(hello.env().get("WHO").text()).isEqualTo("${{ github.actor }}");
        assertThat(hello.continueOnError().orElseThrow().text()).isEqualTo("true");
        List<Expression> exprs = hello.run().orElseThrow().expressions();
        assertThat(exprs).extracting(Expression::body).containsExactly("github.event.pull_request.title", "github.sha", "github.sha");
        assertThat(exprs).extracting(e -> e.location().line()).containsExactly(18, 19, 19);
        assertThat(exprs.get(0).references()).containsExactly("github.event.pull_request.title");
        Job b = w.job("b").orElseThrow();
        assertThat(b.callsWorkflow()).isTrue();
        assertThat(b.call().orElseThrow().inheritsSecrets()).isTrue();
        assertThat(b.call().get().uses().name()).isEqualTo("org/shared/.github/workflows/deploy.yml");
        assertThat(b.call().get().uses().repository()).isEqualTo("org/shared");
        assertThat(b.call().get().with().get("env").text()).isEqualTo("prod");
    }

    // ------------------------------------------------------------------ bad input: one file, named, with its line

    @Test
    void aMissingNeedIsBadInputNamingFileJobAndLine() throws IOException {
        BadInput b = bad("""
                on: push
                jobs:
                  build:
                    runs-on: x
                    steps: [{run: make}]
                  deploy:
                    needs: [build, tests]
                    runs-on: x
                    steps: [{run: make deploy}]
                """);
        assertThat(b.location().toString()).isEqualTo(".github/workflows/ci.yml:7");
        assertThat(b.problem()).contains("job 'deploy' needs 'tests'").contains("build, deploy");
    }

    @Test
    void aCycleIsBadInputNotALoop() throws IOException {
        BadInput b = bad("""
                on: push
                jobs:
                  a:
                    needs: c
                    runs-on: x
                    steps: [{run: a}]
                  b:
                    needs: a
                    runs-on: x
                    steps: [{run: b}]
                  c:
                    needs: b
                    runs-on: x
                    steps: [{run: c}]
                """);
        assertThat(b.location().path()).isEqualTo(".github/workflows/ci.yml");
        assertThat(b.location().line()).isPositive();
        assertThat(b.problem()).contains("cycle").contains("a → c → b → a");
        assertThat(bad("on: push\njobs:\n  a:\n    needs: a\n    runs-on: x\n    steps: [{run: a}]\n").problem()).contains("a → a");
    }

    @Test
    void aBrokenFileIsOneProblemAndTheOthersStillLoad() throws IOException {
        Workflows w = load(Map.of(
                ".github/workflows/a.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
                ".github/workflows/b.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    labels: [unclosed\n",
                ".github/workflows/c.yaml", "on:\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
                ".github/workflows/d.yml", "on: {}\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n",
                ".github/workflows/notes.txt", "not a workflow"));
        assertThat(w.all()).extracting(Workflow::path).containsExactly(".github/workflows/a.yml");
        assertThat(w.problems()).extracting(p -> p.location().path())
                .containsExactly(".github/workflows/b.yml", ".github/workflows/c.yaml", ".github/workflows/d.yml");
        assertThat(w.problems().get(0).problem()).startsWith("not valid YAML");
        assertThat(w.problems().get(0).location().line()).isPositive();
        assertThat(w.problems().get(1).problem()).contains("on: is empty");
        assertThat(w.problems().get(2).problem()).contains("on: is empty");
    }

    @Test
    void shapesGitHubRefusesAreBadInput() throws IOException {
        assertThat(bad("jobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n").problem()).contains("no on:");
        assertThat(bad("on: push\n").problem()).contains("no jobs");
        assertThat(bad("on: push\njobs:\n  a:\n    steps: [{run: a}]\n").problem()).contains("neither runs-on: nor uses:");
        assertThat(bad("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{name: nothing}]\n").problem()).contains("neither uses: nor run:");
        assertThat(bad("on: push\npermissions: write\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n").problem())
                .contains("not read-all, write-all or a mapping");
        assertThat(bad("- on\n- push\n").problem()).contains("not a mapping");
        assertThat(bad("").problem()).contains("empty");
    }

    // ------------------------------------------------------------------ following local calls

    @Test
    void localReusableWorkflowsAndActionsAreFollowedWithInputsWrittenIn() throws IOException {
        Workflows w = load(Map.of(
                ".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          deploy:
                            uses: ./.github/workflows/deploy.yml
                            with:
                              target: prod
                              tag: ${{ github.sha }}
                        """,
                ".github/workflows/deploy.yml", """
                        on:
                          workflow_call:
                            inputs:
                              target: {type: string, required: true}
                              tag: {type: string, required: true}
                              chart: {type: string, default: charts/app}
                        jobs:
                          go:
                            if: inputs.target == 'prod'
                            runs-on: x
                            environment: ${{ inputs.target }}
                            steps:
                              - uses: ./.github/actions/helm
                                with:
                                  values: values-${{ inputs.target }}.yaml
                        """,
                ".github/actions/helm/action.yml", """
                        name: helm
                        inputs:
                          values: {default: values.yaml}
                          wait: {default: "--wait"}
                        runs:
                          using: composite
                          steps:
                            - shell: bash
                              run: helm upgrade --install app charts/app -f ${{ inputs.values }} ${{ inputs.wait }}
                        """));
        Workflow ci = w.workflow(".github/workflows/ci.yml").orElseThrow();
        Job deploy = ci.job("deploy").orElseThrow();
        CalledJob go = w.calledJobs(deploy).get(0);
        assertThat(go.job().environment().orElseThrow().name().text()).isEqualTo("prod");
        assertThat(go.job().condition().orElseThrow().text()).isEqualTo("'prod' == 'prod'");
        assertThat(go.workflow().mayRunOnceStarted(go.job(), Scenario.PUSH_MAIN)).isEqualTo(Truth.TRUE);
        List<ExecutedStep> steps = w.stepsRunBy(ci, deploy);
        assertThat(steps).hasSize(2);
        assertThat(steps.get(1).step().run().orElseThrow().text())
                .isEqualTo("helm upgrade --install app charts/app -f values-prod.yaml --wait");
        assertThat(steps.get(1).file()).isEqualTo(".github/actions/helm/action.yml");
        assertThat(w.entryPoints()).extracting(Workflow::path).containsExactly(".github/workflows/ci.yml");
    }

    @Test
    void aMissingLocalTargetOrAnActionThatUsesItselfIsBadInput() throws IOException {
        Workflows w = load(Map.of(
                ".github/workflows/ci.yml", """
                        on: push
                        jobs:
                          a:
                            uses: ./.github/workflows/missing.yml
                          b:
                            runs-on: x
                            steps:
                              - uses: ./.github/actions/loop
                        """,
                ".github/actions/loop/action.yml", """
                        runs:
                          using: composite
                          steps:
                            - uses: ./.github/actions/loop
                        """));
        Workflow ci = w.all().get(0);
        assertThatThrownBy(() -> w.calledJobs(ci.job("a").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessageContaining(".github/workflows/ci.yml:4").hasMessageContaining("no such file");
        assertThatThrownBy(() -> w.stepsRunBy(ci, ci.job("b").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessageContaining("nested more than");
    }

    @Test
    void aLocalUsesLeavingTheRepositoryIsBadInputAtItsLineAndNotLookedAt() throws IOException {
        // Something is there, outside: it must be neither read nor even said to exist.
        Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside/act"));
        Files.writeString(outside.resolve("action.yml"), "runs: {using: composite, steps: [{run: leak}]}\n");
        Files.writeString(outside.resolveSibling("wf.yml"), "on: workflow_call\njobs:\n  x: {runs-on: x, steps: [{run: leak}]}\n");
        String up = "./../" + dir.getFileName() + "-outside";
        Workflows w = load(Map.of(".github/workflows/ci.yml", """
                on: push
                jobs:
                  a:
                    uses: %s/wf.yml
                  b:
                    runs-on: x
                    steps:
                      - run: make
                      - uses: %s/act
                """.formatted(up, up)));
        Workflow ci = w.all().get(0);
        assertThatThrownBy(() -> w.calledJobs(ci.job("a").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessage(".github/workflows/ci.yml:4: uses: " + up + "/wf.yml points outside the repository: not read");
        assertThatThrownBy(() -> w.stepsRunBy(ci, ci.job("b").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessage(".github/workflows/ci.yml:9: uses: " + up + "/act points outside the repository: not read");
    }

    @Test
    void aFifoOrALinkOutsideAmongTheWorkflowsIsListedAndRefusedNamingIt() throws Exception {
        Path wf = Files.createDirectories(dir.resolve(".github/workflows"));
        Files.writeString(wf.resolve("ok.yml"), "on: push\njobs:\n  a: {runs-on: x, steps: [{run: make}]}\n");
        Process p = new ProcessBuilder("mkfifo", wf.resolve("app.yml").toString()).start();
        assertThat(p.waitFor()).isZero();
        Path secret = Files.writeString(Files.createTempFile("fullchain-outside", ".yml"), "on: push\n");
        try {
            Files.createSymbolicLink(wf.resolve("linked.yaml"), secret);
            Workflows w = Workflows.load(Target.open(dir));
            assertThat(w.paths()).containsExactly(".github/workflows/app.yml", ".github/workflows/linked.yaml", ".github/workflows/ok.yml");
            assertThat(w.all()).extracting(Workflow::path).containsExactly(".github/workflows/ok.yml");
            assertThat(w.problems()).extracting(BadInput::getMessage).containsExactly(
                    ".github/workflows/app.yml: is a special file (a FIFO, device or socket): fullchain never opens those",
                    ".github/workflows/linked.yaml: is, or goes through, a symbolic link that points outside the repository: not read");
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void aWorkflowsFolderLinkedOutsideIsRefusedNamingIt() throws IOException {
        Path elsewhere = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-wf"));
        Files.writeString(elsewhere.resolve("ci.yml"), "on: push\njobs:\n  a: {runs-on: x, steps: [{run: make}]}\n");
        Files.createDirectories(dir.resolve(".github"));
        Files.createSymbolicLink(dir.resolve(".github/workflows"), elsewhere);
        Workflows w = Workflows.load(Target.open(dir));
        assertThat(w.any()).isTrue();
        assertThatThrownBy(w::all).isInstanceOf(BadInput.class).hasMessageStartingWith(".github/workflows: is, or goes through, a symbolic link");
    }

    @Test
    void anIfNestedBeyondTheBoundIsAFindingAtItsLineNeverAStackOverflow() throws IOException {
        String deep = "(".repeat(10_000) + "true" + ")".repeat(10_000);
        BadInput b = bad("on: push\njobs:\n  a:\n    runs-on: x\n    if: " + deep + "\n    steps: [{run: make}]\n");
        assertThat(b.getMessage()).startsWith(".github/workflows/ci.yml:5: the if: expression nests deeper than "
                + ConditionEvaluator.MAX_NESTING + " levels");
        BadInput step = bad("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n        if: ${{ " + "!".repeat(5_000) + "true }}\n");
        assertThat(step.getMessage()).startsWith(".github/workflows/ci.yml:7: the if: expression nests deeper than");
        assertThat(ConditionEvaluator.evaluate(deep, Scenario.PUSH_MAIN, Truth.TRUE)).isEqualTo(Truth.UNKNOWN);
        assertThat(ConditionEvaluator.evaluate("startsWith(" + "format(".repeat(300) + "'x'" + ")".repeat(300) + ", 'x')",
                Scenario.PUSH_MAIN, Truth.TRUE)).isEqualTo(Truth.UNKNOWN);

        String within = "(".repeat(ConditionEvaluator.MAX_NESTING - 1) + "github.ref == 'refs/heads/main'" + ")".repeat(ConditionEvaluator.MAX_NESTING - 1);
        assertThat(ConditionEvaluator.beyondBounds(within)).isEmpty();
        assertThat(ConditionEvaluator.evaluate(within, Scenario.PUSH_MAIN, Truth.TRUE)).isEqualTo(Truth.TRUE);

        String wide = String.join(" || ", java.util.Collections.nCopies(100_000, "github.ref == 'x'"));
        assertThat(ConditionEvaluator.beyondBounds(wide)).hasValueSatisfying(p -> assertThat(p).startsWith("takes more than"));
        assertThat(ConditionEvaluator.evaluate(wide, Scenario.PUSH_MAIN, Truth.TRUE)).isEqualTo(Truth.UNKNOWN);
    }

    @Test
    void manyExpressionsInOneBlockGetTheirLinesInLinearWork() throws IOException {
        String block = "          echo ${{ github.sha }}\n".repeat(60_000);
        long start = System.nanoTime();
        Workflow w = one("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n" + block);
        List<Expression> exprs = w.job("a").orElseThrow().steps().get(0).run().orElseThrow().expressions();
        assertThat(exprs).hasSize(60_000);
        assertThat(exprs.get(0).location().line()).isEqualTo(7);
        assertThat(exprs.get(59_999).location().line()).isEqualTo(60_006);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void aWorkflowOfTwentyThousandJobsIsRefusedAtItsJobsLine() throws IOException {
        StringBuilder b = new StringBuilder("on: push\njobs:\n  j0: {runs-on: x, steps: [{run: make}]}\n");
        for (int i = 1; i < 20_000; i++) {
            b.append("  j").append(i).append(": {needs: j").append(i - 1).append(", runs-on: x, steps: [{run: make}]}\n");
        }
        Workflows w = load(Map.of(".github/workflows/ci.yml", b.toString()));
        assertThat(w.problems()).extracting(BadInput::getMessage)
                .containsExactly(".github/workflows/ci.yml:2: jobs: holds 20000 jobs, more than 500: fullchain reads no workflow that large");
    }

    @Test
    void reusableWorkflowsFanningOutAreFollowedWithinABound() throws IOException {
        Map<String, String> files = new java.util.HashMap<>();
        for (int level = 1; level <= 5; level++) {
            StringBuilder b = new StringBuilder("on: workflow_call\njobs:\n");
            for (int j = 0; j < 10; j++) {
                b.append("  j").append(j).append(level < 5 ? ": {uses: ./.github/workflows/fan" + (level + 1) + ".yml}\n"
                        : ": {runs-on: x, steps: [{run: make}]}\n");
            }
            files.put(".github/workflows/fan" + level + ".yml", b.toString());
        }
        files.put(".github/workflows/ci.yml", "on: push\njobs:\n  few:\n    uses: ./.github/workflows/fan4.yml\n  all:\n    uses: ./.github/workflows/fan1.yml\n");
        Workflows w = load(files);
        Workflow ci = w.workflow(".github/workflows/ci.yml").orElseThrow();
        assertThat(w.stepsRunBy(ci, ci.job("few").orElseThrow())).hasSize(100);
        assertThatThrownBy(() -> w.stepsRunBy(ci, ci.job("all").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessageStartingWith(".github/workflows/ci.yml:5: job 'all' expands into more than 20000 jobs and steps");
    }

    @Test
    void longLiteralsAndReferenceChainsAreReadWithoutRunningOutOfStack() {
        String literal = "github.ref == '" + "x".repeat(200_000) + "' || always()";
        assertThat(ConditionEvaluator.hasStatusFunction(literal)).isTrue();
        assertThat(ConditionEvaluator.hasStatusFunction("contains(github.ref, 'always()')")).isFalse();
        long start = System.nanoTime();
        assertThat(dev.fullchain.model.workflow.Expressions.find("${{ ".repeat(200_000) + "x }} ${{ y")).hasSize(1);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("unclosed ${{ read once").isLessThan(java.time.Duration.ofSeconds(2));
        assertThat(dev.fullchain.model.workflow.Expressions.replace("a ${{ b }} c ${{ d }}", o -> "<" + o.body() + ">")).isEqualTo("a <b> c <d>");
        String chain = "github" + ".a".repeat(20_000);
        Expression e = new Expression(chain + " && steps.x['y'].outputs[0] && 'github.ref'", "", null);
        assertThat(e.references()).hasSize(2);
        assertThat(e.references().get(0)).hasSize(chain.length());
        assertThat(e.references().get(1)).isEqualTo("steps.x.*.outputs.*");
    }

    // ------------------------------------------------------------------ conditions and scenarios

    @Test
    void conditionsAreEvaluatedPerScenarioInThreeValuedLogic() {
        String mainOrTag = "github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v')";
        assertThat(eval(mainOrTag, Scenario.PUSH_MAIN)).isEqualTo(Truth.TRUE);
        assertThat(eval(mainOrTag, Scenario.PUSH_RELEASE_TAG)).isEqualTo(Truth.TRUE);
        assertThat(eval(mainOrTag, Scenario.PULL_REQUEST)).isEqualTo(Truth.FALSE);
        assertThat(eval("${{ github.event_name != 'pull_request' }}", Scenario.PULL_REQUEST)).isEqualTo(Truth.FALSE);
        assertThat(eval("github.ref_name == 'MAIN'", Scenario.PUSH_MAIN)).as("comparisons ignore case").isEqualTo(Truth.TRUE);
        assertThat(eval("vars.DEPLOY == 'yes'", Scenario.PUSH_MAIN)).isEqualTo(Truth.UNKNOWN);
        assertThat(eval("vars.DEPLOY == 'yes' && github.ref == 'refs/heads/main'", Scenario.PULL_REQUEST)).isEqualTo(Truth.FALSE);
        assertThat(eval("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)", Scenario.PUSH_MAIN))
                .isEqualTo(Truth.TRUE);
        assertThat(eval("always()", Scenario.PULL_REQUEST)).isEqualTo(Truth.TRUE);
        assertThat(eval("!cancelled() && github.event_name == 'push'", Scenario.PUSH_BRANCH)).isEqualTo(Truth.TRUE);
        assertThat(eval("this is ( not an expression", Scenario.PUSH_MAIN)).isEqualTo(Truth.UNKNOWN);
        assertThat(ConditionEvaluator.hasStatusFunction("success() || github.event_name == 'push'")).isTrue();
        assertThat(ConditionEvaluator.hasStatusFunction("contains(github.ref, 'always()')")).isFalse();
    }

    private static Truth eval(String condition, Scenario s) {
        return ConditionEvaluator.evaluate(condition, s, Truth.TRUE);
    }

    @Test
    void aJobRunsOnlyWhereItsTriggersNeedsAndConditionAllowIt() throws IOException {
        Workflow w = one("""
                on:
                  pull_request:
                  push:
                    branches: [main]
                    tags: ['v*']
                jobs:
                  test:
                    runs-on: x
                    steps: [{run: make test}]
                  deploy-dev:
                    needs: test
                    if: github.ref == 'refs/heads/main'
                    runs-on: x
                    steps: [{run: make dev}]
                  deploy-prod:
                    needs: deploy-dev
                    runs-on: x
                    steps: [{run: make prod}]
                  report:
                    needs: deploy-prod
                    if: always()
                    runs-on: x
                    steps: [{run: make report}]
                """);
        Job prod = w.job("deploy-prod").orElseThrow();
        assertThat(w.mayRun(prod, Scenario.PULL_REQUEST)).as("gated by the job it needs").isEqualTo(Truth.FALSE);
        assertThat(w.mayRun(prod, Scenario.PUSH_MAIN)).isEqualTo(Truth.TRUE);
        assertThat(w.mayRun(prod, Scenario.PUSH_RELEASE_TAG)).as("deploy-dev is skipped on tags").isEqualTo(Truth.FALSE);
        assertThat(w.mayRun(prod, Scenario.PUSH_BRANCH)).as("the workflow does not start").isEqualTo(Truth.FALSE);
        assertThat(w.mayRun(w.job("report").orElseThrow(), Scenario.PULL_REQUEST)).as("always() ignores needs").isEqualTo(Truth.TRUE);
    }
}
