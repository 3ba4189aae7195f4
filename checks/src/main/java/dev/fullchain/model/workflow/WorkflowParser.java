package dev.fullchain.model.workflow;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.YamlSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a workflow file (or a local action.yml) through SnakeYAML's node graph so every value
 * keeps its line. {@code on} is read as the key GitHub means, not YAML 1.1's boolean. What
 * GitHub would refuse to run (no on:, no jobs:, a job with neither runs-on nor uses, a step
 * with neither run nor uses, needs of missing jobs, cycles) is a BadInput naming file and line.
 * With {@code inputs}, each {@code ${{ inputs.x }}} is replaced by the caller's value first.
 */
final class WorkflowParser {

    private static final String DOCS = "the workflow syntax (https://docs.github.com/actions/reference/workflow-syntax-for-github-actions)";
    static final int MAX_JOBS = 500;
    private static final Pattern INPUT = Pattern.compile("\\binputs\\.([A-Za-z_][\\w-]*)");

    private final SourceFile file;
    private final List<String> lines;
    private final Map<String, String> inputs;

    private WorkflowParser(SourceFile file, Map<String, String> inputs) {
        this.file = file;
        this.lines = file.lines();
        this.inputs = inputs;
    }

    static Workflow workflow(SourceFile file, Map<String, String> inputs) {
        return new WorkflowParser(file, inputs).readWorkflow();
    }

    static CompositeAction action(SourceFile file, Map<String, String> inputs) {
        return new WorkflowParser(file, inputs).readAction();
    }

    private record Entry(ScalarNode key, Node value) {
        int line() {
            return WorkflowParser.line(key);
        }
    }

    // ------------------------------------------------------------------ workflow

    private Workflow readWorkflow() {
        Node root = compose("a workflow: a mapping with on: and jobs:");
        Map<String, Entry> top = map(root, "the workflow");
        Entry on = top.get("on");
        if (on == null) {
            // The node graph keeps keys as written, so YAML 1.1 reading a bare on as true does not hide it.
            throw bad(1, "no on: (the events that start the workflow)", "on: with at least one event, e.g. on: [push, pull_request]");
        }
        Triggers triggers = triggers(on);
        Entry jobsEntry = top.get("jobs");
        if (jobsEntry == null || isEmpty(jobsEntry.value())) {
            throw bad(jobsEntry == null ? 1 : jobsEntry.line(), "no jobs", "jobs: with at least one job");
        }
        Map<String, Entry> jobEntries = map(jobsEntry.value(), "jobs");
        if (jobEntries.size() > MAX_JOBS) {
            // Checks compare jobs with the jobs they wait for: bounded here, their work stays small.
            throw bad(jobsEntry.line(), "jobs: holds " + jobEntries.size() + " jobs, more than " + MAX_JOBS + ": fullchain reads no workflow that large",
                    "at most " + MAX_JOBS + " jobs in one workflow (split it, or use a matrix)");
        }
        List<Job> jobs = new ArrayList<>();
        for (Entry j : jobEntries.values()) {
            jobs.add(job(j));
        }
        JobGraph graph = JobGraph.of(jobs);
        return new Workflow(file, optional(top, "name").map(this::value), triggers,
                optional(top, "permissions").map(this::permissions),
                optional(top, "env").map(e -> values(e.value(), "env")).orElse(Map.of()),
                optional(top, "concurrency").map(this::concurrency),
                optional(top, "defaults").flatMap(this::defaultWorkingDirectory),
                List.copyOf(jobs), graph, callInputDefaults(on));
    }

    private Triggers triggers(Entry on) {
        Node v = on.value();
        if (isEmpty(v)) {
            throw bad(on.line(), "on: is empty: nothing starts this workflow", "on: with at least one event, e.g. on: [push, pull_request]");
        }
        List<Trigger> events = new ArrayList<>();
        if (v instanceof ScalarNode s) {
            events.add(Trigger.bare(s.getValue(), at(line(s))));
        } else if (v instanceof SequenceNode q) {
            for (Node n : q.getValue()) {
                events.add(Trigger.bare(scalar(n, "an event"), at(line(n))));
            }
        } else {
            for (Entry e : map(v, "on").values()) {
                events.add(trigger(e));
            }
        }
        return new Triggers(List.copyOf(events), at(on.line()));
    }

