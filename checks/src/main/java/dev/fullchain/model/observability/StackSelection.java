package dev.fullchain.model.observability;

import dev.fullchain.model.observability.ObservabilityStack.StackRelease;
import dev.fullchain.target.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which PrometheusRules the stack's Prometheus loads and which ConfigMaps Grafana's dashboard
 * sidecar reads, computed from the values kube-prometheus-stack is installed with, as its
 * templates turn them into the Prometheus object and the sidecar's environment.
 */
public final class StackSelection {

    private static final Pattern VALUES_REF = Pattern.compile("\\{\\{-?\\s*\\.Values\\.([\\w.]+)\\s*-?}}");

    private StackSelection() {
    }

    /** The Prometheus object's ruleSelector and ruleNamespaceSelector, with where each comes from. */
    public record RuleSelector(Map<?, ?> selector, String origin, Location at, Map<?, ?> namespaceSelector, Location namespaceAt,
                               String namespace) {

        public boolean selects(Map<String, String> labels) {
            return LabelSelector.matches(selector, labels);
        }

        /** Whether rules in that namespace are read: empty when the selector asks about labels only the cluster knows. */
        public Optional<Boolean> readsNamespace(String ns) {
            return LabelSelector.matchesKnowing(namespaceSelector, Map.of("kubernetes.io/metadata.name", ns),
                    Set.of("kubernetes.io/metadata.name"));
        }
    }

    /** Grafana's dashboard sidecar: the label (value empty: any) it watches ConfigMaps for, and where. */
    public record DashboardSidecar(boolean enabled, Location enabledAt, String label, String labelValue, Location labelAt,
                                   Optional<List<String>> namespaces, Location namespacesAt, String grafanaNamespace) {

        public boolean labelled(Map<String, String> labels) {
            String v = labels.get(label);
            return v != null && (labelValue.isEmpty() || labelValue.equals(v));
        }

        /** Every namespace (searchNamespace: ALL) when empty. */
        public boolean searches(String ns) {
            return namespaces.map(l -> l.contains(ns)).orElse(true);
        }

        public String describeNamespaces() {
            return namespaces.map(l -> String.join(", ", l)).orElse("ALL");
        }
    }

    public static RuleSelector rules(StackRelease kps, ReleaseValues v, String environment, List<Object> environmentValues) {
        String base = "prometheus.prometheusSpec.";
        Optional<Map<?, ?>> written = v.map(base + "ruleSelector").filter(m -> !m.isEmpty());
        boolean nilUsesHelm = v.text(base + "ruleSelectorNilUsesHelmValues").map(s -> !s.equals("false")).orElse(true);
        Map<?, ?> selector;
        String origin;
        Location at;
        if (written.isPresent()) {
            selector = written.get();
            origin = base + "ruleSelector";
            at = v.locate(base + "ruleSelector");
        } else if (nilUsesHelm) {
            selector = Map.of("matchLabels", Map.of("release", kps.name()));
            origin = base + "ruleSelectorNilUsesHelmValues: "
                    + v.text(base + "ruleSelectorNilUsesHelmValues").orElse("true, the chart's default");
            at = v.locate(base + "ruleSelectorNilUsesHelmValues");
        } else {
            selector = Map.of();
            origin = base + "ruleSelectorNilUsesHelmValues: false, and no ruleSelector";
            at = v.locate(base + "ruleSelectorNilUsesHelmValues");
        }
        Map<?, ?> ns = v.map(base + "ruleNamespaceSelector").filter(m -> !m.isEmpty()).orElse(Map.of());
        return new RuleSelector(selector, origin, at, ns, v.locate(base + "ruleNamespaceSelector"),
                namespace(kps, environment, environmentValues).orElse(""));
    }

    public static DashboardSidecar dashboards(StackRelease kps, ReleaseValues v, String environment, List<Object> environmentValues) {
        String base = "grafana.sidecar.dashboards.";
        boolean enabled = v.text("grafana.enabled").map(s -> !s.equals("false")).orElse(true)
                && v.text(base + "enabled").map(s -> !s.equals("false")).orElse(true);
        String label = v.text(base + "label").orElse("grafana_dashboard");
        String value = v.text(base + "labelValue").orElse("1");
        Optional<List<String>> namespaces;
        Optional<Object> search = v.get(base + "searchNamespace");
        String grafanaNs = v.text("grafana.namespaceOverride").filter(s -> !s.isBlank())
                .or(() -> namespace(kps, environment, environmentValues)).orElse("");
        if (search.isEmpty()) {
            // kube-prometheus-stack's own values.yaml sets grafana.sidecar.dashboards.searchNamespace: ALL
            namespaces = Optional.empty();
        } else if (search.get() instanceof List<?> l) {
            namespaces = Optional.of(l.stream().map(String::valueOf).toList());
        } else {
            String s = String.valueOf(search.get()).strip();
            namespaces = s.equals("ALL") ? Optional.empty()
                    : Optional.of(List.of(s.split("\\s*,\\s*")));
        }
        return new DashboardSidecar(enabled, v.locate(v.text("grafana.enabled").filter("false"::equals).isPresent()
                ? "grafana.enabled" : base + "enabled"), label, value, v.locate(base + "label"), namespaces,
                v.locate(base + "searchNamespace"), grafanaNs);
    }

    /** A release's namespace in an environment, with {@code {{ .Values.x }}} read from the environment's inline values. */
    public static Optional<String> namespace(StackRelease r, String environment, List<Object> environmentValues) {
        return resolve(r.release().namespaceFor(environment).orElse("default"), environmentValues);
    }

    public static Optional<String> resolve(String written, List<Object> environmentValues) {
        Matcher m = VALUES_REF.matcher(written);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Optional<String> value = lookup(m.group(1), environmentValues);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        String s = out.toString();
        return s.contains("{{") ? Optional.empty() : Optional.of(s);
    }

    private static Optional<String> lookup(String dotted, List<Object> environmentValues) {
        Optional<String> found = Optional.empty();
        for (Object o : environmentValues) {
            Object at = o;
            for (String key : dotted.split("\\.")) {
                at = at instanceof Map<?, ?> m ? m.get(key) : null;
            }
            if (at != null && !(at instanceof Map) && !(at instanceof List)) {
                found = Optional.of(String.valueOf(at));
            }
        }
        return found;
    }

    /** The labels of an object as strings (Helm renders numbers and booleans as YAML wrote them). */
    public static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : new LinkedHashMap<>(labels);
    }
}
