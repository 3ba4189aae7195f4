package dev.fullchain.model.helm;

import dev.fullchain.target.Layout;
import io.fabric8.kubernetes.api.model.Container;
import java.util.Locale;
import java.util.Optional;

/**
 * Which rendered workload is the api, the frontend or the database: by the component label,
 * then by the name's last segment (fullchain.yaml's service names), then, for the database,
 * by a Postgres image.
 */
public final class AppWorkloads {

    private AppWorkloads() {
    }

    public static Optional<Workload> api(RenderedChart r, Layout layout) {
        return named(r, layout.services().api());
    }

    public static Optional<Workload> frontend(RenderedChart r, Layout layout) {
        return named(r, layout.services().frontend());
    }

    public static Optional<Workload> database(RenderedChart r, Layout layout) {
        return named(r, layout.services().db()).or(() -> r.workloads().stream()
                .filter(w -> w.containers().stream().anyMatch(AppWorkloads::runsPostgres)).findFirst());
    }

    public static boolean runsPostgres(Container c) {
        String image = c.getImage() == null ? "" : c.getImage().toLowerCase(Locale.ROOT);
        String repository = image.replaceAll("[:@].*$", "");
        return repository.substring(repository.lastIndexOf('/') + 1).contains("postgres");
    }

    private static Optional<Workload> named(RenderedChart r, String component) {
        return r.workloads().stream().filter(w -> w.component().filter(component::equals).isPresent()).findFirst()
                .or(() -> r.workloads().stream().filter(w -> {
                    String name = w.rendered().name();
                    return name != null && (name.equals(component) || name.endsWith("-" + component));
                }).findFirst());
    }
}
