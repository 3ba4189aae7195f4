package dev.fullchain.model.helm;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A release of a helmfile, as written (Go template expressions kept as text).
 * values holds file paths (strings) and inline value maps, in order.
 */
public record HelmfileRelease(String name, String namespace, String chart, Optional<String> version,
                              List<Object> values, Map<String, Object> raw, Location location,
                              String helmfileDir) {

    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("\\{\\{-?\\s*\\.Environment\\.Name\\s*-?}}");

    /** A chart from the filesystem (./app, ../charts/app), not from a repository. */
    public boolean isLocalChart() {
        return chart != null && (chart.startsWith("./") || chart.startsWith("../") || chart.startsWith("/") || chart.equals("."));
    }

    /** The local chart's directory relative to the target's root, with the helmfile's folder resolved. */
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

    /** The namespace in an environment ({{ .Environment.Name }} replaced), if set. */
    public Optional<String> namespaceFor(String environment) {
        return Optional.ofNullable(namespace).map(n -> ENVIRONMENT_NAME.matcher(n).replaceAll(environment));
    }

    private String resolve(String path) {
        String joined = path.startsWith("/") ? path.substring(1) : (helmfileDir.isEmpty() ? path : helmfileDir + "/" + path);
        java.nio.file.Path p = java.nio.file.Path.of(joined).normalize();
        return p.toString().replace('\\', '/');
    }
}
