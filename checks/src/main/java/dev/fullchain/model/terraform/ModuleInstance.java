package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.Step;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A configuration as it is applied in one environment: the root with the environment's
 * variable files, or a module called from it with the inputs its caller gives. Resolves
 * var.*, local.*, module.*, path.*, terraform.workspace and references to resources (their
 * configured arguments; what Azure computes is unknown), so expressions can be evaluated
 * the way Terraform would plan them.
 */
public final class ModuleInstance implements Evaluator.Scope {

    /**
     * The most instances one count or for_each expands to. Real configurations create a handful
     * (a few hundred at most); past this the instances are one unknown "[?]", never thousands
     * of evaluated copies.
     */
    static final int MAX_REPETITIONS = 1_000;

    private final TerraformProject project;
    private final TerraformConfig config;
    private final TfEnvironment environment;
    private final ModuleInstance parent;
    private final ModuleCall call;
    private final String address;
    private final Evaluator callContext;
    private final Evaluator evaluator;
    private final int depth;
    private final Map<String, Value> memo = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private List<ModuleInstance> children;
    private List<ResourceInstance> resources;

    ModuleInstance(TerraformProject project, TerraformConfig config, TfEnvironment environment,
                   ModuleInstance parent, ModuleCall call, String address, Evaluator callContext) {
        this.project = project;
        this.config = config;
        this.environment = environment;
        this.parent = parent;
        this.call = call;
        this.address = address;
        this.callContext = callContext;
        this.evaluator = new Evaluator(this);
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    public TerraformConfig config() {
        return config;
    }

    public TfEnvironment environment() {
        return environment;
    }

    /** "" for the root, "module.key_vault" (or module.x["k"]) for a module. */
    public String address() {
        return address;
    }

    public Optional<ModuleInstance> parent() {
        return Optional.ofNullable(parent);
    }

    public Optional<ModuleCall> call() {
        return Optional.ofNullable(call);
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    public Value eval(Expr e) {
        return evaluator.eval(e);
    }

    // ------------------------------------------------------------------ names

    /** The value of var.name here: from the environment's files (root) or the module call, else the default. */
    public Value variable(String name) {
        return memoised("var." + name, () -> {
            Optional<Variable> declared = config.variable(name);
            if (declared.isEmpty()) {
                return lostOr("variable", name, Value.error("var." + name + " is not declared in " + config.dir()));
            }
            Variable v = declared.get();
            Value given = null;
            if (call == null) {
                given = environment.variable(name).orElse(null);
            } else {
                Optional<Attribute> input = call.input(name);
                if (input.isPresent()) {
                    given = callContext.eval(input.get().expr());
                }
            }
            if (given != null && !(given instanceof Value.Null && v.defaultValue().isPresent())) {
                return convert(given, v);
            }
            if (v.defaultValue().isPresent()) {
                return new Evaluator(Evaluator.NO_REFERENCES).eval(v.defaultValue().get().expr());
            }
            if (call == null) {
                return Value.unknown("var." + name + " is set by neither " + environment.whereVariablesAreSet()
                        + " nor a default (" + v.location() + ")");
            }
            return Value.unknown("var." + name + " of " + address + " is not given by the module call ("
                    + call.location() + ") and has no default");
        });
    }

    /** Light type conversion, as Terraform does for primitive variable types. */
    private static Value convert(Value given, Variable v) {
        String type = v.typeText().orElse("any");
        if (type.equals("string") && (given instanceof Value.Num || given instanceof Value.Bool)) {
            return dev.fullchain.model.terraform.eval.Functions.toStringValue(given, "a string variable");
        }
        if (type.equals("number") && given instanceof Value.Str) {
            return given.asNumber().map(n -> (Value) new Value.Num(n)).orElse(given);
        }
        if (type.equals("bool") && given instanceof Value.Str) {
            return given.asBool().map(Value::of).orElse(given);
        }
        return given;
    }

    public Value local(String name) {
        return memoised("local." + name, () -> config.local(name)
                .map(l -> evaluator.eval(l.attribute().expr()))
                .orElseGet(() -> lostOr("locals", null, Value.error("local." + name + " is not declared in " + config.dir()))));
    }

    /** The value of one of this module's outputs. */
    public Value output(String name) {
        return memoised("output." + name, () -> config.output(name)
                .map(o -> o.value().map(a -> evaluator.eval(a.expr())).orElse(Value.NULL))
                .orElseGet(() -> lostOr("output", name, Value.error(config.dir() + " has no output \"" + name + "\""))));
    }

    /** A name that is not declared may be in a block that could not be parsed: then it is unknown, not an error. */
    private Value lostOr(String blockType, String label, Value otherwise) {
        List<ConfigProblem> lost = config.problemsAffecting(blockType, label);
        if (lost.isEmpty()) {
            return otherwise;
        }
        var bad = lost.get(0).bad();
        return Value.unknown((label == null ? blockType : blockType + " \"" + label + "\"")
                + " may be in a part of " + bad.location() + " that cannot be parsed");
    }

    Value memoised(String key, Supplier<Value> compute) {
        // One lock per project: evaluation walks up and down the module tree.
        synchronized (project) {
            return memoisedLocked(key, compute);
        }
    }

    private Value memoisedLocked(String key, Supplier<Value> compute) {
        Value known = memo.get(key);
        if (known != null) {
            return known;
        }
        if (!inProgress.add(key)) {
            return Value.error(key + " refers to itself (a cycle)");
        }
        try {
            Value v = compute.get();
            memo.put(key, v);
            return v;
        } finally {
            inProgress.remove(key);
        }
    }

    @Override
    public Evaluator.Resolved resolve(String root, List<Step> steps, Evaluator ev) {
        String first = steps.isEmpty() || !(steps.get(0) instanceof Step.Attr a) ? null : a.name();
        switch (root) {
            case "var":
                return first == null ? bad("var needs a name (var.x)") : new Evaluator.Resolved(variable(first), 1);
            case "local":
                return first == null ? bad("local needs a name (local.x)") : new Evaluator.Resolved(local(first), 1);
            case "module":
                return first == null ? bad("module needs a name (module.x.output)") : moduleReference(first, steps, ev);
            case "data":
                return new Evaluator.Resolved(Value.unknown(
                        "data." + (first == null ? "" : first) + " is read from the cloud when Terraform plans"), steps.size());
            case "path":
                if ("module".equals(first)) {
                    return new Evaluator.Resolved(Value.of(pathFromRoot()), 1);
                }
                if ("root".equals(first)) {
                    return new Evaluator.Resolved(Value.of("."), 1);
                }
                return new Evaluator.Resolved(Value.unknown("path." + first + " depends on where Terraform runs"), 1);
            case "terraform":
                if ("workspace".equals(first)) {
                    return new Evaluator.Resolved(environment.workspace().map(Value::of).orElseGet(() -> Value.unknown(
                            "terraform.workspace is chosen when Terraform runs (terraform workspace select)")), 1);
                }
                return new Evaluator.Resolved(Value.unknown("terraform." + first + " is not evaluated by fullchain"), 1);
            case "self":
            case "count":
            case "each":
                return new Evaluator.Resolved(Value.unknown(root + " is only known inside the resource being planned"), steps.size());
            default:
                return resourceReference(root, first, steps, ev);
        }
    }

    private static Evaluator.Resolved bad(String message) {
        return new Evaluator.Resolved(Value.error(message), 0);
    }

    private String pathFromRoot() {
        String rootDir = environment.root().dir();
        if (config.dir().equals(rootDir)) {
            return ".";
        }
        if (rootDir.isEmpty()) {
            return config.dir();
        }
        return config.dir().startsWith(rootDir + "/") ? config.dir().substring(rootDir.length() + 1) : config.dir();
    }

    private Evaluator.Resolved moduleReference(String name, List<Step> steps, Evaluator ev) {
        Optional<ModuleCall> mc = config.moduleCall(name);
        if (mc.isEmpty()) {
            Value v = lostOr("module", name, Value.error("module." + name + " is not declared in " + config.dir()));
            return new Evaluator.Resolved(v, steps.size());
        }
        ModuleCall m = mc.get();
        if (!m.isLocal()) {
            return new Evaluator.Resolved(Value.unknown("module." + name + " comes from " + m.source().orElse("?")
                    + ", which fullchain does not read"), steps.size());
        }
        if (m.leavesRepository()) {
            return new Evaluator.Resolved(Value.unknown("module." + name + " comes from " + m.source().orElse("")
                    + ", outside the repository, which fullchain never reads"), steps.size());
        }
        if (!m.sourceExists()) {
            return new Evaluator.Resolved(Value.unknown("module." + name + ": its source " + m.source().orElse("")
                    + " is not a directory of Terraform files"), steps.size());
        }
        if (project.moduleGraph().notFollowed(m) || depth >= ModuleGraph.MAX_DEPTH) {
            return new Evaluator.Resolved(Value.unknown("module." + name + " (" + m.location() + ") closes a module cycle"
                    + " or nests deeper than " + ModuleGraph.MAX_DEPTH + " modules: fullchain does not follow it"), steps.size());
        }
        List<ModuleInstance> instances = children().stream().filter(c -> c.call == m).toList();
        int next = 1;
        ModuleInstance target;
        if (m.repetition().isPresent()) {
            if (steps.size() < 2 || !(steps.get(1) instanceof Step.Index idx)) {
                return new Evaluator.Resolved(Value.unknown("module." + name
                        + " has several instances (count/for_each): fullchain does not evaluate them as a whole"), steps.size());
            }
            Value key = ev.eval(idx.key());
            if (!key.isKnown()) {
                return new Evaluator.Resolved(key, steps.size());
            }
            String wanted = "module." + name + "[" + keyText(key) + "]";
            target = instances.stream().filter(i -> i.address.endsWith(wanted)).findFirst().orElse(null);
            if (target == null) {
                return new Evaluator.Resolved(Value.unknown("module." + name + "[" + keyText(key)
                        + "]: this instance is not known here"), steps.size());
            }
            next = 2;
        } else {
            target = instances.isEmpty() ? null : instances.get(0);
            if (target == null) {
                return new Evaluator.Resolved(Value.unknown("module." + name + " is not instantiated"), steps.size());
            }
        }
        if (steps.size() <= next || !(steps.get(next) instanceof Step.Attr out)) {
            Map<String, Value> all = new HashMap<>();
            for (Output o : target.config.outputs()) {
                all.put(o.name(), target.output(o.name()));
            }
            return new Evaluator.Resolved(Value.map(all), next);
        }
        return new Evaluator.Resolved(target.output(out.name()), next + 1);
    }

    private Evaluator.Resolved resourceReference(String type, String name, List<Step> steps, Evaluator ev) {
        if (name == null) {
            return bad("'" + type + "' is not a name fullchain knows");
        }
        Optional<Resource> declared = config.resource(type, name);
        if (declared.isEmpty()) {
            Value v = lostOr("resource", type, Value.error("no resource " + type + "." + name + " in " + config.dir()));
            return new Evaluator.Resolved(v, steps.size());
        }
        Resource r = declared.get();
        int next = 1;
        ResourceInstance instance;
        List<ResourceInstance> all = resourcesOf(r);
        if (r.repetition().isPresent()) {
            if (steps.size() < 2 || !(steps.get(1) instanceof Step.Index idx)) {
                return new Evaluator.Resolved(Value.unknown(r.address()
                        + " has several instances (count/for_each): fullchain does not evaluate them as a whole"), steps.size());
            }
            Value key = ev.eval(idx.key());
            if (!key.isKnown()) {
                return new Evaluator.Resolved(key, steps.size());
            }
            String suffix = "[" + keyText(key) + "]";
            instance = all.stream().filter(i -> i.key().equals(suffix)).findFirst().orElse(null);
            if (instance == null) {
                return new Evaluator.Resolved(Value.unknown(r.address() + suffix + " is not known here"), steps.size());
            }
            next = 2;
        } else {
            instance = all.isEmpty() ? null : all.get(0);
        }
        if (instance == null || steps.size() <= next || !(steps.get(next) instanceof Step.Attr attr)) {
            return new Evaluator.Resolved(Value.unknown(r.address() + " as a whole is known only after apply"), steps.size());
        }
        if (instance.resource().attribute(attr.name()).isEmpty()) {
            return new Evaluator.Resolved(Value.unknown(r.address() + "." + attr.name()
                    + " is known only after apply"), next + 1);
        }
        return new Evaluator.Resolved(instance.value(attr.name()), next + 1);
    }

    static String keyText(Value key) {
        return key instanceof Value.Str s ? "\"" + s.value() + "\"" : key instanceof Value.Num n ? n.text() : key.display();
    }

    /** Where a value written here really comes from: an expression and the module instance it is written in. */
    public record Origin(Expr expr, ModuleInstance instance) {
        public dev.fullchain.target.Location location() {
            return expr.range().location();
        }
    }

    /**
     * Follows an expression that only passes a module variable through ({@code name = var.name})
     * up the module calls to the expression that gives it its value, so a literal written in
     * the caller is found where it is written.
     */
    public Origin origin(Expr e) {
        Expr current = e;
        ModuleInstance at = this;
        while (true) {
            while (current instanceof Expr.Paren p) {
                current = p.inner();
            }
            if (!(current instanceof Expr.Traversal t) || !t.root().equals("var") || t.steps().size() != 1
                    || !(t.steps().get(0) instanceof Step.Attr a) || at.call == null) {
                return new Origin(current, at);
            }
            Optional<Attribute> input = at.call.input(a.name());
            if (input.isEmpty()) {
                return new Origin(current, at);
            }
            current = input.get().expr();
            at = at.parent;
        }
    }

    // ------------------------------------------------------------------ the tree

    /** The module instances this one calls (local sources only; count/for_each expanded when known). */
    public List<ModuleInstance> children() {
        synchronized (project) {
            return childrenLocked();
        }
    }

    private List<ModuleInstance> childrenLocked() {
        if (children == null) {
            List<ModuleInstance> out = new ArrayList<>();
            for (ModuleCall m : config.moduleCalls()) {
                // a call that closes a cycle, or nests past the limit, would never end: it is reported, not followed
                if (!m.isLocal() || !m.sourceExists() || project.moduleGraph().notFollowed(m) || depth >= ModuleGraph.MAX_DEPTH) {
                    continue;
                }
                Optional<TerraformConfig> child = project.config(m.localDir().get());
                if (child.isEmpty()) {
                    continue;
                }
                String base = (address.isEmpty() ? "" : address + ".") + "module." + m.name();
                for (Repetition rep : Repetition.expand(m.repetition(), evaluator)) {
                    out.add(new ModuleInstance(project, child.get(), environment, this, m, base + rep.key(), rep.bind(evaluator)));
                }
            }
            children = List.copyOf(out);
        }
        return children;
    }

    /** The resources declared in this module, one per instance (count = 0 gives none). */
    public List<ResourceInstance> resources() {
        synchronized (project) {
            return resourcesLocked();
        }
    }

    private List<ResourceInstance> resourcesLocked() {
        if (resources == null) {
            List<ResourceInstance> out = new ArrayList<>();
            for (Resource r : config.resources()) {
                out.addAll(expand(r));
            }
            resources = List.copyOf(out);
        }
        return resources;
    }

    private List<ResourceInstance> resourcesOf(Resource r) {
        return resources().stream().filter(i -> i.resource() == r).toList();
    }

    private List<ResourceInstance> expand(Resource r) {
        List<ResourceInstance> out = new ArrayList<>();
        for (Repetition rep : Repetition.expand(r.repetition(), evaluator)) {
            out.add(new ResourceInstance(r, this, rep.key(), rep.bind(evaluator), rep.known()));
        }
        return out;
    }

    /** Every resource of this module and of the modules it calls, recursively. */
    public List<ResourceInstance> allResources() {
        List<ResourceInstance> out = new ArrayList<>(resources());
        for (ModuleInstance c : children()) {
            out.addAll(c.allResources());
        }
        return out;
    }

    /** This module and every module below it. */
    public List<ModuleInstance> allModules() {
        List<ModuleInstance> out = new ArrayList<>();
        out.add(this);
        for (ModuleInstance c : children()) {
            out.addAll(c.allModules());
        }
        return out;
    }

    @Override
    public String toString() {
        return (address.isEmpty() ? config.dir() : address) + " in " + environment.name();
    }

    /** One instance of count/for_each: its address suffix and the count/each it binds. */
    record Repetition(String key, Value count, Value each, boolean known) {

        Evaluator bind(Evaluator e) {
            Evaluator out = e;
            if (count != null) {
                out = out.bind("count", count);
            }
            if (each != null) {
                out = out.bind("each", each);
            }
            return out;
        }

        static List<Repetition> expand(Optional<Attribute> repetition, Evaluator ev) {
            if (repetition.isEmpty()) {
                return List.of(new Repetition("", null, null, true));
            }
            Attribute a = repetition.get();
            Value v = ev.eval(a.expr());
            if (a.name().equals("count")) {
                if (!v.isKnown() || v.asNumber().isEmpty()) {
                    Value why = v.isKnown() ? Value.error("count is not a number") : v;
                    return List.of(new Repetition("[?]", Value.map(Map.of("index", why)), null, false));
                }
                BigDecimal count = v.asNumber().get();
                if (count.compareTo(BigDecimal.valueOf(MAX_REPETITIONS)) > 0) {
                    Value why = Value.unknown("count = " + new Value.Num(count).text() + " at " + a.location()
                            + ": fullchain expands at most " + MAX_REPETITIONS + " instances");
                    return List.of(new Repetition("[?]", Value.map(Map.of("index", why)), null, false));
                }
                List<Repetition> out = new ArrayList<>();
                int n = count.intValue();
                for (int i = 0; i < n; i++) {
                    out.add(new Repetition("[" + i + "]", Value.map(Map.of("index", Value.of(i))), null, true));
                }
                return out;
            }
            List<Repetition> out = new ArrayList<>();
            int size = v instanceof Value.MapV m ? m.entries().size() : v instanceof Value.ListV l ? l.items().size() : 0;
            if (size > MAX_REPETITIONS) {
                Value why = Value.unknown("for_each at " + a.location() + " has " + size + " elements: fullchain expands at most "
                        + MAX_REPETITIONS + " instances");
                return List.of(new Repetition("[?]", null, Value.map(Map.of("key", why, "value", why)), false));
            }
            if (v instanceof Value.MapV m) {
                m.entries().forEach((k, x) -> out.add(new Repetition("[\"" + k + "\"]", null,
                        Value.map(Map.of("key", Value.of(k), "value", x)), true)));
                return out;
            }
            if (v instanceof Value.ListV l && l.isWhollyKnown()) {
                for (Value x : l.items()) {
                    String k = x.asString().orElse(x.display());
                    out.add(new Repetition("[\"" + k + "\"]", null, Value.map(Map.of("key", Value.of(k), "value", x)), true));
                }
                return out;
            }
            Value why = v.isKnown() ? (v.firstUnknown() != null ? v.firstUnknown() : Value.error("for_each needs a map or a set"))
                    : v;
            return List.of(new Repetition("[?]", null, Value.map(Map.of("key", why, "value", why)), false));
        }
    }
}
