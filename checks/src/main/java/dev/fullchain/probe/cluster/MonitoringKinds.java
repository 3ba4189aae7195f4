package dev.fullchain.probe.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus Operator's kinds (monitoring.coreos.com/v1), read as generic resources with
 * their plural named here, so no discovery round trip is needed and a cluster without the
 * CRDs answers "none" instead of failing the read.
 */
public final class MonitoringKinds {

    public static final ResourceDefinitionContext SERVICE_MONITOR = kind("ServiceMonitor", "servicemonitors");
    public static final ResourceDefinitionContext PROMETHEUS_RULE = kind("PrometheusRule", "prometheusrules");
    public static final ResourceDefinitionContext PROMETHEUS = kind("Prometheus", "prometheuses");

    private MonitoringKinds() {
    }

    private static ResourceDefinitionContext kind(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The objects of a kind in a namespace (every namespace when null); none when the cluster lacks the CRD. */
    public static List<GenericKubernetesResource> list(KubernetesClient client, ResourceDefinitionContext kind, String namespace) {
        try {
            var op = client.genericKubernetesResources(kind);
            return (namespace == null ? op.inAnyNamespace().list() : op.inNamespace(namespace).list()).getItems();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** spec.FIELD of a generic resource, as plain data. */
    public static Optional<Object> spec(GenericKubernetesResource r, String field) {
        return r.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec ? Optional.ofNullable(spec.get(field)) : Optional.empty();
    }

    public static Map<String, String> labels(GenericKubernetesResource r) {
        return r.getMetadata().getLabels() == null ? Map.of() : r.getMetadata().getLabels();
    }

    /** "namespace/name", for messages. */
    public static String id(GenericKubernetesResource r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }
}