    private Trigger trigger(Entry e) {
        String event = e.key().getValue();
        if (isNull(e.value()) || !(e.value() instanceof MappingNode)) {
            // schedule: is a list of crons; an event with no settings is null.
            return Trigger.bare(event, at(e.line()));
        }
        Map<String, Entry> m = map(e.value(), "on." + event);
        return new Trigger(event, list(m, "branches"), list(m, "branches-ignore"), list(m, "tags"), list(m, "tags-ignore"),
                list(m, "paths"), list(m, "paths-ignore"), list(m, "types"), at(e.line()));
    }

    private Map<String, String> callInputDefaults(Entry on) {
        if (!(on.value() instanceof MappingNode)) {
            return Map.of();
        }
        Entry call = map(on.value(), "on").get("workflow_call");
        if (call == null || !(call.value() instanceof MappingNode)) {
            return Map.of();
        }
        return inputDefaults(map(call.value(), "workflow_call").get("inputs"));
    }

    private Map<String, String> inputDefaults(Entry inputsEntry) {
        Map<String, String> out = new LinkedHashMap<>();
        if (inputsEntry != null && inputsEntry.value() instanceof MappingNode) {
            for (Entry i : map(inputsEntry.value(), "inputs").values()) {
                String def = "";
                if (i.value() instanceof MappingNode) {
                    def = optional(map(i.value(), "input " + i.key().getValue()), "default").map(d -> text(d.value())).orElse("");
                }
                out.put(i.key().getValue(), def);
            }
        }
        return out;
    }

    private Job job(Entry e) {
        String id = e.key().getValue();
        if (!(e.value() instanceof MappingNode)) {
            throw bad(e.line(), "job '" + id + "' is " + kind(e.value()) + ", not a mapping", "a job with runs-on: and steps:, or uses:");
        }
        Map<String, Entry> m = map(e.value(), "job " + id);
        Optional<Entry> uses = optional(m, "uses");
        Optional<Entry> runsOn = optional(m, "runs-on");
        if (uses.isEmpty() && runsOn.isEmpty()) {
            throw bad(e.line(), "job '" + id + "' has neither runs-on: nor uses:", "runs-on: (e.g. ubuntu-24.04) and steps:, or uses: a reusable workflow");
        }
        List<Step> steps = new ArrayList<>();
        Optional<Entry> stepsEntry = optional(m, "steps");
        if (stepsEntry.isPresent()) {
            List<Node> items = sequence(stepsEntry.get().value(), "steps of job " + id);
            for (int i = 0; i < items.size(); i++) {
                steps.add(step(items.get(i), i, "job '" + id + "'"));
            }
        } else if (uses.isEmpty()) {
            throw bad(e.line(), "job '" + id + "' has no steps:", "steps: a list of run: or uses: steps");
        }
        return new Job(id, at(e.line()), optional(m, "name").map(this::value), needs(m.get("needs")),
                optional(m, "if").map(this::condition),
                runsOn.map(r -> r.value() instanceof ScalarNode ? value(r) : new Value(flatText(r.value()), at(r.line()), List.of())),
                optional(m, "environment").map(this::environment),
                optional(m, "permissions").map(this::permissions),
                optional(m, "concurrency").map(this::concurrency),
                optional(m, "env").map(x -> values(x.value(), "env")).orElse(Map.of()),
                optional(m, "continue-on-error").map(this::value),
                optional(m, "defaults").flatMap(this::defaultWorkingDirectory),
                List.copyOf(steps),
                uses.map(u -> call(u, m)));
    }

    private Optional<Value> defaultWorkingDirectory(Entry defaults) {
        if (!(defaults.value() instanceof MappingNode)) {
            return Optional.empty();
        }
        Entry run = map(defaults.value(), "defaults").get("run");
        if (run == null || !(run.value() instanceof MappingNode)) {
            return Optional.empty();
        }
        return optional(map(run.value(), "defaults.run"), "working-directory").map(this::value);
    }

    private WorkflowCall call(Entry uses, Map<String, Entry> job) {
        Value raw = value(uses);
        ActionRef ref = ActionRef.parse(raw.text(), commentOn(uses.line()), raw.location());
        boolean inherit = false;
        Map<String, Value> secrets = Map.of();
        Optional<Entry> s = optional(job, "secrets");
        if (s.isPresent()) {
            if (s.get().value() instanceof ScalarNode) {
                inherit = text(s.get().value()).equals("inherit");
            } else {
                secrets = values(s.get().value(), "secrets");
            }
        }
        return new WorkflowCall(ref, optional(job, "with").map(w -> values(w.value(), "with")).orElse(Map.of()), inherit, secrets,
                at(uses.line()));
    }

