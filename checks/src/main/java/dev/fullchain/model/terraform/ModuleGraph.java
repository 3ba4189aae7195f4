package dev.fullchain.model.terraform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which configuration calls which through local module sources, and what Terraform refuses
 * in that graph: a module that calls itself, directly or through others (a cycle), and a
 * chain of calls deeper than {@link #MAX_DEPTH}. Module instances are only built along the
 * calls that are neither, so a hostile tree cannot make the evaluation run without end.
 */
public final class ModuleGraph {

    /**
     * The deepest chain of nested module calls followed. Real configurations nest two or three
     * levels; 16 keeps the instance tree (and every walk of it) small.
     */
    public static final int MAX_DEPTH = 16;

    /** A cycle of module calls, from a configuration back to itself; {@code closing} is the call that closes it. */
    public record Cycle(List<String> dirs, ModuleCall closing) {
        /** "terraform/modules/a → terraform/modules/b → terraform/modules/a". */
        public String describe() {
            return String.join(" → ", dirs);
        }
    }

    /** A chain of calls deeper than {@link #MAX_DEPTH}, from a root; {@code deepest} is the call past the limit. */
    public record TooDeep(List<String> dirs, ModuleCall deepest) {
        public String describe() {
            return String.join(" → ", dirs);
        }
    }

    private final List<Cycle> cycles = new ArrayList<>();
    private final List<TooDeep> tooDeep = new ArrayList<>();
    private final Set<ModuleCall> closing = new HashSet<>();

    private ModuleGraph() {
    }

    /** Walks the calls from every configuration (each folder once), in the given order. */
    static ModuleGraph of(Map<String, TerraformConfig> configs) {
        ModuleGraph g = new ModuleGraph();
        Set<String> done = new HashSet<>();
        for (String dir : configs.keySet()) {
            if (!done.contains(dir)) {
                g.walk(configs, dir, new ArrayList<>(), done);
            }
        }
        return g;
    }

    /** Depth-first: a call to a folder already on the path closes a cycle; a path longer than the limit is not followed. */
    private void walk(Map<String, TerraformConfig> configs, String dir, List<String> path, Set<String> done) {
        path.add(dir);
        for (ModuleCall m : calls(configs.get(dir), configs)) {
            String child = m.localDir().get();
            if (path.contains(child)) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(child), path.size()));
                loop.add(child);
                cycles.add(new Cycle(List.copyOf(loop), m));
                closing.add(m);
            } else if (path.size() > MAX_DEPTH) {
                if (tooDeep.isEmpty()) {
                    List<String> chain = new ArrayList<>(path);
                    chain.add(child);
                    tooDeep.add(new TooDeep(List.copyOf(chain), m));
                }
                closing.add(m);
            } else if (!done.contains(child)) {
                walk(configs, child, path, done);
            }
        }
        path.remove(path.size() - 1);
        done.add(dir);
    }

    private static List<ModuleCall> calls(TerraformConfig c, Map<String, TerraformConfig> configs) {
        return c == null ? List.of() : c.moduleCalls().stream()
                .filter(m -> m.sourceExists() && configs.containsKey(m.localDir().get())).toList();
    }

    /** Every cycle found, each once (by the call that closes it). */
    public List<Cycle> cycles() {
        return List.copyOf(cycles);
    }

    /** A chain of calls past the depth limit, if there is one (said once). */
    public List<TooDeep> tooDeep() {
        return List.copyOf(tooDeep);
    }

    /** Whether this call closes a cycle or goes past the depth limit: module instances are not built along it. */
    boolean notFollowed(ModuleCall m) {
        return closing.contains(m);
    }
}
