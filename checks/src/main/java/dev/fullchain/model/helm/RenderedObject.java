package dev.fullchain.model.helm;

import dev.fullchain.target.Location;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object of a rendered chart, typed by fabric8 (Deployment, Service, ...; a kind fabric8
 * does not know is a GenericKubernetesResource), with the template that produced it: the
 * path relative to the target's root, from Helm's {@code # Source:} comment.
 */
public record RenderedObject(HasMetadata object, String template) {

    public String kind() {
        return object.getKind();
    }

    public String name() {
        return object.getMetadata() == null ? null : object.getMetadata().getName();
    }

    /** "Deployment/web", for messages. */
    public String id() {
        return kind() + "/" + name();
    }

    public Location location() {
        return Location.of(template);
    }

    public <T extends HasMetadata> boolean is(Class<T> type) {
        return type.isInstance(object);
    }

    public <T extends HasMetadata> T as(Class<T> type) {
        return type.cast(object);
    }

    @Override
    public String toString() {
        return id() + " (" + template + ")";
    }
}
