package dev.fullchain.junit;

import dev.fullchain.criteria.Tier;
import dev.fullchain.env.Availability;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether each tier can run here, asked once per run. A tier that cannot run turns its
 * checks into skips with the reason and the way to enable it, never into passes.
 * Environments register how to probe their tier; a tier nobody registered is unavailable.
 */
public final class TierGate {

    private static final Map<Tier, Supplier<Availability>> PROBES = new ConcurrentHashMap<>();
    private static final Map<Tier, Availability> ANSWERS = new ConcurrentHashMap<>();

    static {
        PROBES.put(Tier.STATIC, Availability::yes);
        TierProbes.registerAll();
    }

    private TierGate() {
    }

    public static void register(Tier tier, Supplier<Availability> probe) {
        PROBES.put(tier, probe);
        ANSWERS.remove(tier);
    }

    public static Availability availability(Tier tier) {
        return ANSWERS.computeIfAbsent(tier, t -> PROBES.getOrDefault(t,
                () -> Availability.no("the " + t.key() + " tier is not implemented yet")).get());
    }
}