    private List<Need> needs(Entry e) {
        if (e == null || isNull(e.value())) {
            return List.of();
        }
        if (e.value() instanceof ScalarNode s) {
            return List.of(new Need(s.getValue(), at(line(s))));
        }
        List<Need> out = new ArrayList<>();
        for (Node n : sequence(e.value(), "needs")) {
            out.add(new Need(scalar(n, "a job id"), at(line(n))));
        }
        return List.copyOf(out);
    }

    private JobEnvironment environment(Entry e) {
        if (e.value() instanceof ScalarNode) {
            return new JobEnvironment(value(e), Optional.empty(), at(e.line()));
        }
        Map<String, Entry> m = map(e.value(), "environment");
        Entry name = m.get("name");
        if (name == null || isEmpty(name.value())) {
            throw bad(e.line(), "environment: has no name", "environment: NAME, or environment: {name: NAME, url: ...}");
        }
        return new JobEnvironment(value(name), optional(m, "url").map(this::value), at(e.line()));
    }

    private Permissions permissions(Entry e) {
        if (e.value() instanceof ScalarNode s) {
            String t = s.getValue().strip();
            return switch (t) {
                case "read-all" -> new Permissions(Permissions.Kind.READ_ALL, Map.of(), at(e.line()));
                case "write-all" -> new Permissions(Permissions.Kind.WRITE_ALL, Map.of(), at(e.line()));
                default -> throw bad(e.line(), "permissions: " + t + " is not read-all, write-all or a mapping",
                        "permissions: {contents: read, ...} (read, write or none per scope), read-all or write-all");
            };
        }
        Map<String, Value> scopes = values(e.value(), "permissions");
        for (Map.Entry<String, Value> s : scopes.entrySet()) {
            if (!List.of("read", "write", "none").contains(s.getValue().text().strip())) {
                throw bad(s.getValue().line(), "permissions: " + s.getKey() + ": " + s.getValue().text() + " is not read, write or none",
                        "read, write or none");
            }
        }
        return new Permissions(Permissions.Kind.SCOPES, scopes, at(e.line()));
    }

    private Concurrency concurrency(Entry e) {
        if (e.value() instanceof ScalarNode) {
            return new Concurrency(value(e), Optional.empty(), at(e.line()));
        }
        Map<String, Entry> m = map(e.value(), "concurrency");
        Entry group = m.get("group");
        if (group == null || isEmpty(group.value())) {
            throw bad(e.line(), "concurrency: has no group", "concurrency: {group: NAME, cancel-in-progress: false}");
        }
        return new Concurrency(value(group), optional(m, "cancel-in-progress").map(this::value), at(e.line()));
    }

    private Step step(Node n, int index, String owner) {
        if (!(n instanceof MappingNode)) {
            throw bad(line(n), "step " + (index + 1) + " of " + owner + " is " + kind(n) + ", not a mapping", "- run: ... or - uses: ...");
        }
        Map<String, Entry> m = map(n, "step");
        Optional<Entry> uses = optional(m, "uses");
        Optional<Entry> run = optional(m, "run");
        if (uses.isPresent() == run.isPresent()) {
            throw bad(line(n), "step " + (index + 1) + " of " + owner + (uses.isPresent() ? " has both uses: and run:" : " has neither uses: nor run:"),
                    "each step either runs a script (run:) or an action (uses:)");
        }
        return new Step(index, at(line(n)), optional(m, "name").map(this::value), optional(m, "id").map(this::value),
                uses.map(u -> {
                    Value raw = value(u);
                    return ActionRef.parse(raw.text(), commentOn(u.line()), raw.location());
                }),
                run.map(this::value),
                optional(m, "with").map(w -> values(w.value(), "with")).orElse(Map.of()),
                optional(m, "env").map(w -> values(w.value(), "env")).orElse(Map.of()),
                optional(m, "if").map(this::condition),
                optional(m, "continue-on-error").map(this::value),
                optional(m, "working-directory").map(this::value));
    }

    // ------------------------------------------------------------------ action.yml

