package dev.fullchain.day4;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.env.github.GitHubLive;
import dev.fullchain.env.github.GitHubLiveResolver;
import dev.fullchain.env.github.PipelineWorkflow;
import dev.fullchain.probe.github.GitHubReader.EnvironmentFacts;
import dev.fullchain.probe.github.GitHubReader.ProtectionRule;
import dev.fullchain.probe.github.GitHubReader.RunFacts;
import dev.fullchain.probe.github.GitHubReader.WorkflowFacts;
import dev.fullchain.report.Evidence;
import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Day 4, live: what GitHub says about the learner's repository, read-only (REST GETs with
 * their token). Off unless -Dlive=github; skipped with the reason when there is no token,
 * the token is refused or the repository cannot be seen. The pipeline is the target's
 * workflow with deploy jobs (or -Dgithub.workflow); see PipelineWorkflow.
 */
@ExtendWith(GitHubLiveResolver.class)
class Day4LiveChecks {

    /** How many of the branch's newest runs to read: the latest, and the last finished one for context. */
    private static final int RUNS_READ = 10;

    // ------------------------------------------------------------------ D4.GH.LAST_RUN

    @Criterion("D4.GH.LAST_RUN")
    void theLatestPipelineRunOnMainSucceeded(GitHubLive gh) {
        Findings findings = new Findings();
        String branch = gh.settings().branch();
        PipelineWorkflow pipeline = gh.pipeline();
        if (pipeline.path().isEmpty()) {
            findings.add(Location.of(".github/workflows"), "cannot tell which workflow is the pipeline: " + pipeline.how(),
                    "a workflow file with the deploy jobs, or -Dgithub.workflow=<file> naming the pipeline");
            findings.assertNone();
        }
        String path = pipeline.path().get();
        Location where = Location.of(path);
        List<WorkflowFacts> workflows = gh.reader().workflows();
        Optional<WorkflowFacts> workflow = workflows.stream().filter(w -> w.path().equals(path)).findFirst();
        if (workflow.isEmpty()) {
            findings.add(where, path + " (" + pipeline.how() + ") is not a workflow of " + gh.repo() + " on GitHub ("
                            + (workflows.isEmpty() ? "it has none" : "it has " + workflows.stream().map(WorkflowFacts::path)
                            .collect(Collectors.joining(", "))) + ")",
                    "the pipeline pushed to " + gh.repo() + " (git push), or -Dgithub.workflow=<file> naming one of its workflows");
            findings.assertNone();
        }
        WorkflowFacts w = workflow.get();
        List<RunFacts> runs = gh.reader().runs(w.id(), branch, RUNS_READ);
        Evidence.text("runs of " + w.path() + " on " + branch, runs.stream().map(Day4LiveChecks::describe)
                .collect(Collectors.joining("\n")));
        if (runs.isEmpty()) {
            String defaultBranch = gh.repository().defaultBranch();
            findings.add(where, "no run of workflow \"" + w.name() + "\" (" + w.path() + ") on branch " + branch + " in " + gh.repo()
                            + (w.state().equals("active") ? "" : "; the workflow is " + w.state())
                            + (defaultBranch.isEmpty() || defaultBranch.equals(branch) ? "" : "; the repository's default branch is "
                            + defaultBranch + " (-Dgithub.branch=" + defaultBranch + " to check that one)"),
                    "a run on " + branch + " whose conclusion is success: merge or push to " + branch
                            + (w.state().equals("active") ? "" : ", after enabling the workflow (gh workflow enable " + w.fileName() + ")"));
            findings.assertNone();
        }
        RunFacts latest = runs.get(0);
        if (!latest.completed()) {
            // No waiting: a run may wait for days (an approval gate), and the check must stay bounded.
            Optional<RunFacts> finished = runs.stream().filter(RunFacts::completed).findFirst();
            findings.add(where, "the latest run on " + branch + " has not finished: " + describe(latest)
                            + finished.map(f -> "; the last finished one before it: " + describe(f)).orElse(""),
                    "a finished run whose conclusion is success: let it finish (approve it if it waits for a reviewer)"
                            + " and run this check again");
        } else if (!latest.conclusion().equals("success")) {
            findings.add(where, "the latest run on " + branch + " did not succeed: " + describe(latest),
                    "conclusion success: read the failed job's log at " + latest.htmlUrl() + ", fix it and push to " + branch);
        }
        findings.assertNone();
    }

    /** "run #42 (push, head sha 3f9a2c1 on main): completed, conclusion failure — https://github.com/..." */
    private static String describe(RunFacts r) {
        return "run #" + r.runNumber() + " (" + r.event() + ", head sha " + r.shortSha() + " on " + r.headBranch() + "): "
                + r.status() + (r.completed() ? ", conclusion " + (r.conclusion().isEmpty() ? "none" : r.conclusion()) : "")
                + " — " + r.htmlUrl();
    }

    // ------------------------------------------------------------------ D4.GH.PROD_REVIEWERS

    @Criterion("D4.GH.PROD_REVIEWERS")
    void theProductionEnvironmentHasRequiredReviewers(GitHubLive gh) {
        Findings findings = new Findings();
        String name = gh.settings().environment();
        Location settings = Location.of(gh.repository().htmlUrl().isEmpty() ? gh.repo() + " (Settings > Environments)"
                : gh.repository().htmlUrl() + "/settings/environments");
        Optional<EnvironmentFacts> env = gh.reader().environment(name);
        if (env.isEmpty()) {
            List<String> names = gh.reader().environmentNames();
            findings.add(settings, "no environment \"" + name + "\" in " + gh.repo()
                            + (names.isEmpty() ? " (it has no environment at all)" : " (its environments: " + String.join(", ", names) + ")"),
                    "an environment \"" + name + "\" with required reviewers, referenced by the production deploy job"
                            + " (environment: " + name + ")" + (names.isEmpty() ? "" : ", or -Dgithub.environment=<name> if yours has another name"));
            findings.assertNone();
        }
        List<ProtectionRule> rules = env.get().protectionRules();
        boolean reviewed = rules.stream().anyMatch(r -> r.type().equals("required_reviewers") && !r.reviewers().isEmpty());
        if (!reviewed) {
            findings.add(settings,
                    "environment \"" + env.get().name() + "\" of " + gh.repo() + " has no required reviewers (protection rules: "
                            + (rules.isEmpty() ? "none" : rules.stream().map(ProtectionRule::describe).collect(Collectors.joining(", "))) + ")",
                    "a required_reviewers protection rule with at least one person or team, so a deployment to "
                            + env.get().name() + " waits for an approval");
        }
        findings.assertNone();
    }
}
