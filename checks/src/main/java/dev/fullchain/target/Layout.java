package dev.fullchain.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where things are in the target, and the api contract the runtime checks call. Defaults
 * fit the bundled fixtures and common layouts; a fullchain.yaml at the target's root
 * overrides any of them (every key is optional; an unknown key is an error naming it):
 *
 * <pre>
 * compose: app/compose.yaml          # else found as AppProject says (the root, app/, then anywhere)
 * services: {frontend: web, api: backend, db: postgres}
 * images:                            # the Dockerfiles of the built services, when compose does not say
 *   api: backend/Dockerfile          #   (a path, or {dockerfile: ..., context: ...})
 *   frontend: {dockerfile: docker/web.Dockerfile, context: .}
 *   extra: [tools/Dockerfile]        #   more Dockerfiles in scope (a plain list means the same)
 * chart: helm/shop                   # the app chart's directory
 * helmfile: deploy/helmfile.yaml
 * terraform: {root: infra/live, bootstrap: infra/state, modules: infra/modules}   # or terraform: infra/live
 * workflows: {pipeline: .github/workflows/ci.yml, infrastructure: .github/workflows/tf.yml}
 * api: {port: 8000, health: /healthz, ready: /readyz, items: /api/items, metrics: /metrics}
 * frontend: {port: 8080, page: /, proxiedItems: /api/items}
 * </pre>
 */
public record Layout(
        Optional<String> composeFile,
        Services services,
        Map<String, ImageMapping> images,
        List<String> extraImages,
        Optional<String> chart,
        Optional<String> helmfile,
        TerraformPaths terraform,
        WorkflowPaths workflows,
        Api api,
        Frontend frontend,
        Map<String, Integer> lines,
        Optional<BadInput> problem) {

    public static final String FILE = "fullchain.yaml";

    public record Services(String frontend, String api, String db) {

        /** The learner's name of a role (frontend, api, db). */
        public String of(String role) {
            return switch (role) {
                case "frontend" -> frontend;
                case "api" -> api;
                case "db" -> db;
                default -> throw new IllegalArgumentException(role);
            };
        }
    }

    /** A service's image as fullchain.yaml gives it: its Dockerfile, and its build context when not the Dockerfile's folder. */
    public record ImageMapping(String dockerfile, Optional<String> context) {
    }

    public record TerraformPaths(Optional<String> root, Optional<String> bootstrap, Optional<String> modules) {
    }

    public record WorkflowPaths(Optional<String> pipeline, Optional<String> infrastructure) {
    }

    public record Api(int port, String health, String ready, String items, String metrics) {
    }

    public record Frontend(int port, String page, String proxiedItems) {
    }

    public static Layout defaults() {
        return new Layout(Optional.empty(), new Services("frontend", "api", "db"), Map.of(), List.of(),
                Optional.empty(), Optional.empty(),
                new TerraformPaths(Optional.empty(), Optional.empty(), Optional.empty()),
                new WorkflowPaths(Optional.empty(), Optional.empty()),
                new Api(8000, "/healthz", "/readyz", "/api/items", "/metrics"),
                new Frontend(8080, "/", "/api/items"), Map.of(), Optional.empty());
    }

    /** Where fullchain.yaml sets a key (dotted, e.g. "terraform.root"): its line, or the file alone. */
    public Location where(String key) {
        Integer line = lines.get(key);
        return line == null ? Location.of(FILE) : new Location(FILE, line);
    }

    /** Whether fullchain.yaml sets this key (dotted). */
    public boolean sets(String key) {
        return lines.containsKey(key);
    }

    static Layout load(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return defaults();
        }
        return LayoutReader.read(file);
    }

    Layout withProblem(BadInput p) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, workflows,
                api, frontend, lines, Optional.of(p));
    }

    static Map<String, Integer> copy(Map<String, Integer> lines) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }
}
