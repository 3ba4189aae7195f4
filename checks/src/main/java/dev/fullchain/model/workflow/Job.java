package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job: its needs, if:, runner, environment, permissions, concurrency, env and steps, or
 * the reusable workflow it calls ({@code call}) instead of steps.
 */
public record Job(String id, Location location, Optional<Value> name, List<Need> needs, Optional<Value> condition,
                  Optional<Value> runsOn, Optional<JobEnvironment> environment, Optional<Permissions> permissions,
                  Optional<Concurrency> concurrency, Map<String, Value> env, Optional<Value> continueOnError,
                  Optional<Value> workingDirectory, List<Step> steps, Optional<WorkflowCall> call) {

    public boolean callsWorkflow() {
        return call.isPresent();
    }

    @Override
    public String toString() {
        return id;
    }
}
