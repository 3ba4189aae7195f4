package dev.fullchain.model.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Compose's rules for merging a later file into an earlier one (compose-spec "merge"): a
 * service in both files is merged key by key, single values of the later file win, sequences
 * are appended, and the "unique resources" replace the earlier entry with the same key: ports
 * by host ip, published port, target and protocol, volumes by target, environment and build
 * args by name, depends_on by service, env_file by path. healthcheck.test is replaced, not
 * appended. Every merged value keeps the file and line that set it.
 */
final class ComposeMerge {

    private ComposeMerge() {
    }

    /** {@code later} merged into {@code earlier}, as `docker compose -f earlier -f later config` does. */
    static ComposeFile files(ComposeFile earlier, ComposeFile later) {
        Map<String, Service> services = new LinkedHashMap<>();
        earlier.services().forEach(s -> services.put(s.name(), s));
        for (Service s : later.services()) {
            services.merge(s.name(), s, ComposeMerge::services);
        }
        return new ComposeFile(earlier.path(), earlier.servicesLine() > 0 ? earlier.servicesLine() : later.servicesLine(),
                List.copyOf(services.values()), byKey(earlier.volumes(), later.volumes(), NamedVolume::name),
                concat(earlier.interpolations(), later.interpolations()), concat(earlier.includes(), later.includes()));
    }

    static Service services(Service earlier, Service later) {
        return new Service(earlier.name(), earlier.file(), earlier.line(), earlier.directory(),
                later.image().or(earlier::image),
                later.build().map(b -> earlier.build().map(a -> builds(a, b)).orElse(b)).or(earlier::build),
                byKey(earlier.ports(), later.ports(), Port::mergeKey),
                byKey(earlier.volumes(), later.volumes(), Mount::target),
                healthchecks(earlier.healthcheck(), later.healthcheck()),
                byKey(earlier.dependsOn(), later.dependsOn(), Dependency::service),
                byKey(earlier.environment(), later.environment(), EnvVar::key),
                byKey(earlier.envFiles(), later.envFiles(), EnvFileRef::path),
                later.networkMode().or(earlier::networkMode),
                List.copyOf(new LinkedHashSet<>(concat(earlier.profiles(), later.profiles()))));
    }

    private static Build builds(Build earlier, Build later) {
        boolean laterPlaces = later.writtenContext().isPresent() || later.dockerfile().isPresent() || later.dockerfileInline().isPresent();
        return new Build(later.writtenContext().or(earlier::writtenContext),
                later.dockerfile().or(earlier::dockerfile),
                later.dockerfileInline().or(earlier::dockerfileInline),
                byKey(earlier.args(), later.args(), EnvVar::key),
                later.target().or(earlier::target),
                laterPlaces ? later.file() : earlier.file(), laterPlaces ? later.line() : earlier.line());
    }

    /** The later healthcheck when it sets a test or disables it; otherwise the earlier one still decides. */
    private static Optional<Healthcheck> healthchecks(Optional<Healthcheck> earlier, Optional<Healthcheck> later) {
        if (later.isEmpty()) {
            return earlier;
        }
        Healthcheck l = later.get();
        if (earlier.isEmpty() || !l.test().isEmpty() || l.disabled()) {
            return later;
        }
        return earlier;
    }

    /** The earlier entries in order, each replaced in place by a later one with the same key, then the later ones that are new. */
    static <T> List<T> byKey(List<T> earlier, List<T> later, Function<T, String> key) {
        if (later.isEmpty()) {
            return earlier;
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : earlier) {
            out.put(key.apply(t), t);
        }
        for (T t : later) {
            out.put(key.apply(t), t);
        }
        return List.copyOf(out.values());
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
