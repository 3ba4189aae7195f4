package dev.fullchain.selftest.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The controllers and kubelet the mock API server does not have, reduced to what the
 * cluster checks observe: Deployments and StatefulSets get pods (rolling to a new template
 * only once the new pods are ready), StatefulSets get their volume claims, pods get the
 * status a kubelet would give them (missing Secret, unbound claim, unpullable image,
 * crash loop, failing readiness, else Running and Ready), and workloads get the status their
 * controller would write. Every 100 ms, on one thread, until closed.
 */
final class FakeKubelet implements AutoCloseable {

    /** The second tag of the api image the upgrade check rolls out to (-Dcluster.upgradeTag). */
    static final String UPGRADE_TAG = "1.0.1";

    private static final String HASH = "pod-template-hash";
    private static final String TEMPLATE = "fake.fullchain.dev/template-hash";

    private final KubernetesClient client;
    private final ClusterFaults faults;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-kubelet");
        t.setDaemon(true);
        return t;
    });

    FakeKubelet(KubernetesClient client, ClusterFaults faults) {
        this.client = client;
        this.faults = faults;
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** "api", "frontend" or "db", from the image's repository; what the fake runs in the container. */
    static String role(String image) {
        String repository = image == null ? "" : image.replaceFirst("@.*$", "").replaceFirst(":[^:/]*$", "");
        String last = repository.substring(repository.lastIndexOf('/') + 1);
        return last.equals("postgres") || last.equals("postgresql") ? "db" : last;
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            // A write raced with the harness (a delete, an upgrade): the next pass sees the new state.
        }
    }

    private void reconcile() {
        for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
            deployment(d);
        }
        for (StatefulSet s : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
            statefulSet(s);
        }
        collectOrphans();
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            PodStatus status = statusOf(p);
            if (!Objects.equals(Serialization.asJson(status), Serialization.asJson(p.getStatus()))) {
                p.setStatus(status);
                client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).updateStatus();
            }
        }
    }

    // ------------------------------------------------------------------ Deployments

    private void deployment(Deployment d) {
        String ns = d.getMetadata().getNamespace();
        int wanted = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
        String hash = hash(d.getSpec().getTemplate());
        List<Pod> pods = owned(ns, d);
        List<Pod> current = pods.stream().filter(p -> hash.equals(label(p, HASH))).toList();
        for (int i = current.size(); i < wanted; i++) {
            Map<String, String> labels = new LinkedHashMap<>(templateLabels(d.getSpec().getTemplate()));
            labels.put(HASH, hash);
            create(ns, d, d.getMetadata().getName() + "-" + hash + "-" + suffix(), labels, d.getSpec().getTemplate(), List.of());
        }
        long readyCurrent = current.stream().filter(FakeKubelet::ready).count();
        if (readyCurrent >= wanted) { // rolled: the old pods go (maxUnavailable 0 would wait exactly this long)
            pods.stream().filter(p -> !hash.equals(label(p, HASH))).forEach(this::delete);
        }
        current.stream().skip(wanted).forEach(this::delete);
        List<Pod> now = owned(ns, d);
        int updated = (int) now.stream().filter(p -> hash.equals(label(p, HASH))).count();
        int ready = (int) now.stream().filter(FakeKubelet::ready).count();
        var status = new DeploymentStatusBuilder().withReplicas(now.size()).withUpdatedReplicas(updated)
                .withReadyReplicas(ready).withAvailableReplicas(ready).withUnavailableReplicas(Math.max(0, wanted - ready))
                .withObservedGeneration(d.getMetadata().getGeneration()).build();
        if (!Objects.equals(Serialization.asJson(status), Serialization.asJson(d.getStatus()))) {
            d.setStatus(status);
            client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
        }
    }

    // ------------------------------------------------------------------ StatefulSets

    private void statefulSet(StatefulSet s) {
        String ns = s.getMetadata().getNamespace();
        String name = s.getMetadata().getName();
        int wanted = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
        String hash = hash(s.getSpec().getTemplate());
        for (int i = 0; i < wanted; i++) {
            String podName = name + "-" + i;
            Pod existing = client.pods().inNamespace(ns).withName(podName).get();
            if (existing != null && !hash.equals(annotation(existing, TEMPLATE))) {
                delete(existing);
                existing = null;
            }
            if (existing == null) {
                List<Volume> claims = new ArrayList<>();
                for (PersistentVolumeClaim template : Optional.ofNullable(s.getSpec().getVolumeClaimTemplates()).orElse(List.of())) {
                    String claim = template.getMetadata().getName() + "-" + podName;
                    ensureClaim(ns, claim, template);
                    claims.add(new VolumeBuilder().withName(template.getMetadata().getName())
                            .withNewPersistentVolumeClaim().withClaimName(claim).endPersistentVolumeClaim().build());
                }
                Map<String, String> labels = new LinkedHashMap<>(templateLabels(s.getSpec().getTemplate()));
                labels.put("statefulset.kubernetes.io/pod-name", podName);
                create(ns, s, podName, labels, s.getSpec().getTemplate(), claims);
            }
        }
        List<Pod> pods = owned(ns, s);
        int ready = (int) pods.stream().filter(FakeKubelet::ready).count();
        int updated = (int) pods.stream().filter(p -> hash.equals(annotation(p, TEMPLATE))).count();
        var status = new StatefulSetStatusBuilder().withReplicas(pods.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withCurrentReplicas(updated).withUpdatedReplicas(updated).withObservedGeneration(s.getMetadata().getGeneration()).build();
        if (!Objects.equals(Serialization.asJson(status), Serialization.asJson(s.getStatus()))) {
            s.setStatus(status);
            client.apps().statefulSets().inNamespace(ns).resource(s).updateStatus();
        }
    }

    private void ensureClaim(String ns, String name, PersistentVolumeClaim template) {
        if (client.persistentVolumeClaims().inNamespace(ns).withName(name).get() != null) {
            return;
        }
        PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .withLabels(template.getMetadata().getLabels()).endMetadata().withSpec(template.getSpec()).build();
        pvc = client.persistentVolumeClaims().inNamespace(ns).resource(pvc).create();
        pvc.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
                .withPhase(faults.claimsPending() ? "Pending" : "Bound").build());
        client.persistentVolumeClaims().inNamespace(ns).resource(pvc).updateStatus();
    }

    // ------------------------------------------------------------------ pods

    private void create(String ns, HasMetadata owner, String name, Map<String, String> labels, PodTemplateSpec template, List<Volume> extraVolumes) {
        OwnerReference ref = new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).build();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
                .withAnnotations(Map.of(TEMPLATE, hash(template))).withOwnerReferences(ref)
                .withUid(UUID.randomUUID().toString()).endMetadata()
                .withSpec(template.getSpec()).build();
        List<Volume> volumes = new ArrayList<>(Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()));
        volumes.addAll(extraVolumes);
        pod.getSpec().setVolumes(volumes);
        client.pods().inNamespace(ns).resource(pod).create();
    }

    private void delete(Pod p) {
        client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
    }

    /** Pods whose workload Helm uninstalled (the mock has no garbage collector). */
    private void collectOrphans() {
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            for (OwnerReference ref : Optional.ofNullable(p.getMetadata().getOwnerReferences()).orElse(List.of())) {
                String ns = p.getMetadata().getNamespace();
                boolean gone = switch (ref.getKind()) {
                    case "Deployment" -> client.apps().deployments().inNamespace(ns).withName(ref.getName()).get() == null;
                    case "StatefulSet" -> client.apps().statefulSets().inNamespace(ns).withName(ref.getName()).get() == null;
                    default -> false;
                };
                if (gone) {
                    delete(p);
                }
            }
        }
    }

    private List<Pod> owned(String ns, HasMetadata owner) {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(p -> Optional.ofNullable(p.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                        .anyMatch(r -> r.getKind().equals(owner.getKind()) && r.getName().equals(owner.getMetadata().getName())))
                .toList();
    }

    /** What a kubelet would report for this pod, in the order a kubelet meets the problems. */
    private PodStatus statusOf(Pod p) {
        String ns = p.getMetadata().getNamespace();
        for (Volume v : Optional.ofNullable(p.getSpec().getVolumes()).orElse(List.of())) {
            if (v.getPersistentVolumeClaim() != null) {
                PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ns).withName(v.getPersistentVolumeClaim().getClaimName()).get();
                if (pvc == null || pvc.getStatus() == null || !"Bound".equals(pvc.getStatus().getPhase())) {
                    return new PodStatusBuilder().withPhase("Pending").withConditions(condition("PodScheduled", false, "Unschedulable",
                            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims")).build();
                }
            }
        }
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container c : p.getSpec().getContainers()) {
            containers.add(containerStatus(ns, p, c));
        }
        boolean ready = containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
        boolean running = containers.stream().allMatch(c -> c.getState().getRunning() != null);
        return new PodStatusBuilder().withPhase(running ? "Running" : "Pending").withContainerStatuses(containers)
                .withConditions(condition("PodScheduled", true, null, null), condition("Ready", ready, ready ? null : "ContainersNotReady", null))
                .build();
    }

    private ContainerStatus containerStatus(String ns, Pod p, Container c) {
        ContainerStatusBuilder s = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withRestartCount(0).withReady(false);
        String tag = c.getImage().contains(":") ? c.getImage().substring(c.getImage().lastIndexOf(':') + 1) : "latest";
        if (faults.unpullableTags().contains(tag)) {
            return s.withNewState().withNewWaiting().withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"" + c.getImage() + "\"").endWaiting().endState().build();
        }
        Optional<String> missing = missingSecret(ns, p, c);
        if (missing.isPresent()) {
            return s.withNewState().withNewWaiting().withReason("CreateContainerConfigError").withMessage(missing.get())
                    .endWaiting().endState().build();
        }
        if (faults.crashLooping().contains(role(c.getImage()))) {
            return s.withRestartCount(5).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 5m0s restarting failed container=" + c.getName() + " pod=" + p.getMetadata().getName())
                    .endWaiting().endState().build();
        }
        boolean ready = !faults.neverReady().contains(role(c.getImage()));
        return s.withReady(ready).withStarted(true).withNewState().withNewRunning().withStartedAt("2026-01-01T00:00:00Z")
                .endRunning().endState().build();
    }

    /** "secret \"x\" not found" for an env secretKeyRef or a secret volume whose Secret or key is missing. */
    private Optional<String> missingSecret(String ns, Pod p, Container c) {
        for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                    && !Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional())) {
                var ref = e.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
                if (secret == null) {
                    return Optional.of("secret \"" + ref.getName() + "\" not found");
                }
                if (secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
                    return Optional.of("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
                }
            }
        }
        for (Volume v : Optional.ofNullable(p.getSpec().getVolumes()).orElse(List.of())) {
            if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())
                    && client.secrets().inNamespace(ns).withName(v.getSecret().getSecretName()).get() == null) {
                return Optional.of("MountVolume.SetUp failed for volume \"" + v.getName() + "\": secret \""
                        + v.getSecret().getSecretName() + "\" not found");
            }
        }
        return Optional.empty();
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static PodCondition condition(String type, boolean status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason).withMessage(message).build();
    }

    private static Map<String, String> templateLabels(PodTemplateSpec t) {
        return t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels();
    }

    private static String label(Pod p, String key) {
        return Optional.ofNullable(p.getMetadata().getLabels()).orElse(Map.of()).get(key);
    }

    private static String annotation(Pod p, String key) {
        return Optional.ofNullable(p.getMetadata().getAnnotations()).orElse(Map.of()).get(key);
    }

    private static String hash(PodTemplateSpec template) {
        return HexFormat.of().toHexDigits(Serialization.asJson(template).hashCode()).substring(0, 8);
    }

    private static String suffix() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return b.toString();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
