package dev.fullchain.model.workflow;

import java.util.List;

/**
 * One way a workflow can be started: the event and the ref GitHub gives it. Checks ask which
 * jobs may run in each (e.g. whether a production deploy can run on a pull request).
 * The default branch is taken to be main.
 */
public record Scenario(String description, String event, String ref, String headRef, String baseRef) {

    public static final String DEFAULT_BRANCH = "main";

    public static final Scenario PULL_REQUEST = new Scenario("a pull request into main", "pull_request",
            "refs/pull/42/merge", "feature/x", DEFAULT_BRANCH);
    /** The same pull request seen by a pull_request_target workflow: it runs, in the base branch's context (github.ref is main). */
    public static final Scenario PULL_REQUEST_TARGET = new Scenario("a pull request into main (pull_request_target, which runs with the base branch's ref and secrets)",
            "pull_request_target", "refs/heads/" + DEFAULT_BRANCH, "feature/x", DEFAULT_BRANCH);
    public static final Scenario PUSH_MAIN = new Scenario("a push to main", "push", "refs/heads/main", "", "");
    public static final Scenario PUSH_BRANCH = new Scenario("a push to another branch (feature/x)", "push",
            "refs/heads/feature/x", "", "");
    public static final Scenario PUSH_RELEASE_TAG = new Scenario("a release tag (v1.2.3)", "push", "refs/tags/v1.2.3", "", "");
    public static final Scenario RELEASE_PUBLISHED = new Scenario("a published release (v1.2.3)", "release",
            "refs/tags/v1.2.3", "", "");
    public static final Scenario DISPATCH_MAIN = new Scenario("a manual run on main", "workflow_dispatch", "refs/heads/main", "", "");
    public static final Scenario DISPATCH_BRANCH = new Scenario("a manual run on another branch (feature/x)",
            "workflow_dispatch", "refs/heads/feature/x", "", "");
    public static final Scenario SCHEDULE = new Scenario("a scheduled run", "schedule", "refs/heads/main", "", "");

    public static final List<Scenario> ALL = List.of(PULL_REQUEST, PULL_REQUEST_TARGET, PUSH_MAIN, PUSH_BRANCH, PUSH_RELEASE_TAG,
            RELEASE_PUBLISHED, DISPATCH_MAIN, DISPATCH_BRANCH, SCHEDULE);

    /** Where untested or unreviewed code runs: not main, not a release tag. */
    public static final List<Scenario> UNREVIEWED = List.of(PULL_REQUEST, PULL_REQUEST_TARGET, PUSH_BRANCH, DISPATCH_BRANCH);

    /** The two ways a pull request starts a workflow. */
    public static final List<Scenario> PULL_REQUESTS = List.of(PULL_REQUEST, PULL_REQUEST_TARGET);

    public boolean isTag() {
        return ref.startsWith("refs/tags/");
    }

    public boolean isBranch() {
        return ref.startsWith("refs/heads/");
    }

    /** refs/heads/main → main, refs/tags/v1 → v1, refs/pull/42/merge → 42/merge (as GitHub sets ref_name). */
    public String refName() {
        if (isBranch()) {
            return ref.substring("refs/heads/".length());
        }
        if (isTag()) {
            return ref.substring("refs/tags/".length());
        }
        return ref.replaceFirst("^refs/pull/", "");
    }
}
