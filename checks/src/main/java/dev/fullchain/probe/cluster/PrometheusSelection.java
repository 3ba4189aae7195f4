package dev.fullchain.probe.cluster;

import dev.fullchain.model.observability.LabelSelector;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a Prometheus (the operator's custom resource, as installed) selects a ServiceMonitor
 * or a PrometheusRule, with Prometheus Operator's rules: a null object selector selects
 * nothing and an empty one everything; a null namespace selector means the Prometheus' own
 * namespace only, an empty one every namespace. Namespaces are matched by their labels,
 * kubernetes.io/metadata.name included (the API server sets it on every namespace).
 */
public final class PrometheusSelection {

    /** Which selectors of the Prometheus to read: serviceMonitor… or rule…. */
    public enum Kind {
        SERVICE_MONITOR("serviceMonitorSelector", "serviceMonitorNamespaceSelector", "ServiceMonitor"),
        RULE("ruleSelector", "ruleNamespaceSelector", "PrometheusRule");

        final String selector;
        final String namespaceSelector;
        final String kind;

        Kind(String selector, String namespaceSelector, String kind) {
            this.selector = selector;
            this.namespaceSelector = namespaceSelector;
            this.kind = kind;
        }
    }

    private PrometheusSelection() {
    }

    /** Empty when {@code prometheus} selects {@code object}; else why not, naming the selector, what it asks and what the object has. */
    public static Optional<String> whyNotSelected(KubernetesClient client, GenericKubernetesResource prometheus, Kind kind,
                                                 GenericKubernetesResource object) {
        String who = "Prometheus " + MonitoringKinds.id(prometheus);
        Optional<Object> selector = MonitoringKinds.spec(prometheus, kind.selector);
        Map<String, String> labels = MonitoringKinds.labels(object);
        if (selector.isEmpty()) {
            return Optional.of(who + " has no " + kind.selector + " (null selects no " + kind.kind + " at all)");
        }
        LabelSelector s = LabelSelector.of(selector.get());
        if (!s.matches(labels)) {
            return Optional.of(who + "'s " + kind.selector + " " + s.describe() + " does not select " + kind.kind + " "
                    + MonitoringKinds.id(object) + ": it needs " + String.join(", ", s.unmet(labels).stream()
                    .map(LabelSelector.Requirement::describe).toList()) + ", and its labels are " + LabelSelector.show(labels));
        }
        String ns = object.getMetadata().getNamespace();
        Optional<Object> nsSelector = MonitoringKinds.spec(prometheus, kind.namespaceSelector);
        if (nsSelector.isEmpty()) {
            return ns.equals(prometheus.getMetadata().getNamespace()) ? Optional.empty()
                    : Optional.of(who + " has no " + kind.namespaceSelector + ", so it looks in its own namespace "
                    + prometheus.getMetadata().getNamespace() + " only, not in " + ns);
        }
        LabelSelector n = LabelSelector.of(nsSelector.get());
        Map<String, String> nsLabels = namespaceLabels(client, ns);
        if (!n.matches(nsLabels)) {
            return Optional.of(who + "'s " + kind.namespaceSelector + " " + n.describe() + " does not select namespace " + ns
                    + " (labels " + LabelSelector.show(nsLabels) + ")");
        }
        return Optional.empty();
    }

    static Map<String, String> namespaceLabels(KubernetesClient client, String ns) {
        Namespace n = client.namespaces().withName(ns).get();
        Map<String, String> out = new LinkedHashMap<>(n == null || n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
        out.putIfAbsent("kubernetes.io/metadata.name", ns);
        return out;
    }

    /** The Prometheus objects of the cluster, every namespace. */
    public static List<GenericKubernetesResource> prometheuses(KubernetesClient client) {
        return MonitoringKinds.list(client, MonitoringKinds.PROMETHEUS, null);
    }
}
