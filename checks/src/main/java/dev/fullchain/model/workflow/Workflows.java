package dev.fullchain.model.workflow;

import dev.fullchain.model.Memo;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Day 4 side of the target: every .github/workflows/*.yml|yaml (GitHub runs no other
 * file), each read on its own, so a broken file is one BadInput in {@link #problems()} and the
 * others still load. With no workflow file at all, {@link #all()} and {@link #problems()} throw
 * {@link Missing}: every criterion that needs a workflow then reads missing with that one reason. Local reusable
 * workflows (uses: ./.github/workflows/x.yml) and local actions (uses: ./path with action.yml)
 * are followed on demand, with the caller's inputs written in, so checks see the steps that run.
 */
public final class Workflows {

    public static final String DIR = ".github/workflows";
    /** GitHub allows four levels of reusable workflows; composite actions may nest up to ten. */
    private static final int MAX_DEPTH = 10;
    /** What one job may expand into (its steps, and the jobs and steps of what it calls): ten calls ten ways ten deep is 10^10 without it. */
    static final int MAX_EXPANDED = 20_000;

    private final Target target;
    private final Memo<Listing> files;
    private final Memo<Loaded> loaded;
    private final Map<String, Object> followed = new ConcurrentHashMap<>();

    private record Loaded(List<Workflow> workflows, List<BadInput> problems) {
    }

    private Workflows(Target target) {
        this.target = target;
        this.files = new Memo<>(this::listFiles);
        this.loaded = new Memo<>(this::loadAll);
    }

    public static Workflows load(Target target) {
        return new Workflows(target);
    }

    public Target target() {
        return target;
    }

    /** The workflows that parsed, by path. */
    public List<Workflow> all() {
        return loaded.get().workflows();
    }

    /** One BadInput per workflow file that could not be read as a workflow GitHub would run. */
    public List<BadInput> problems() {
        return loaded.get().problems();
    }

    /** The workflows started by events of their own (not only workflow_call). */
    public List<Workflow> entryPoints() {
        return all().stream().filter(Workflow::isEntryPoint).toList();
    }

    public Optional<Workflow> workflow(String path) {
        return all().stream().filter(w -> w.path().equals(path)).findFirst();
    }

    /** Whether .github/workflows holds any workflow file (readable or not); never throws Missing. */
    public boolean any() {
        return !files.get().paths().isEmpty() || files.get().refused() != null;
    }

    /** The workflow files, readable or not, by path. */
    public List<String> paths() {
        return files.get().paths();
    }

    /**
     * The workflow fullchain.yaml names with {@code key} (workflows.pipeline or workflows.infrastructure):
     * empty when the key is not set; BadInput when the file is not a workflow of .github/workflows,
     * or does not parse (the criteria that need it are then blocked by it).
     */
    public Optional<Workflow> configured(String key) {
        Optional<String> path = configuredPath(key);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        String p = path.get();
        Optional<BadInput> broken = problems().stream().filter(b -> b.location().path().equals(p)).findFirst();
        if (broken.isPresent()) {
            throw broken.get();
        }
        return Optional.of(workflow(p).orElseThrow(() -> new BadInput(target.layout().where(key), key + ": " + p
                + " is not one of the workflows GitHub runs (" + String.join(", ", paths()) + ")",
                "the path of a .yml or .yaml file in " + DIR + ", e.g. " + DIR + "/ci.yml")));
    }

    /** The path fullchain.yaml gives with workflows.pipeline or workflows.infrastructure, normalised; empty when not set. */
    public Optional<String> configuredPath(String key) {
        Layout.WorkflowPaths paths = target.layout().workflows();
        return (key.equals("workflows.pipeline") ? paths.pipeline() : paths.infrastructure()).map(Workflows::normalise);
    }

