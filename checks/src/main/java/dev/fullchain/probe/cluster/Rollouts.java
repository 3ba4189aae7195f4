package dev.fullchain.probe.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the workloads of one Helm release stand, read from the API as kubectl rollout status
 * would: facts, not verdicts. Objects are found by Helm's release label
 * (app.kubernetes.io/instance) and ownership annotation.
 */
public final class Rollouts {

    /**
     * One Deployment or StatefulSet: replicas wanted, pods in total (old and new), ready
     * (available, for a Deployment), updated to the current template, and whether the
     * controller saw the last change. Done as {@code kubectl rollout status} judges it: every
     * wanted replica updated, no old pod left, every updated one ready.
     */
    public record Status(String id, int wanted, int total, int ready, int updated, boolean observed) {
        public boolean done() {
            return observed && updated >= wanted && total <= updated && ready >= updated;
        }

        public String describe() {
            return id + ": " + ready + "/" + wanted + " ready, " + updated + " updated"
                    + (total > updated ? ", " + (total - updated) + " old pod(s) still running" : "")
                    + (observed ? "" : ", change not yet observed");
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String release;

    public Rollouts(KubernetesClient client, String namespace, String release) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
    }

    public List<Deployment> deployments() {
        return client.apps().deployments().inNamespace(namespace).list().getItems().stream().filter(this::ofRelease).toList();
    }

    public List<StatefulSet> statefulSets() {
        return client.apps().statefulSets().inNamespace(namespace).list().getItems().stream().filter(this::ofRelease).toList();
    }

    public List<Status> statuses() {
        List<Status> out = new ArrayList<>();
        for (Deployment d : deployments()) {
            var s = d.getStatus();
            int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            out.add(new Status("Deployment/" + d.getMetadata().getName(), wanted,
                    s == null || s.getReplicas() == null ? 0 : s.getReplicas(),
                    s == null || s.getAvailableReplicas() == null ? 0 : s.getAvailableReplicas(),
                    s == null || s.getUpdatedReplicas() == null ? 0 : s.getUpdatedReplicas(),
                    observed(d, s == null ? null : s.getObservedGeneration())));
        }
        for (StatefulSet st : statefulSets()) {
            var s = st.getStatus();
            int wanted = st.getSpec().getReplicas() == null ? 1 : st.getSpec().getReplicas();
            out.add(new Status("StatefulSet/" + st.getMetadata().getName(), wanted,
                    s == null || s.getReplicas() == null ? 0 : s.getReplicas(),
                    s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas(),
                    s == null || s.getUpdatedReplicas() == null ? wanted : s.getUpdatedReplicas(),
                    observed(st, s == null ? null : s.getObservedGeneration())));
        }
        return out;
    }

    private static boolean observed(HasMetadata o, Long observedGeneration) {
        Long generation = o.getMetadata().getGeneration();
        return generation == null || (observedGeneration != null && observedGeneration >= generation);
    }

    /** The pods a workload selects. */
    public List<Pod> podsOf(Map<String, String> selector) {
        return client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
    }

    public boolean ofRelease(HasMetadata o) {
        Map<String, String> labels = Optional.ofNullable(o.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> annotations = Optional.ofNullable(o.getMetadata().getAnnotations()).orElse(Map.of());
        return release.equals(labels.get("app.kubernetes.io/instance"))
                || release.equals(annotations.get("meta.helm.sh/release-name"));
    }

    /** Polls every {@code every} until the condition holds or the time is up; returns whether it held. */
    public static boolean waitFor(Duration atMost, Duration every, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = Objects.equals(Boolean.TRUE, condition.get());
            } catch (RuntimeException transientError) {
                ok = false;
            }
            if (ok) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(Math.min(every.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
