package dev.fullchain.model.helm;

import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A release of a helmfile, as written (Go template expressions kept as text).
 * values holds file paths (strings) and inline value maps, in order; valuesLocations the line
 * of each, and chartLocation the line of chart:.
 */
public record HelmfileRelease(String name, String namespace, String chart, Optional<String> version,
                              List<Object> values, Map<String, Object> raw, Location location,
                              String helmfileDir, Location chartLocation, List<Location> valuesLocations) {

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("\\{\\{-?\\s*\\.Environment\\.Name\\s*-?}}");

    /**
     * A path of the release that leaves the repository: what it is ("chart" or "values file"),
     * where it is written, as written, as resolved, and why it is not read.
     */
    public record OutsidePath(String what, Location location, String written, String resolved, String why) {

        public boolean isChart() {
            return what.equals("chart");
        }

        /** "chart ../../outside points outside the repository: not read". */
        public String describe() {
            return what + " " + written + " " + why + ": not read";
        }
    }

    public HelmfileRelease {
        valuesLocations = List.copyOf(valuesLocations);
    }

    /** A chart from the filesystem (./app, ../charts/app), not from a repository. */
    public boolean isLocalChart() {
        return chart != null && (chart.startsWith("./") || chart.startsWith("../") || chart.startsWith("/") || chart.equals("."));
    }

    /**
     * The local chart's directory relative to the target's root, with the helmfile's folder
     * resolved. One that leaves the root stays as it resolves (absolute, or starting with
     * ../): see {@link #outsidePaths}.
     */
    public Optional<String> chartDir() {
        return isLocalChart() ? Optional.of(resolve(chart)) : Optional.empty();
    }

    /**
     * The values files this release gets in an environment: {{ .Environment.Name }} replaced,
     * relative to the target's root. Inline maps and other template expressions are left out.
     */
    public List<String> valuesFilesFor(String environment) {
        return values.stream().filter(String.class::isInstance).map(String.class::cast)
                .map(v -> ENVIRONMENT_NAME.matcher(v).replaceAll(environment))
                .filter(v -> !v.contains("{{"))
                .map(this::resolve)
                .toList();
    }

    /**
     * What this release's values: list gives an environment, in order: each file path as
     * {@link #valuesFilesFor} resolves it (a path with another template expression is left
     * out), each inline map as written.
     */
    public List<Object> valuesFor(String environment) {
        List<Object> out = new java.util.ArrayList<>();
        for (Object v : values) {
            if (v instanceof String path) {
                String named = ENVIRONMENT_NAME.matcher(path).replaceAll(environment);
                if (!named.contains("{{")) {
                    out.add(resolve(named));
                }
            } else if (v instanceof Map<?, ?>) {
                out.add(v);
            }
        }
        return out;
    }

    /** The namespace in an environment ({{ .Environment.Name }} replaced), if set. */
    public Optional<String> namespaceFor(String environment) {
        return Optional.ofNullable(namespace).map(n -> ENVIRONMENT_NAME.matcher(n).replaceAll(environment));
    }

    /**
     * The local chart and the values files (in each of {@code environments}) that leave the
     * repository: by their path (absolute, or up past the root through ../) or through a
     * symbolic link. Helmfile would read them from the machine that runs it; fullchain reads
     * none of them, and nothing past the link is looked at.
     */
    public List<OutsidePath> outsidePaths(Target target, List<String> environments) {
        List<OutsidePath> out = new ArrayList<>();
        chartDir().flatMap(d -> whyOutside(target, d)).ifPresent(why ->
                out.add(new OutsidePath("chart", chartLocation, chart, chartDir().orElseThrow(), why)));
        for (int i = 0; i < values.size(); i++) {
            if (!(values.get(i) instanceof String written)) {
                continue;
            }
            Location at = i < valuesLocations.size() ? valuesLocations.get(i) : location;
            for (String env : environments) {
                String v = ENVIRONMENT_NAME.matcher(written).replaceAll(env);
                if (v.contains("{{")) {
                    break;
                }
                String resolved = resolve(v);
                Optional<String> why = whyOutside(target, resolved);
                if (why.isPresent() && out.stream().noneMatch(o -> o.resolved().equals(resolved))) {
                    out.add(new OutsidePath("values file", at, written, resolved, why.get()));
                }
            }
        }
        return out;
    }

    /** Whether a resolved path of this release leaves the repository (see {@link #outsidePaths}). */
    public static boolean isOutside(Target target, String resolved) {
        return whyOutside(target, resolved).isPresent();
    }

    private static Optional<String> whyOutside(Target target, String resolved) {
        if (resolved.startsWith("/") || resolved.equals("..") || resolved.startsWith("../")) {
            return Optional.of("points outside the repository");
        }
        Path p = target.resolve(resolved);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !target.isInside(p)) {
            return Optional.of("is, or goes through, a symbolic link that points outside the repository (or nowhere)");
        }
        return Optional.empty();
    }

    /** A path as the helmfile's folder resolves it: relative to the root when it stays inside, else absolute or starting with ../. */
    private String resolve(String path) {
        Path p = path.startsWith("/") ? Path.of(path) : Path.of(helmfileDir.isEmpty() ? path : helmfileDir + "/" + path);
        return p.normalize().toString().replace('\\', '/');
    }
}