    private Loaded loadAll() {
        if (files.get().refused() != null) {
            throw files.get().refused();
        }
        if (files.get().paths().isEmpty()) {
            throw new Missing("workflow (a .yml or .yaml file in " + DIR + ", the only folder GitHub Actions runs workflows from)",
                    List.of(DIR + "/*.yml", DIR + "/*.yaml"), "workflows");
        }
        List<Workflow> ok = new ArrayList<>();
        List<BadInput> bad = new ArrayList<>();
        for (String path : files.get().paths()) {
            try {
                ok.add(WorkflowParser.workflow(target.read(path), Map.of()));
            } catch (BadInput b) {
                bad.add(b);
            }
        }
        return new Loaded(List.copyOf(ok), List.copyOf(bad));
    }

    /**
     * The .yml and .yaml entries of .github/workflows, listed through the target (never followed
     * nor opened here): a FIFO, device, socket or link leaving the root stays in the list, so
     * reading it is a BadInput naming it instead of a silent "no workflow".
     */
    private Listing listFiles() {
        try {
            return new Listing(target.list(DIR).stream().filter(n -> n.endsWith(".yml") || n.endsWith(".yaml")).toList(), null);
        } catch (BadInput refused) {
            return new Listing(List.of(), refused);
        }
    }

    /** The workflow files, or why the folder itself was not read (a link out of the root). */
    private record Listing(List<String> paths, BadInput refused) {
    }

    // ------------------------------------------------------------------ following local calls

    /**
     * The local reusable workflow a job calls, read with the job's with: written in over the
     * inputs' defaults; empty for a job with steps or a remote call. BadInput when the file is
     * missing or unreadable.
     */
    public Optional<Workflow> called(Job job) {
        if (job.call().isEmpty() || !job.call().get().uses().isLocal()) {
            return Optional.empty();
        }
        WorkflowCall call = job.call().get();
        String path = inside(call.uses(), "a reusable workflow of the repository, e.g. uses: ./.github/workflows/deploy.yml");
        Workflow plain = workflow(path).orElseGet(() -> WorkflowParser.workflow(readCalled(path, call.location()), Map.of()));
        Map<String, String> inputs = new LinkedHashMap<>(plain.callInputDefaults());
        call.with().forEach((k, v) -> inputs.put(k, v.text()));
        String key = "workflow|" + path + "|" + inputs;
        Object w = followed.computeIfAbsent(key, k -> {
            try {
                return WorkflowParser.workflow(target.read(path), inputs);
            } catch (BadInput b) {
                return b;
            }
        });
        if (w instanceof BadInput b) {
            throw b;
        }
        return Optional.of((Workflow) w);
    }

    private SourceFile readCalled(String path, Location from) {
        if (!target.exists(path)) {
            throw new BadInput(from, "uses: ./" + path + ", but there is no such file", "a reusable workflow at " + path);
        }
        return target.read(path);
    }

    /** The jobs a job runs through a local reusable workflow (empty for a job with steps). */
    public List<CalledJob> calledJobs(Job job) {
        return called(job).map(w -> w.jobs().stream().map(j -> new CalledJob(w, j)).toList()).orElse(List.of());
    }

    /** The local action a step uses, read with the step's with: over the inputs' defaults; empty for other steps. */
    public Optional<CompositeAction> action(Step step) {
        if (step.uses().isEmpty() || !step.uses().get().isLocal()) {
            return Optional.empty();
        }
        String dir = inside(step.uses().get(), "a local action of the repository, e.g. uses: ./.github/actions/NAME");
        String path = Stream.of(dir + "/action.yml", dir + "/action.yaml").filter(target::exists).findFirst()
                .orElseThrow(() -> new BadInput(step.uses().get().location(), "uses: ./" + dir + ", but there is no " + dir + "/action.yml",
                        "a local action: a folder with action.yml (runs: using: composite)"));
        CompositeAction plain = WorkflowParser.action(target.read(path), Map.of());
        Map<String, String> inputs = new LinkedHashMap<>(plain.inputDefaults());
        step.with().forEach((k, v) -> inputs.put(k, v.text()));
        Object a = followed.computeIfAbsent("action|" + path + "|" + inputs, k -> {
            try {
                return WorkflowParser.action(target.read(path), inputs);
            } catch (BadInput b) {
                return b;
            }
        });
        if (a instanceof BadInput b) {
            throw b;
        }
        return Optional.of((CompositeAction) a);
    }

