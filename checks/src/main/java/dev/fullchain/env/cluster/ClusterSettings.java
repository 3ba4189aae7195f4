package dev.fullchain.env.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the cluster tier gets its Kubernetes, from the run's settings:
 * <ul>
 * <li>{@code -Dcluster=k3s} (default): a k3s container started by fullchain
 *     ({@code -Dk3s.image=...} to use a mirror);</li>
 * <li>{@code -Dcluster=kubeconfig}: the learner's cluster ({@code -Dkubeconfig=PATH}, else
 *     $KUBECONFIG, else ~/.kube/config; {@code -Dcluster.context}, {@code -Dcluster.namespace});
 *     {@code -Drelease=NAME} checks an installed release instead of installing one.</li>
 * </ul>
 * {@code -Dcluster.upgradeTag=TAG}: on your own cluster, a second tag of the api image it can pull,
 * for the upgrade check (k3s makes one itself).
 * {@code -Dcluster.timeout=SECONDS} bounds every wait (default 300). {@code -Dcluster.helmWait}
 * and {@code -Dcluster.validate} (default true), and {@code -Dcluster.helmForce} (default false:
 * upgrade by replacing objects instead of a strategic merge patch) exist for API servers that
 * run no ReplicaSets, serve no OpenAPI schemas and have no strategic merge patch, such as the
 * mock fullchain's self-tests run the cluster checks against.
 */
public record ClusterSettings(Mode mode, Optional<Path> kubeconfig, Optional<String> context, Optional<String> namespace,
                              Optional<String> release, String k3sImage, Duration timeout, boolean helmWait,
                              boolean validate, boolean helmForce, Optional<String> upgradeTag) {

    public enum Mode { K3S, KUBECONFIG }

    /** k3s for the Kubernetes minor version charts are rendered for (model.helm.HelmEngine). */
    public static final String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.33.1-k3s1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    public static ClusterSettings from(Function<String, Optional<String>> params, Map<String, String> env) {
        String mode = param(params, "cluster").orElse("k3s").toLowerCase(Locale.ROOT);
        Mode m = switch (mode) {
            case "k3s" -> Mode.K3S;
            case "kubeconfig" -> Mode.KUBECONFIG;
            default -> throw new IllegalArgumentException("-Dcluster=" + mode + ": expected k3s or kubeconfig");
        };
        Optional<Path> kubeconfig = param(params, "kubeconfig").map(Path::of)
                .or(() -> Optional.ofNullable(env.get("KUBECONFIG")).filter(s -> !s.isBlank())
                        .map(s -> Path.of(s.split(java.io.File.pathSeparator)[0])))
                .or(() -> Optional.ofNullable(env.get("HOME")).map(h -> Path.of(h, ".kube", "config")));
        Duration timeout;
        try {
            timeout = param(params, "cluster.timeout").map(Long::parseLong).map(Duration::ofSeconds).orElse(DEFAULT_TIMEOUT);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dcluster.timeout=" + param(params, "cluster.timeout").orElse("")
                    + ": expected a number of seconds, e.g. 300");
        }
        return new ClusterSettings(m, kubeconfig, param(params, "cluster.context"), param(params, "cluster.namespace"),
                param(params, "release"), param(params, "k3s.image").orElse(DEFAULT_K3S_IMAGE), timeout,
                !param(params, "cluster.helmWait").map("false"::equalsIgnoreCase).orElse(false),
                !param(params, "cluster.validate").map("false"::equalsIgnoreCase).orElse(false),
                param(params, "cluster.helmForce").map("true"::equalsIgnoreCase).orElse(false),
                param(params, "cluster.upgradeTag"));
    }

    private static Optional<String> param(Function<String, Optional<String>> params, String key) {
        return params.apply(key).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Identifies the cluster an environment was started for (a run may not mix two). */
    public String key() {
        return mode + "|" + (mode == Mode.K3S ? k3sImage : kubeconfig.map(Path::toString).orElse("") + "|" + context.orElse("")
                + "|" + namespace.orElse("") + "|" + release.orElse(""));
    }

    /** Whether fullchain installs the chart itself (it never changes a release it did not install). */
    public boolean installs() {
        return release.isEmpty();
    }

    /** The kubeconfig file, or why there is none usable. */
    public Path requireKubeconfig() {
        Path p = kubeconfig.orElseThrow(() -> new ClusterUnavailable(
                "-Dcluster=kubeconfig but no kubeconfig: pass -Dkubeconfig=PATH or set KUBECONFIG"));
        if (!Files.isReadable(p)) {
            throw new ClusterUnavailable("-Dcluster=kubeconfig but " + p + " is not readable: pass -Dkubeconfig=PATH");
        }
        return p;
    }
}
