package dev.fullchain.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Where things are in the target, and the api contract the runtime checks call. Defaults
 * fit the bundled fixtures and common layouts; a fullchain.yaml at the target's root
 * overrides any of them:
 *
 * <pre>
 * compose: app/compose.yaml          # else the first of compose.yaml, compose.yml,
 *                                    # docker-compose.yaml, docker-compose.yml at the root, then in app/
 * services: {frontend: web, api: backend, db: postgres}
 * images: [tools/Dockerfile]         # more Dockerfiles in scope than the compose file builds
 * api: {port: 8000, health: /healthz, ready: /readyz, items: /api/items, metrics: /metrics}
 * frontend: {port: 8080, page: /, proxiedItems: /api/items}
 * </pre>
 */
public record Layout(
        Optional<String> composeFile,
        Services services,
        List<String> extraImages,
        Api api,
        Frontend frontend,
        Optional<BadInput> problem) {

    public static final String FILE = "fullchain.yaml";
    static final List<String> COMPOSE_CANDIDATES = List.of(
            "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");
    static final List<String> COMPOSE_DIRS = List.of("", "app/");

    public record Services(String frontend, String api, String db) {
    }

    public record Api(int port, String health, String ready, String items, String metrics) {
    }

    public record Frontend(int port, String page, String proxiedItems) {
    }

    public static Layout defaults() {
        return new Layout(Optional.empty(), new Services("frontend", "api", "db"), List.of(),
                new Api(8000, "/healthz", "/readyz", "/api/items", "/metrics"),
                new Frontend(8080, "/", "/api/items"), Optional.empty());
    }

    /** The compose file path relative to the root: configured, else discovered, else the first candidate. */
    public String composePath(Path root) {
        if (composeFile.isPresent()) {
            return composeFile.get();
        }
        for (String dir : COMPOSE_DIRS) {
            for (String name : COMPOSE_CANDIDATES) {
                if (Files.isRegularFile(root.resolve(dir + name))) {
                    return dir + name;
                }
            }
        }
        return COMPOSE_CANDIDATES.get(0);
    }

    static Layout load(Path root) {
        Path file = root.resolve(FILE);
        Layout d = defaults();
        if (!Files.isRegularFile(file)) {
            return d;
        }
        Location where = Location.of(FILE);
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (loaded == null) {
                return d;
            }
            if (!(loaded instanceof Map<?, ?> m)) {
                return d.withProblem(new BadInput(where, "is not a mapping", "keys such as compose:, services:, api:"));
            }
            Map<?, ?> services = map(m, "services");
            Map<?, ?> api = map(m, "api");
            Map<?, ?> fe = map(m, "frontend");
            List<String> images = new ArrayList<>();
            if (m.get("images") instanceof List<?> l) {
                l.forEach(x -> images.add(String.valueOf(x)));
            }
            return new Layout(
                    Optional.ofNullable(m.get("compose")).map(String::valueOf),
                    new Services(str(services, "frontend", d.services.frontend),
                            str(services, "api", d.services.api), str(services, "db", d.services.db)),
                    List.copyOf(images),
                    new Api(num(api, "port", d.api.port), str(api, "health", d.api.health),
                            str(api, "ready", d.api.ready), str(api, "items", d.api.items),
                            str(api, "metrics", d.api.metrics)),
                    new Frontend(num(fe, "port", d.frontend.port), str(fe, "page", d.frontend.page),
                            str(fe, "proxiedItems", d.frontend.proxiedItems)),
                    Optional.empty());
        } catch (YAMLException | IOException | ClassCastException | NumberFormatException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                where = where.atLine(marked.getProblemMark().getLine() + 1);
                reason = marked.getProblem();
            }
            return d.withProblem(new BadInput(where, "cannot be read: " + reason,
                    "a valid fullchain.yaml (see the README, 'Checking your own repository'), or none"));
        }
    }

    private Layout withProblem(BadInput p) {
        return new Layout(composeFile, services, extraImages, api, frontend, Optional.of(p));
    }

    private static Map<?, ?> map(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Map<?, ?> mm ? mm : Map.of();
    }

    private static String str(Map<?, ?> m, String key, String dflt) {
        Object v = m.get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    private static int num(Map<?, ?> m, String key, int dflt) {
        Object v = m.get(key);
        return v == null ? dflt : Integer.parseInt(String.valueOf(v));
    }
}
