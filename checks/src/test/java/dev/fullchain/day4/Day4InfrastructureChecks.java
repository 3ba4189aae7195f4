package dev.fullchain.day4;

import static dev.fullchain.day4.Pipelines.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Day 4, static: the infrastructure workflow: Terraform fmt, validate and plan on pull
 * requests, apply only on main behind an environment. A finding names file, line, job and step.
 */
class Day4InfrastructureChecks {

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
}
