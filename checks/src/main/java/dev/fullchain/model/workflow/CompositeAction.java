package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Map;

/** A local action (action.yml); composite ones have steps, JavaScript and Docker ones none. */
public record CompositeAction(String path, String using, Map<String, String> inputDefaults, List<Step> steps, Location location) {

    public boolean isComposite() {
        return using.equals("composite");
    }
}
