package dev.fullchain.junit;

import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.env.Availability;
import java.util.Arrays;
import java.util.Locale;

/** Live checks are off unless asked for: -Dlive=azure, -Dlive=github or -Dlive=azure,github. */
final class LiveGate {

    private LiveGate() {
    }

    static Availability availability(CriterionSpec spec, String live) {
        String provider = spec.id().contains(".GH.") ? "github" : "azure";
        boolean asked = Arrays.stream(live.toLowerCase(Locale.ROOT).split(","))
                .map(String::trim).anyMatch(p -> p.equals(provider) || p.equals("all"));
        return asked ? Availability.yes()
                : Availability.no("live " + provider + " checks are off: add -Dlive=" + provider
                        + " to run them (read-only, with your " + provider + " login)");
    }
}
