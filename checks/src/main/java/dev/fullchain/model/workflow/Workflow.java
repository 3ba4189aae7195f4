package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One workflow file of .github/workflows, read as data with lines: triggers, permissions, env,
 * concurrency, jobs and their graph. A reusable workflow followed from a caller is read again
 * with the caller's inputs written in (see {@link Workflows#called}).
 */
public final class Workflow {

    private final SourceFile file;
    private final Optional<Value> name;
    private final Triggers triggers;
    private final Optional<Permissions> permissions;
    private final Map<String, Value> env;
    private final Optional<Concurrency> concurrency;
    private final Optional<Value> defaultWorkingDirectory;
    private final List<Job> jobs;
    private final JobGraph graph;
    private final Map<String, String> callInputDefaults;

    Workflow(SourceFile file, Optional<Value> name, Triggers triggers, Optional<Permissions> permissions, Map<String, Value> env,
             Optional<Concurrency> concurrency, Optional<Value> defaultWorkingDirectory, List<Job> jobs, JobGraph graph,
             Map<String, String> callInputDefaults) {
        this.file = file;
        this.name = name;
        this.triggers = triggers;
        this.permissions = permissions;
        this.env = env;
        this.concurrency = concurrency;
        this.defaultWorkingDirectory = defaultWorkingDirectory;
        this.jobs = jobs;
        this.graph = graph;
        this.callInputDefaults = callInputDefaults;
    }

    public String path() {
        return file.path();
    }

    public SourceFile file() {
        return file;
    }

    public Location location() {
        return file.location();
    }

    public Optional<Value> name() {
        return name;
    }

    public Triggers triggers() {
        return triggers;
    }

    public Optional<Permissions> permissions() {
        return permissions;
    }

    public Map<String, Value> env() {
        return env;
    }

    public Optional<Concurrency> concurrency() {
        return concurrency;
    }

    /** defaults.run.working-directory of the workflow: where every job's run: steps start, unless the job or step says otherwise. */
    public Optional<Value> defaultWorkingDirectory() {
        return defaultWorkingDirectory;
    }

    /** Where a run: step of the job runs: the step's working-directory, else the job's default, else the workflow's. */
    public Optional<Value> workingDirectory(Job job, Step step) {
        return step.workingDirectory().or(job::workingDirectory).or(() -> defaultWorkingDirectory);
    }

    public List<Job> jobs() {
        return jobs;
    }

    public Optional<Job> job(String id) {
        return jobs.stream().filter(j -> j.id().equals(id)).findFirst();
    }

    public JobGraph graph() {
        return graph;
    }

    /** The inputs of on.workflow_call with their defaults ("" when none). */
    public Map<String, String> callInputDefaults() {
        return callInputDefaults;
    }

    /** Started by events of its own, not only called by other workflows. */
    public boolean isEntryPoint() {
        return !triggers.isReusableOnly();
    }

    /** Whether the job may run in the scenario: the workflow starts, its needs run, its if: is not false. */
    public Truth mayRun(Job job, Scenario scenario) {
        if (!triggers.admit(scenario)) {
            return Truth.FALSE;
        }
        return mayRunOnceStarted(job, scenario);
    }

    /** Whether the job may run once the workflow has started (e.g. when another workflow calls it). */
    public Truth mayRunOnceStarted(Job job, Scenario scenario) {
        return runs(job, scenario, new HashMap<>());
    }

    private Truth runs(Job job, Scenario s, Map<String, Truth> memo) {
        Truth known = memo.get(job.id());
        if (known != null) {
            return known;
        }
        // "Needs succeeded" is approximated by "needs ran": failures are not what these questions are about.
        Truth needsRan = Truth.TRUE;
        for (String n : graph.needs(job.id())) {
            needsRan = needsRan.and(runs(job(n).orElseThrow(), s, memo));
        }
        Truth result = needsRan;
        if (job.condition().isPresent()) {
            String c = job.condition().get().text();
            Truth own = ConditionEvaluator.evaluate(c, s, needsRan);
            result = ConditionEvaluator.hasStatusFunction(c) ? own : needsRan.and(own);
        }
        memo.put(job.id(), result);
        return result;
    }

    @Override
    public String toString() {
        return path();
    }
}
