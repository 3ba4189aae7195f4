package dev.fullchain.model.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/** A chart rendered in-process ({@code helm template}) with one values file, as a named release: its objects in Helm's order. */
public record RenderedChart(HelmChart chart, ValuesFile values, String releaseName, String manifest, List<RenderedObject> objects) {

    /** The objects of a fabric8 type, e.g. {@code ofType(Deployment.class)}. */
    public <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().filter(o -> o.is(type)).map(o -> o.as(type)).toList();
    }

    /** The rendered objects of a fabric8 type, each with its template. */
    public List<RenderedObject> objectsOfType(Class<? extends HasMetadata> type) {
        return objects.stream().filter(o -> o.is(type)).toList();
    }

    /** The objects that run pods, each with its pod template. */
    public List<Workload> workloads() {
        return objects.stream().map(Workload::of).flatMap(Optional::stream).toList();
    }

    public Optional<RenderedObject> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.kind()) && name.equals(o.name())).findFirst();
    }

    /** The object's template, relative to the target's root. */
    public String templateOf(HasMetadata object) {
        return objects.stream().filter(o -> o.object() == object).map(RenderedObject::template).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an object of this rendering: " + object.getKind()));
    }
}
