package dev.fullchain.selftest.cluster;

import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.MutantFolder;
import java.util.List;

/**
 * The cluster mutants under checks/src/test/resources/cluster-mutants/ (kept out of mutants/:
 * they need the mock cluster, which the main mutant runner does not start). Each is a mutant
 * in the usual format (edits of the fixtures, such as a chart defect) plus {@code cluster:},
 * what goes wrong in the cluster itself ({@link ClusterFaults}).
 */
public final class ClusterMutants {

    /** A mutant and the faults of the cluster it runs against. */
    public record ClusterMutant(Mutant mutant, ClusterFaults faults) {
    }

    private ClusterMutants() {
    }

    public static List<ClusterMutant> all() {
        return MutantFolder.load("/cluster-mutants", "cluster/", "cluster", (m, faults) -> new ClusterMutant(m, ClusterFaults.from(faults)));
    }

    /** The Day 5 cluster mutants (cluster-mutants-day5/): they run against the mock cluster holding the reference stack. */
    public static List<ClusterMutant> day5() {
        return MutantFolder.load("/cluster-mutants-day5", "cluster-day5/", "cluster",
                (m, faults) -> new ClusterMutant(m, ClusterFaults.from(faults)));
    }
}
