package dev.fullchain.junit;

/** The one place that says how each tier finds out whether it can run here. */
final class TierProbes {

    private TierProbes() {
    }

    static void registerAll() {
        // Day 1: TierGate.register(Tier.DOCKER, Docker::availability);
    }
}
