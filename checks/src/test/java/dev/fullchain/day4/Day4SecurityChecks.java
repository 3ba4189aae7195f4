package dev.fullchain.day4;

import static dev.fullchain.day4.Pipelines.*;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.workflow.ActionRef;
import dev.fullchain.model.workflow.CalledJob;
import dev.fullchain.model.workflow.CompositeAction;
import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Expression;
import dev.fullchain.model.workflow.Job;
import dev.fullchain.model.workflow.Permissions;
import dev.fullchain.model.workflow.Step;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.model.workflow.Workflow;
import dev.fullchain.model.workflow.Workflows;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Day 4, static: the workflows' security: Azure login by OIDC with no secret, least-privilege
 * permissions, third-party actions pinned to a commit, and no untrusted input in scripts nor a
 * pull_request_target checkout of untrusted code. A finding names file, line, job and step.
 */
class Day4SecurityChecks {

    /** Actions GitHub itself publishes: a tag is accepted there, the criterion is about third parties. */
    private static final Set<String> FIRST_PARTY_OWNERS = Set.of("actions", "github");

    // ------------------------------------------------------------------ D4.WF.OIDC

    private static final Pattern SECRET_ENV = Pattern.compile("(?i)^(ARM|AZURE)_CLIENT_SECRET$|^AZURE_CREDENTIALS$|^ARM_CLIENT_CERTIFICATE_PASSWORD$");

    @Criterion("D4.WF.OIDC")
    void azureLoginUsesOidc(Workflows workflows) {
        Findings findings = new Findings();
        boolean anyLogin = false;
        // A step of a reusable workflow or action runs in every job that calls it: judge it once.
        Set<Location> judged = new LinkedHashSet<>();
        for (List<PipelineJob> jobs : PipelineJob.entryPipelines(workflows, findings)) {
            for (PipelineJob job : jobs) {
                anyLogin |= job.logsInToAzure();
                for (ExecutedStep s : job.steps()) {
                    if (judged.add(s.step().location())) {
                        checkLogin(job, s, findings);
                    }
                }
                if (job.logsInToAzure()) {
                    needsIdToken(job, judged, findings);
                }
            }
        }
        for (Workflow w : workflows.all()) {
            for (Map.Entry<String, Value> e : secretEnv(w)) {
                findings.add(e.getValue().location(), w.path() + " sets " + e.getKey() + ": a stored credential for Azure",
                        "no client secret: ARM_USE_OIDC: true with ARM_CLIENT_ID, ARM_TENANT_ID and ARM_SUBSCRIPTION_ID (Terraform), azure/login with client-id, tenant-id and subscription-id");
            }
        }
        if (!anyLogin && findings.isEmpty()) {
            // Nothing logs in: wrong when something must reach Azure (a push to ACR, a deploy, Terraform with state), else nothing to judge.
            List<PipelineJob> needAzure = PipelineJob.entryPipelines(workflows, new Findings()).stream().flatMap(List::stream)
                    .filter(j -> j.pushesOrDeploys() || j.terraform("plan") || j.terraform("apply")).toList();
            if (needAzure.isEmpty()) {
                throw Pipelines.missingAzureJobs(workflows);
            }
            findings.add(needAzure.get(0).location(), "no job logs in to Azure (no azure/login, no az login, no Terraform command that uses the backend), yet "
                            + needAzure.get(0).describe() + " pushes, deploys or runs Terraform",
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
    private static void needsIdToken(PipelineJob job, Set<Location> judged, Findings findings) {
        Optional<Permissions> own = job.permissions();
        if (own.isEmpty() || !own.get().grantsWrite("id-token")) {
            findings.add(own.map(Permissions::location).orElse(job.location()), job.describe() + " logs in to Azure (" + job.firstLogin()
                            + "), but its token permissions " + own.map(p -> "are " + p.describe() + (job.job().permissions().isEmpty()
                            ? " (the workflow's)" : "")).orElse("are not declared") + ": no id-token: write, so no OIDC token",
                    "permissions: {contents: read, id-token: write} on the job");
        }
        for (CalledJob c : job.called()) {
            boolean logsIn = job.steps().stream().anyMatch(s -> s.via().contains(c.describe()) && PipelineJob.logsIn(s));
            Optional<Permissions> p = c.job().permissions().or(() -> c.workflow().permissions());
            if (logsIn && p.isPresent() && !p.get().grantsWrite("id-token") && judged.add(p.get().location())) {
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
                // A reusable workflow's jobs get the calling job's token, and can only narrow it: the caller is judged.
                if (top.isEmpty() && j.permissions().isEmpty() && w.isEntryPoint()) {
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
                    findings.add(Optional.ofNullable(p.get().scopes().get("id-token")).map(Value::location).orElse(p.get().location()), job.describe()
                                    + " has id-token: write but logs in nowhere (no azure/login, no az login, no Terraform command that uses the backend:"
                                    + " terraform fmt, validate and init -backend=false need no Azure token)",
                            "id-token: write only on the jobs that log in to Azure; contents: read is enough here");
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
}
