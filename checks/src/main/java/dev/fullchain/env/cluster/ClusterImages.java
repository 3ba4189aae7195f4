package dev.fullchain.env.cluster;

import dev.fullchain.env.compose.CommandResult;
import dev.fullchain.env.compose.ComposeTool;
import dev.fullchain.env.compose.TargetCopy;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.helm.AppWorkloads;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app's own images for a cluster that cannot pull them: built from a copy of the target
 * (its Dockerfiles, as compose declares them) and tagged with the names the chart uses, then
 * saved to one archive that the cluster imports ({@link K3sCluster} with its own ctr).
 */
final class ClusterImages {

    private ClusterImages() {
    }

    /** Chart image reference → the compose service that builds it, for the api and the frontend. */
    static Map<String, String> needed(RenderedChart rendered, Layout layout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var entry : List.of(Map.entry(layout.services().api(), AppWorkloads.api(rendered, layout)),
                Map.entry(layout.services().frontend(), AppWorkloads.frontend(rendered, layout)))) {
            entry.getValue().flatMap(ClusterImages::mainImage).ifPresent(image -> out.put(image, entry.getKey()));
        }
        return out;
    }

    private static Optional<String> mainImage(Workload w) {
        return w.containers().stream().map(Container::getImage).filter(i -> i != null && !i.isBlank()).findFirst();
    }

    /** Builds each needed image from a copy of the target and saves them all to one archive; the copy is deleted. */
    static Path buildAndSave(Target target, Map<String, String> imageToService, Path archive, Duration timeout) {
        AppProject app = AppProject.load(target);
        Path copy = TargetCopy.copy(target, note -> System.out.println("[fullchain] " + note));
        try {
            for (Map.Entry<String, String> e : imageToService.entrySet()) {
                ImageInScope image = app.imageOf(e.getValue()).orElseThrow(() -> new ClusterUnavailable(
                        "the chart runs " + e.getKey() + " but compose builds no service " + e.getValue()
                                + " to make it (fullchain.yaml maps service names)"));
                System.out.println("[fullchain] building " + e.getKey() + " from " + image.context() + " for the cluster");
                CommandResult build = ComposeTool.exec(List.of("docker", "build", "-t", e.getKey(), "-f",
                        copy.resolve(image.dockerfile()).toString(), copy.resolve(image.context()).toString()), copy, Map.of(), timeout);
                if (!build.ok()) {
                    throw new ClusterUnavailable("docker build of " + e.getKey() + " (" + image.dockerfile() + ") failed: "
                            + String.join(" | ", build.lastLines(3)));
                }
            }
            List<String> save = new java.util.ArrayList<>(List.of("docker", "save", "-o", archive.toString()));
            save.addAll(imageToService.keySet());
            CommandResult saved = ComposeTool.exec(save, copy, Map.of(), timeout);
            if (!saved.ok()) {
                throw new ClusterUnavailable("docker save of " + imageToService.keySet() + " failed: " + String.join(" | ", saved.lastLines(3)));
            }
            return archive;
        } finally {
            TargetCopy.delete(copy);
        }
    }
}
