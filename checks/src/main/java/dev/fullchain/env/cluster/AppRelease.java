package dev.fullchain.env.cluster;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.ValuesFile;
import java.util.Optional;

/**
 * The release of the app chart that cluster checks look at: installed by fullchain (into a
 * namespace of its own, uninstalled at the end) or an existing one named with -Drelease.
 * {@code installFailure} holds Helm's answer when the install (with --wait) failed;
 * {@code notApplied} what the helmfile's release gives dev that fullchain did not apply
 * (inline value maps, {@code set:}, a templated values file), said so a check never guesses.
 */
public record AppRelease(String name, String namespace, HelmChart chart, ValuesFile values, boolean installedByFullchain,
                         Optional<String> installFailure, java.util.List<String> notApplied) {

    public AppRelease {
        notApplied = java.util.List.copyOf(notApplied);
    }

    public AppRelease(String name, String namespace, HelmChart chart, ValuesFile values, boolean installedByFullchain,
                      Optional<String> installFailure) {
        this(name, namespace, chart, values, installedByFullchain, installFailure, java.util.List.of());
    }

    public boolean installed() {
        return installFailure.isEmpty();
    }

    /** "release fullchain in namespace fullchain-dev (charts/app with monitoring/app.yaml, values-dev.yaml)". */
    public String describe() {
        java.util.List<String> files = values.layers().isEmpty() ? java.util.List.of(values.path()) : values.layers();
        return "release " + name + " in namespace " + namespace + " (" + chart.dir() + " with "
                + String.join(", ", files.stream().map(f -> f.startsWith(chart.dir() + "/") ? f.substring(chart.dir().length() + 1) : f).toList())
                + ")";
    }
}
