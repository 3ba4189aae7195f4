package dev.fullchain.day4;

import static dev.fullchain.day4.Pipelines.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Scenario;
import dev.fullchain.model.workflow.Trigger;
import dev.fullchain.model.workflow.Truth;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.target.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<PipelineJob> tfJobs = terraformJobs(workflows, findings);
        Workflow w = tfJobs.get(0).workflow();
        List<PipelineJob> onPr = tfJobs.stream().filter(j -> Scenario.PULL_REQUESTS.stream().anyMatch(s -> j.mayRun(s).possible())).toList();
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
        pathFilters(tfJobs, findings);
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

    /**
     * The jobs that run Terraform: those of the workflow fullchain.yaml names with
     * workflows.infrastructure, else of every entry workflow. Blocked by a file that does not
     * parse; missing when no workflow runs Terraform at all.
     */
    private static List<PipelineJob> terraformJobs(Workflows workflows, Findings findings) {
        Optional<Workflow> named = workflows.configured(INFRASTRUCTURE_KEY);
        List<PipelineJob> jobs = named.map(w -> List.of(PipelineJob.of(workflows, w, findings)))
                .orElseGet(() -> PipelineJob.entryPipelines(workflows, findings)).stream().flatMap(List::stream)
                .filter(j -> j.steps().stream().anyMatch(s -> Commands.find(s, Commands.TERRAFORM).isPresent())).toList();
        if (jobs.isEmpty()) {
            findings.assertNone();
            if (named.isPresent()) {
                throw Findings.fail(workflows.target().layout().where(INFRASTRUCTURE_KEY), INFRASTRUCTURE_KEY + " names " + named.get().path()
                        + ", which runs no terraform (fmt, init, validate, plan, apply)", "the workflow that plans and applies your Terraform");
            }
            throw missing(workflows, "infrastructure workflow (a job that runs terraform fmt, init, validate, plan or apply)", INFRASTRUCTURE_KEY);
        }
        return jobs;
    }

    /**
     * A paths: filter on the events that run Terraform must admit the folders it runs in (its
     * working-directory as defaults.run or the step sets it, or -chdir): each filter and folder said once.
     */
    private static void pathFilters(List<PipelineJob> tfJobs, Findings findings) {
        Map<Trigger, Map<String, TerraformFolder>> missed = new LinkedHashMap<>();
        Map<Trigger, String> workflowOf = new LinkedHashMap<>();
        for (PipelineJob j : tfJobs) {
            for (String event : List.of("pull_request", "pull_request_target", "push")) {
                Optional<Trigger> t = j.workflow().triggers().event(event).filter(x -> !x.paths().isEmpty());
                if (t.isEmpty()) {
                    continue;
                }
                for (TerraformFolder folder : terraformFolders(j)) {
                    String sample = (folder.path().isEmpty() ? "" : folder.path() + "/") + "main.tf";
                    // An expression or a shell variable in the folder (${{ matrix.env }}, $env) cannot be computed here.
                    String computable = dev.fullchain.model.workflow.Expressions.replace(sample, o -> "x").replaceAll("\\$\\{?\\w+}?", "x");
                    if (t.get().admitsPath(computable)) {
                        continue;
                    }
                    if (!computable.equals(sample)) {
                        findings.cannotTell(t.get().paths().get(0).location(), j.workflow().path() + " runs on " + event + " only for paths "
                                        + texts(t.get().paths()) + ", and Terraform runs in " + folder.path() + folder.setAt() + ", which depends on a variable",
                                "paths: that plainly include the Terraform folders, e.g. \"" + folder.path().replaceAll("/?\\$.*", "") + "/**\"");
                        continue;
                    }
                    missed.computeIfAbsent(t.get(), k -> new LinkedHashMap<>()).putIfAbsent(folder.path(), folder);
                    workflowOf.put(t.get(), j.workflow().path());
                }
            }
        }
        // One finding per filter, however many jobs run Terraform in the folders it leaves out.
        missed.forEach((t, folders) -> findings.add(t.paths().get(0).location(), workflowOf.get(t) + " runs on " + t.event() + " only for paths "
                        + texts(t.paths()) + ", but Terraform runs in " + String.join(", ", folders.values().stream()
                        .map(f -> (f.path().isEmpty() ? "the repository root" : f.path()) + f.setAt()).toList())
                        + ": a change to " + String.join(" or ", folders.keySet().stream().map(f -> (f.isEmpty() ? "" : f + "/") + "main.tf").toList())
                        + " would not start it",
                "paths: [" + String.join(", ", folders.keySet().stream().map(f -> "\"" + (f.isEmpty() ? "" : f + "/") + "**\"").toList())
                        + "] (where the Terraform code is)"));
    }

    /** A folder Terraform runs in, and where that is set (a working-directory line, a -chdir). */
    private record TerraformFolder(String path, Optional<Location> set) {
        String setAt() {
            return set.map(l -> " (set at " + l + ")").orElse("");
        }
    }

    private static List<TerraformFolder> terraformFolders(PipelineJob j) {
        Map<String, TerraformFolder> out = new LinkedHashMap<>();
        for (ExecutedStep s : j.steps()) {
            for (String written : Commands.all(s, Commands.TERRAFORM)) {
                String line = ImagePushes.resolve(written, s.env());
                String base = s.folder();
                Optional<String> dir = Optional.empty();
                var chdir = Pattern.compile("-chdir=(\\S+)").matcher(line);
                if (chdir.find()) {
                    dir = Optional.of(chdir.group(1));
                } else {
                    // terraform fmt [options] DIR...: the folders it formats.
                    List<String> args = Commands.terraformSubcommand(line).orElse(List.of());
                    if (!args.isEmpty() && args.get(0).equals("fmt")) {
                        dir = args.stream().skip(1).filter(a -> !a.startsWith("-")).findFirst();
                    }
                }
                if (dir.isPresent()) {
                    String d = dir.get().replaceAll("^[\"']|[\"']$", "").replaceAll("^(\\./)+|/+$", "");
                    String path = d.startsWith("/") || base.isEmpty() ? d : base + "/" + d;
                    out.putIfAbsent(path, new TerraformFolder(path, Optional.of(Commands.where(s, written))));
                } else {
                    out.putIfAbsent(base, new TerraformFolder(base, s.workingDirectory().map(Value::location)));
                }
            }
        }
        return List.copyOf(out.values());
    }
}
