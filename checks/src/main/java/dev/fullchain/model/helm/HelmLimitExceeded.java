package dev.fullchain.model.helm;

import java.util.List;

/**
 * Helm went past one of fullchain's limits on a render or a lint (its time, or the size of
 * what it printed), so it was stopped. Not Helm's own verdict: the message says which limit,
 * and where in the chart the loop most likely is ({@link LoopSuspects}).
 */
final class HelmLimitExceeded extends IllegalStateException {

    private final List<LoopSuspects.Suspect> suspects;

    HelmLimitExceeded(String message, List<LoopSuspects.Suspect> suspects) {
        super(message);
        this.suspects = List.copyOf(suspects);
    }

    /** Templates that call a function able to run or print without end, chart-relative; maybe none. */
    List<LoopSuspects.Suspect> suspects() {
        return suspects;
    }
}
