package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What starts a workflow: the events of {@code on:}, in the string, list or mapping form. */
public record Triggers(List<Trigger> events, Location location) {

    /** Events that run on the default branch only. */
    private static final Set<String> DEFAULT_BRANCH_EVENTS = Set.of("schedule", "workflow_run", "repository_dispatch",
            "issues", "issue_comment", "pull_request_target", "discussion", "watch", "fork");

    public Optional<Trigger> event(String name) {
        return events.stream().filter(t -> t.event().equals(name)).findFirst();
    }

    public boolean has(String name) {
        return event(name).isPresent();
    }

    /** Called by other workflows only (on: workflow_call and nothing else that starts it by itself). */
    public boolean isReusableOnly() {
        return events.stream().allMatch(t -> t.event().equals("workflow_call"));
    }

    /** Whether a pull request into main starts it, by pull_request or pull_request_target. */
    public boolean admitPullRequests() {
        return Scenario.PULL_REQUESTS.stream().anyMatch(this::admit);
    }

    /** Whether the scenario's event and ref start this workflow. */
    public boolean admit(Scenario s) {
        Optional<Trigger> t = event(s.event());
        if (t.isEmpty()) {
            return false;
        }
        return switch (s.event()) {
            case "push" -> s.isTag() ? t.get().admitsTag(s.refName()) : t.get().admitsBranch(s.refName());
            case "pull_request", "pull_request_target" -> t.get().admitsBranch(s.baseRef());
            default -> !DEFAULT_BRANCH_EVENTS.contains(s.event()) || s.ref().equals("refs/heads/" + Scenario.DEFAULT_BRANCH);
        };
    }
}