    private CompositeAction readAction() {
        Node root = compose("an action: a mapping with name:, inputs: and runs:");
        Map<String, Entry> top = map(root, "the action");
        Entry runs = top.get("runs");
        if (runs == null || !(runs.value() instanceof MappingNode)) {
            throw bad(runs == null ? 1 : runs.line(), "no runs: mapping", "runs: {using: composite, steps: [...]}");
        }
        Map<String, Entry> r = map(runs.value(), "runs");
        String using = optional(r, "using").map(u -> text(u.value())).orElse("");
        List<Step> steps = new ArrayList<>();
        if (using.equals("composite")) {
            Entry s = r.get("steps");
            if (s == null || isEmpty(s.value())) {
                throw bad(runs.line(), "a composite action without steps", "runs.steps: a list of steps");
            }
            List<Node> items = sequence(s.value(), "runs.steps");
            for (int i = 0; i < items.size(); i++) {
                steps.add(step(items.get(i), i, "the action"));
            }
        }
        return new CompositeAction(file.path(), using, inputDefaults(top.get("inputs")), List.copyOf(steps), file.location());
    }

    // ------------------------------------------------------------------ node helpers

    private Node compose(String expected) {
        Node root;
        try {
            root = YamlSyntax.compose(file.text());
        } catch (YamlSyntax.Error e) {
            throw bad(e.line(), e.getMessage(), "valid YAML: " + DOCS);
        }
        if (root == null) {
            throw bad(0, "the file is empty", expected);
        }
        if (!(root instanceof MappingNode)) {
            throw bad(line(root), "the top level is " + kind(root) + ", not a mapping", expected);
        }
        return root;
    }

