package dev.fullchain.env.cluster;

import dev.fullchain.env.Environment;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A Kubernetes the cluster checks can use, with the app chart installed (or an existing
 * release): a k3s container ({@link K3sCluster}) or the learner's cluster
 * ({@link KubeconfigCluster}). Checks go through the Kubernetes API only (the client,
 * the API server's service proxy, exec), never through host networking.
 */
public interface Cluster extends Environment {

    /** "k3s (rancher/k3s:...)", "kubeconfig context kind-dev", for messages. */
    String describe();

    KubernetesClient client();

    AppRelease app();

    /** Upgrades and rollbacks of the app release; only for a release fullchain installed. */
    HelmReleases helm();

    /**
     * An image reference the cluster can run that differs from {@code image} only by its tag,
     * for the upgrade check. Throws ClusterUnavailable, saying how to provide one, when it cannot.
     */
    String imageForUpgrade(String image);

    /** How long any wait on this cluster may last. */
    java.time.Duration timeout();
}