    /**
     * Every step a job runs, in order: its own steps with local actions expanded, or the steps
     * of the jobs of the reusable workflow it calls (in their needs order).
     */
    public List<ExecutedStep> stepsRunBy(Workflow workflow, Job job) {
        List<ExecutedStep> out = new ArrayList<>();
        collect(workflow, job, "job " + job.id(), out, 0, new int[] {0}, job);
        return List.copyOf(out);
    }

    /** Counts one more job or step of {@code top}'s expansion; BadInput at {@code top} past the bound. */
    private static void count(int[] expanded, Job top) {
        if (++expanded[0] > MAX_EXPANDED) {
            throw new BadInput(top.location(), "job '" + top.id() + "' expands into more than " + MAX_EXPANDED
                    + " jobs and steps through reusable workflows and local actions: fullchain does not follow them all",
                    "reusable workflows and local actions that call a few others, not many each (GitHub also bounds how many a run may call)");
        }
    }

    private void collect(Workflow workflow, Job job, String via, List<ExecutedStep> out, int depth, int[] expanded, Job top) {
        count(expanded, top);
        if (depth > MAX_DEPTH) {
            throw new BadInput(job.location(), "reusable workflows or actions nested more than " + MAX_DEPTH + " deep (a loop?)",
                    "at most 4 levels of reusable workflows");
        }
        if (job.call().isPresent()) {
            Optional<Workflow> called = called(job);
            if (called.isPresent()) {
                for (String id : called.get().graph().order()) {
                    Job j = called.get().job(id).orElseThrow();
                    collect(called.get(), j, via + " → " + called.get().path() + " job " + id, out, depth + 1, expanded, top);
                }
            }
            return;
        }
        Map<String, Value> env = new LinkedHashMap<>(workflow.env());
        env.putAll(job.env());
        for (Step s : job.steps()) {
            Optional<Value> wd = s.run().isPresent() ? workflow.workingDirectory(job, s) : Optional.empty();
            expand(s, workflow.path(), via, env, wd, out, depth, expanded, top);
        }
    }

    private void expand(Step s, String file, String via, Map<String, Value> outer, Optional<Value> workingDirectory, List<ExecutedStep> out,
                        int depth, int[] expanded, Job top) {
        count(expanded, top);
        if (depth > MAX_DEPTH) {
            throw new BadInput(s.location(), "local actions nested more than " + MAX_DEPTH + " deep (a loop?)", "at most 10 levels of composite actions");
        }
        Map<String, Value> env = new LinkedHashMap<>(outer);
        env.putAll(s.env());
        out.add(new ExecutedStep(s, file, via + " (" + s.location() + ")", Map.copyOf(env), workingDirectory));
        Optional<CompositeAction> action = action(s);
        if (action.isPresent()) {
            for (Step inner : action.get().steps()) {
                // defaults.run does not reach into a composite action: its steps say their own working-directory.
                expand(inner, action.get().path(), via + " → " + action.get().path(), env, inner.workingDirectory(), out, depth + 1, expanded, top);
            }
        }
    }

    /**
     * The path a local uses: names, normalised; BadInput at the uses: line when it leaves the
     * repository (./../x, an absolute path): nothing there is looked at, not even whether it exists.
     */
    private static String inside(ActionRef uses, String expected) {
        String path = normalise(uses.name());
        if (path.equals("..") || path.startsWith("../") || path.startsWith("/") || Path.of(uses.name()).isAbsolute()) {
            throw new BadInput(uses.location(), "uses: " + uses.raw().strip() + " points outside the repository: not read",
                    expected + " (a path from the repository root, without ..)");
        }
        return path;
    }

    private static String normalise(String path) {
        return Path.of(path).normalize().toString().replace('\\', '/');
    }
}