    private Map<String, Entry> map(Node n, String what) {
        if (!(n instanceof MappingNode mapping)) {
            throw bad(line(n), what + " is " + kind(n) + ", not a mapping", what + " as a mapping (key: value), see " + DOCS);
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw bad(line(t.getKeyNode()), "a key of " + what + " is " + kind(t.getKeyNode()), "plain string keys");
            }
            Entry before = out.put(k.getValue(), new Entry(k, t.getValueNode()));
            if (before != null) {
                // GitHub refuses the file; YAML readers that keep the last one would judge a value GitHub never runs.
                throw bad(line(k), "duplicate key '" + k.getValue() + "' in " + what + " (first on line " + before.line() + ", again on line "
                        + line(k) + ")", "each key once per mapping: keep one " + k.getValue() + ": and delete the other");
            }
        }
        return out;
    }

    private static Optional<Entry> optional(Map<String, Entry> m, String key) {
        return Optional.ofNullable(m.get(key)).filter(e -> !isNull(e.value()));
    }

    private List<Value> list(Map<String, Entry> m, String key) {
        Optional<Entry> e = optional(m, key);
        if (e.isEmpty()) {
            return List.of();
        }
        if (e.get().value() instanceof ScalarNode) {
            return List.of(value(e.get()));
        }
        List<Value> out = new ArrayList<>();
        for (Node n : sequence(e.get().value(), key)) {
            out.add(value(n, line(n)));
        }
        return List.copyOf(out);
    }

    private Map<String, Value> values(Node n, String what) {
        if (isNull(n)) {
            return Map.of();
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Entry e : map(n, what).values()) {
            out.put(e.key().getValue(), isNull(e.value()) ? new Value("", at(e.line()), List.of())
                    : e.value() instanceof ScalarNode ? value(e) : new Value(flatText(e.value()), at(e.line()), List.of()));
        }
        return out;
    }

    private List<Node> sequence(Node n, String what) {
        if (!(n instanceof SequenceNode s)) {
            throw bad(line(n), what + " is " + kind(n) + ", not a list", what + " as a list (- item), see " + DOCS);
        }
        return s.getValue();
    }

    private String scalar(Node n, String what) {
        if (!(n instanceof ScalarNode s)) {
            throw bad(line(n), what + " is " + kind(n) + ", not a single value", what + " as a string");
        }
        return s.getValue();
    }

    private String text(Node n) {
        return n instanceof ScalarNode s ? substitute(s.getValue()) : flatText(n);
    }

    /** A non-scalar written as one line (runs-on: [self-hosted, linux]), for messages. */
    private String flatText(Node n) {
        if (n instanceof ScalarNode s) {
            return substitute(s.getValue());
        }
        if (n instanceof SequenceNode q) {
            return "[" + String.join(", ", q.getValue().stream().map(this::flatText).toList()) + "]";
        }
        if (n instanceof MappingNode m) {
            return "{" + String.join(", ", m.getValue().stream()
                    .map(t -> flatText(t.getKeyNode()) + ": " + flatText(t.getValueNode())).toList()) + "}";
        }
        return "";
    }

    /**
     * An if:, refused when it passes the evaluator's bounds: a finding on its line rather than
     * a condition no check could decide (or a parser recursing until the stack runs out).
     */
    private Value condition(Entry e) {
        Value v = value(e);
        ConditionEvaluator.beyondBounds(v.text()).ifPresent(problem -> {
            throw bad(e.line(), "the if: expression " + problem + ": fullchain does not evaluate it",
                    "a short condition, e.g. if: github.ref == 'refs/heads/main' (GitHub itself refuses expressions nested deeper than 50 levels)");
        });
        return v;
    }

    private Value value(Entry e) {
        return value(e.value(), line(e.value()) == 0 ? e.line() : line(e.value()));
    }

    private Value value(Node n, int line) {
        if (!(n instanceof ScalarNode s)) {
            return new Value(flatText(n), at(line), List.of());
        }
        String text = substitute(s.getValue());
        // A block scalar (run: |) starts on the line below its indicator.
        boolean block = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                || s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED;
        return new Value(text, at(line), expressions(text, line, n.getEndMark() == null ? line : n.getEndMark().getLine() + 1),
                block ? line + 1 : line);
    }

    /**
     * Each expression with the line it is on, searched in the node's lines (block scalars start a
     * line below) from where the one before it was found: the expressions of a value are in
     * order, so the search goes once over the lines, not once per expression. One found in no
     * line (written over several, or with escapes) takes the line the search is at; past twice
     * the length of the node's lines of searching (many of those), the rest do too, so the work stays linear.
     */
    private List<Expression> expressions(String text, int first, int last) {
        List<Expression> out = new ArrayList<>();
        int from = Math.max(first, 1);
        int to = Math.min(last, lines.size());
        long budget = 1_000;
        for (int l = from; l <= to; l++) {
            budget += 2L * (lines.get(l - 1).length() + 1);
        }
        int line = first;
        int col = 0;
        for (Expressions.Occurrence o : Expressions.find(text)) {
            int found = line;
            // A raw written over several lines is in no single line: not searched.
            if (budget > 0 && o.raw().indexOf('\n') < 0) {
                for (int l = Math.max(line, from), c = col; l <= to && budget > 0; l++, c = 0) {
                    String here = lines.get(l - 1);
                    int i = c > here.length() ? -1 : here.indexOf(o.raw(), c);
                    budget -= (i < 0 ? here.length() : i + o.raw().length()) - Math.min(c, here.length()) + 1;
                    if (i >= 0) {
                        found = l;
                        line = l;
                        col = i + o.raw().length();
                        break;
                    }
                }
            }
            out.add(new Expression(o.body(), o.raw(), at(found)));
        }
        return List.copyOf(out);
    }

    /**
     * The caller's inputs written in: ${{ inputs.x }} alone becomes the value; inputs.x inside a
     * larger expression (or an if: without ${{ }}) becomes a quoted literal or the caller's expression.
     */
    private String substitute(String text) {
        if (inputs.isEmpty() || !text.contains("inputs.")) {
            return text;
        }
        if (Expressions.find(text).isEmpty()) {
            return substituteInBody(text);
        }
        return Expressions.replace(text, o -> {
            Matcher whole = INPUT.matcher(o.body());
            if (whole.matches() && inputs.containsKey(whole.group(1))) {
                return inputs.get(whole.group(1));
            }
            return "${{ " + substituteInBody(o.body()) + " }}";
        });
    }

    private String substituteInBody(String body) {
        Matcher m = INPUT.matcher(body);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = inputs.get(m.group(1));
            String replacement = m.group();
            if (v != null) {
                Matcher expr = Expressions.EXPRESSION.matcher(v.strip());
                replacement = expr.matches() ? "(" + expr.group(1).strip() + ")" : "'" + v.replace("'", "''") + "'";
            }
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The comment after a value on its line (uses: x@sha # v4.2.2), without the #. */
    private Optional<String> commentOn(int line) {
        if (line < 1 || line > lines.size()) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("\\s#\\s*(.*)$").matcher(lines.get(line - 1));
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static boolean isEmpty(Node n) {
        return isNull(n) || (n instanceof MappingNode m && m.getValue().isEmpty()) || (n instanceof SequenceNode q && q.getValue().isEmpty())
                || (n instanceof ScalarNode s && s.getValue().isBlank());
    }

    static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        return isNull(n) ? "empty" : "a single value";
    }

    private Location at(int line) {
        return new Location(file.path(), line);
    }

    private BadInput bad(int line, String problem, String expected) {
        return new BadInput(at(line), problem, expected);
    }
}
