package dev.fullchain.junit;

/** The one place that says how each tier finds out whether it can run here. */
final class TierProbes {

    private TierProbes() {
    }

    static void registerAll() {
        TierGate.register(dev.fullchain.criteria.Tier.DOCKER, dev.fullchain.env.Docker::availability);
        // Which cluster (k3s needs Docker, kubeconfig needs a reachable API) is known only from the
        // run's settings: ClusterResolver skips with the reason when it cannot start one.
        TierGate.register(dev.fullchain.criteria.Tier.CLUSTER, dev.fullchain.env.Availability::yes);
        TierGate.register(dev.fullchain.criteria.Tier.LIVE, dev.fullchain.env.Availability::yes); // per provider: LiveGate, then the login (AzureLive)
    }
}
