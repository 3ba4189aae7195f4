package dev.fullchain.model.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.fullchain.target.YamlSyntax;

/**
 * Rendered YAML documents to fabric8's typed objects, the light way: the document is read
 * as plain data, then bound to the class its apiVersion and kind name (a kind not listed
 * here is a GenericKubernetesResource). fabric8's own unmarshal first indexes every model
 * class it has (seconds on a cold JVM), which a chart's dozen kinds do not need. Duplicate
 * keys keep the last value, as Helm's YAML reader does. A template can print anchors and
 * aliases: the document is read through {@link YamlSyntax}, bounded by what they expand to.
 */
final class ManifestReader {

    private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("apps/v1/DaemonSet", DaemonSet.class),
            Map.entry("apps/v1/ReplicaSet", ReplicaSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class));

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static volatile CompletableFuture<Void> warmUp;

    private ManifestReader() {
    }

    /** Binds one object of the common kinds in the background, so the first real read finds the classes ready. */
    static CompletableFuture<Void> warmUp() {
        CompletableFuture<Void> w = warmUp;
        if (w == null) {
            synchronized (ManifestReader.class) {
                if (warmUp == null) {
                    warmUp = CompletableFuture.runAsync(() -> {
                        try {
                            read("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, labels: {a: b}}\nspec:\n"
                                    + "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
                                    + "    spec:\n      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
                                    + "      containers: [{name: c, image: 'i:1', ports: [{name: http, containerPort: 80}],"
                                    + " env: [{name: A, valueFrom: {secretKeyRef: {name: s, key: k}}}],"
                                    + " resources: {requests: {cpu: 1m}}, readinessProbe: {httpGet: {path: /, port: http}},"
                                    + " securityContext: {capabilities: {drop: [ALL]}}}]\n");
                            read("apiVersion: v1\nkind: Service\nmetadata: {name: w}\nspec: {ports: [{port: 80, targetPort: http}]}\n");
                        } catch (RuntimeException ignored) {
                            // only a warm-up
                        }
                    }, HelmEngine::daemon);
                }
                w = warmUp;
            }
        }
        return w;
    }

    /**
     * The objects of one YAML document: one, several (a v1 List), or none (an empty document).
     * IllegalArgumentException when the document is not YAML, expands past the bounds, or is
     * not a mapping.
     */
    static List<HasMetadata> read(String document) {
        Object data;
        try {
            data = YamlSyntax.load(document, true);
        } catch (YamlSyntax.Error e) {
            throw new IllegalArgumentException(e.getMessage() + (e.line() > 0 ? " (line " + e.line() + " of the rendered document)" : ""));
        }
        if (data == null) {
            return List.of();
        }
        if (!(data instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the document is a " + (data instanceof List ? "list" : "scalar") + ", not a mapping");
        }
        if ("List".equals(map.get("kind")) || String.valueOf(map.get("kind")).endsWith("List") && map.get("items") instanceof List) {
            List<HasMetadata> out = new ArrayList<>();
            for (Object item : (List<?>) map.get("items")) {
                if (item instanceof Map<?, ?> m) {
                    out.add(bind(m));
                }
            }
            return out;
        }
        return List.of(bind(map));
    }

    private static HasMetadata bind(Map<?, ?> object) {
        Class<? extends HasMetadata> type = TYPES.getOrDefault(object.get("apiVersion") + "/" + object.get("kind"),
                GenericKubernetesResource.class);
        return MAPPER.convertValue(object, type);
    }
}
