package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.Map;

/** A job that runs a reusable workflow ({@code uses:} at job level) with its with: and secrets:. */
public record WorkflowCall(ActionRef uses, Map<String, Value> with, boolean inheritsSecrets, Map<String, Value> secrets,
                           Location location) {
}
