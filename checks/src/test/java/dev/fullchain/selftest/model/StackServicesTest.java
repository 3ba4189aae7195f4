package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ReleaseValues;
import dev.fullchain.model.observability.StackServices;
import dev.fullchain.model.observability.StackServices.Service;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label selectors as the API server matches them, and the stack's Service names as its charts make them. */
@Tag("selftest")
class StackServicesTest {

    @Test
    void selectorsMatchAsTheApiServerDoes() {
        LabelSelector s = LabelSelector.of(Map.of("matchLabels", Map.of("release", "obs"), "matchExpressions", List.of(
                Map.of("key", "tier", "operator", "In", "values", List.of("api", "web")),
                Map.of("key", "legacy", "operator", "DoesNotExist"),
                Map.of("key", "team", "operator", "NotIn", "values", List.of("sales")))));
        assertThat(s.matches(Map.of("release", "obs", "tier", "api"))).isTrue();
        assertThat(s.matches(Map.of("release", "obs", "tier", "api", "team", "ops"))).isTrue();
        assertThat(s.matches(Map.of("release", "obs", "tier", "db"))).isFalse();
        assertThat(s.matches(Map.of("release", "obs", "tier", "api", "legacy", ""))).isFalse();
        assertThat(s.matches(Map.of("release", "obs", "tier", "api", "team", "sales"))).isFalse();
        assertThat(s.unmet(Map.of("tier", "api"))).extracting(LabelSelector.Requirement::key).containsExactly("release");
        assertThat(LabelSelector.of(Map.of()).matches(Map.of("any", "thing"))).isTrue();
        assertThat(LabelSelector.of(null).isEmpty()).isTrue();
        assertThat(LabelSelector.of(Map.of("matchExpressions", List.of(Map.of("key", "k", "operator", "Exists")))).matches(Map.of("k", "")))
                .isTrue();
        assertThat(LabelSelector.of(Map.of("matchNames", List.of("monitoring"))).problems()).singleElement()
                .satisfies(p -> assertThat(p).contains("matchNames is not a field of a label selector"));
        assertThat(LabelSelector.of(Map.of("matchExpressions", List.of(Map.of("key", "k", "operator", "Equals", "values", List.of("v")))))
                .problems()).singleElement().satisfies(p -> assertThat(p).contains("Equals"));
    }

    @Test
    void serviceNamesFollowTheChartsFullnameRules(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("helmfile.yaml"), """
                releases:
                  - name: metrics
                    namespace: observability
                    chart: prometheus-community/kube-prometheus-stack
                    version: 79.5.0
                  - name: kube-prometheus-stack
                    namespace: monitoring
                    chart: prometheus-community/kube-prometheus-stack
                    version: 79.5.0
                    values:
                      - {fullnameOverride: kps, namespaceOverride: mon}
                  - name: logs
                    namespace: observability
                    chart: grafana/loki
                    version: 6.46.0
                  - name: my-loki
                    chart: grafana/loki
                    version: 6.46.0
                    values:
                      - {gateway: {enabled: false}}
                """);
        Target t = Target.open(dir);
        HelmCharts helm = HelmCharts.load(t);
        ObservabilityStack s = ObservabilityStack.of(t, () -> helm);
        ReleaseValues metrics = s.values(s.releases().get(0), "default");
        ReleaseValues overridden = s.values(s.releases().get(1), "default");
        // 26 characters: "metrics-kube-prometheus-stack" is cut to "metrics-kube-prometheus-st"
        assertThat(StackServices.prometheus("metrics", metrics, Optional.of("observability"))).extracting(Service::url)
                .containsExactly("http://metrics-kube-prometheus-st-prometheus.observability.svc.cluster.local:9090",
                        "http://prometheus-operated.observability.svc.cluster.local:9090");
        assertThat(StackServices.prometheus("kube-prometheus-stack", overridden, Optional.of("monitoring")).get(0).url())
                .isEqualTo("http://kps-prometheus.mon.svc.cluster.local:9090");
        List<Service> logs = StackServices.loki("logs", s.values(s.releases().get(2), "default"), Optional.of("observability"));
        assertThat(logs).extracting(Service::url).containsExactly("http://logs-loki.observability.svc.cluster.local:3100",
                "http://logs-loki-gateway.observability.svc.cluster.local");
        assertThat(StackServices.loki("my-loki", s.values(s.releases().get(3), "default"), Optional.empty()))
                .extracting(Service::url).containsExactly("http://my-loki.default.svc.cluster.local:3100");

        assertThat(StackServices.resolve("http://logs-loki-gateway.observability", "monitoring", logs)).isPresent();
        assertThat(StackServices.resolve("http://logs-loki-gateway.observability.svc:80/", "monitoring", logs)).isPresent();
        assertThat(StackServices.resolve("http://logs-loki:3100", "observability", logs)).isPresent();
        assertThat(StackServices.resolve("http://logs-loki:3100", "monitoring", logs)).as("short name from another namespace").isEmpty();
        assertThat(StackServices.resolve("http://logs-loki.observability:80", "observability", logs)).as("wrong port").isEmpty();
        assertThat(StackServices.resolve("http://loki.observability:3100", "observability", logs)).isEmpty();
    }
}
