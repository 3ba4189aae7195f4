package dev.fullchain.model.workflow;

import dev.fullchain.target.BadInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jobs of one workflow ordered by {@code needs:}. Built only from a graph GitHub accepts: a
 * need of a missing job or a cycle is a BadInput naming the file, the job and the line.
 */
public final class JobGraph {

    private final Map<String, List<String>> needs;
    private final List<String> order;

    private JobGraph(Map<String, List<String>> needs, List<String> order) {
        this.needs = needs;
        this.order = order;
    }

    static JobGraph of(List<Job> jobs) {
        Map<String, Job> byId = new LinkedHashMap<>();
        jobs.forEach(j -> byId.put(j.id(), j));
        Map<String, List<String>> needs = new LinkedHashMap<>();
        for (Job j : jobs) {
            List<String> direct = new ArrayList<>();
            for (Need n : j.needs()) {
                if (!byId.containsKey(n.job())) {
                    throw new BadInput(n.location(), "job '" + j.id() + "' needs '" + n.job() + "', which is not a job of this workflow"
                            + " (its jobs: " + String.join(", ", byId.keySet()) + ")",
                            "needs: naming jobs of the same workflow, by their id");
                }
                direct.add(n.job());
            }
            needs.put(j.id(), List.copyOf(direct));
        }
        return new JobGraph(needs, topologicalOrder(byId, needs));
    }

    /** Depth-first, in the order jobs are written; a job met again while on the path closes a cycle. */
    private static List<String> topologicalOrder(Map<String, Job> byId, Map<String, List<String>> needs) {
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String root : byId.keySet()) {
            visit(root, byId, needs, new ArrayDeque<>(), done, order);
        }
        return List.copyOf(order);
    }

    private static void visit(String job, Map<String, Job> byId, Map<String, List<String>> needs, Deque<String> path,
                              Set<String> done, List<String> order) {
        if (done.contains(job)) {
            return;
        }
        if (path.contains(job)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : (Iterable<String>) path::descendingIterator) {
                in |= p.equals(job);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(job);
            String last = path.peek();
            Need closing = byId.get(last).needs().stream().filter(n -> n.job().equals(job)).findFirst().orElseThrow();
            throw new BadInput(closing.location(), "jobs need each other in a cycle: " + String.join(" → ", cycle)
                    + " (job '" + last + "' needs '" + job + "')", "needs: that form no cycle, each job after the ones it needs");
        }
        path.push(job);
        for (String n : needs.get(job)) {
            visit(n, byId, needs, path, done, order);
        }
        path.pop();
        done.add(job);
        order.add(job);
    }

    /** The jobs it names in needs:. */
    public List<String> needs(String job) {
        return needs.getOrDefault(job, List.of());
    }

    /** Every job it waits for, directly or through others, earliest first. */
    public List<String> transitiveNeeds(String job) {
        Set<String> all = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(needs(job));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (all.add(n)) {
                todo.addAll(needs(n));
            }
        }
        return order.stream().filter(all::contains).toList();
    }

    /** Whether {@code job} waits for {@code other}, directly or transitively. */
    public boolean waitsFor(String job, String other) {
        return transitiveNeeds(job).contains(other);
    }

    /** All jobs, each after the ones it needs. */
    public List<String> order() {
        return order;
    }

    /** One path of needs from {@code job} back to {@code ancestor}, e.g. [deploy, push, test]; empty when none. */
    public List<String> pathTo(String job, String ancestor) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(job));
        Set<String> seen = new LinkedHashSet<>(List.of(job));
        while (!todo.isEmpty()) {
            String j = todo.removeFirst();
            if (j.equals(ancestor)) {
                List<String> out = new ArrayList<>();
                for (String p = j; p != null; p = parent.get(p)) {
                    out.add(0, p);
                }
                return out;
            }
            for (String n : needs(j)) {
                if (seen.add(n)) {
                    parent.put(n, j);
                    todo.addLast(n);
                }
            }
        }
        return List.of();
    }
}
