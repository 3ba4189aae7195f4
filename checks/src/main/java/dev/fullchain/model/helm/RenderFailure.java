package dev.fullchain.model.helm;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;

/**
 * Helm could not render the chart with a values file: Helm's own message, at the file and
 * line it names (a template, or the values file). D3.CHART.RENDER reports it as a finding;
 * the other chart checks judge the renders that worked, and are blocked by it only when none did.
 */
public final class RenderFailure extends BadInput {

    private final ValuesFile values;
    private final String helmMessage;

    RenderFailure(Location where, ValuesFile values, String helmMessage, String expected, Throwable cause) {
        super(where, "helm template with " + values.fileName() + " fails: " + helmMessage, expected, cause);
        this.values = values;
        this.helmMessage = helmMessage;
    }

    public ValuesFile values() {
        return values;
    }

    /** Helm's message, paths relative to the target's root. */
    public String helmMessage() {
        return helmMessage;
    }
}
