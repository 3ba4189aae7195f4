package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;

/**
 * One event of {@code on:} with its filters (empty lists when absent). For pull_request the
 * branch filters apply to the base branch, for push to the pushed branch or tag.
 */
public record Trigger(String event, List<Value> branches, List<Value> branchesIgnore, List<Value> tags,
                      List<Value> tagsIgnore, List<Value> paths, List<Value> pathsIgnore, List<Value> types, Location location) {

    public static Trigger bare(String event, Location location) {
        return new Trigger(event, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), location);
    }

    public boolean hasRefFilters() {
        return !branches.isEmpty() || !branchesIgnore.isEmpty() || !tags.isEmpty() || !tagsIgnore.isEmpty();
    }

    /** Whether a push of this branch starts the workflow (path filters assumed to match). */
    public boolean admitsBranch(String branch) {
        if (!branches.isEmpty()) {
            return FilterPattern.admits(branches, branch);
        }
        if (!branchesIgnore.isEmpty()) {
            return !FilterPattern.admits(branchesIgnore, branch);
        }
        // Only tag filters: GitHub then ignores branch pushes.
        return tags.isEmpty() && tagsIgnore.isEmpty();
    }

    /** Whether a push of this tag starts the workflow. */
    public boolean admitsTag(String tag) {
        if (!tags.isEmpty()) {
            return FilterPattern.admits(tags, tag);
        }
        if (!tagsIgnore.isEmpty()) {
            return !FilterPattern.admits(tagsIgnore, tag);
        }
        return branches.isEmpty() && branchesIgnore.isEmpty();
    }

    /** Whether a change to this file starts the workflow, as far as paths/paths-ignore say. */
    public boolean admitsPath(String path) {
        if (!paths.isEmpty()) {
            return FilterPattern.admits(paths, path);
        }
        if (!pathsIgnore.isEmpty()) {
            return !FilterPattern.admits(pathsIgnore, path);
        }
        return true;
    }
}
