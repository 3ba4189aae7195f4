package dev.fullchain.model.app;

import dev.fullchain.target.Location;
import java.util.Optional;

/**
 * An image the checks look at: one the compose file builds (service set) or one the layout
 * names (fullchain.yaml images:). Paths are relative to the target root; context is "" for
 * the root itself. inline holds a build.dockerfile_inline text instead of a file.
 */
public record ImageInScope(Optional<String> service, String context, String dockerfile, Optional<String> inline,
                           Location declaredAt) {

    /** "the api image (app/api/Dockerfile)" for messages. */
    public String describe() {
        return service.map(s -> "the " + s + " image").orElse("the image") + " (" + dockerfile + ")";
    }

    /** A path inside the build context, relative to the target root. */
    public String inContext(String relative) {
        return context.isEmpty() ? relative : context + "/" + relative;
    }
}
