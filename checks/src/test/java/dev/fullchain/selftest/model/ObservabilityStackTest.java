package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.observability.AlloyConfig;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ObservabilityStack.Role;
import dev.fullchain.model.observability.ReleaseValues;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("selftest")
class ObservabilityStackTest {

    private static ObservabilityStack stack(Path root) {
        Target t = Target.open(root);
        HelmCharts helm = HelmCharts.load(t);
        return ObservabilityStack.of(t, () -> helm);
    }

    @Test
    void findsTheFixturesStackWithTheLineThatSetsEachValue() {
        ObservabilityStack s = stack(Fixtures.root());
        assertThat(s.releases()).extracting(r -> r.chart().name()).containsExactly("kube-prometheus-stack", "loki", "alloy");
        assertThat(s.withRole(Role.COLLECTOR)).singleElement().satisfies(r -> assertThat(r.name()).isEqualTo("alloy"));
        ReleaseValues loki = s.values(s.byChart("loki").orElseThrow(), "dev");
        assertThat(loki.text("deploymentMode")).contains("SingleBinary");
        assertThat(loki.text("loki.auth_enabled")).contains("false");
        assertThat(loki.list("loki.schemaConfig.configs")).get().satisfies(l -> assertThat(l).hasSize(1));
        assertThat(loki.locate("loki.storage.type").toString()).isEqualTo("charts/monitoring/loki.yaml:"
                + (lineOf("charts/monitoring/loki.yaml", "    type: filesystem")));
        // a key no file sets: the release's last values file, where it would go
        assertThat(loki.locate("gateway.enabled").toString()).isEqualTo("charts/monitoring/loki.yaml");
    }

    @Test
    void inlineValuesAndChartReferencesOfEveryShape(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("helmfile.yaml"), """
                releases:
                  - name: obs
                    chart: oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack
                    version: 79.5.0
                  - name: logs
                    chart: mirror/loki
                    version: 6.46.0
                    values:
                      - ./logs.yaml
                      - deploymentMode: SingleBinary
                        loki: {storage: {type: filesystem}}
                  - name: shipper
                    chart: grafana/promtail
                    version: 6.17.0
                """);
        Files.writeString(dir.resolve("logs.yaml"), "deploymentMode: SimpleScalable\nloki:\n  auth_enabled: false\n");
        ObservabilityStack s = stack(dir);
        assertThat(s.releases()).extracting(r -> r.chart().name()).containsExactly("kube-prometheus-stack", "loki", "promtail");
        assertThat(s.byChart("promtail").orElseThrow().chart().retired()).get().asString().contains("2026-03-02");
        ReleaseValues v = s.values(s.byChart("loki").orElseThrow(), "default");
        assertThat(v.text("deploymentMode")).contains("SingleBinary"); // the inline map comes after the file
        assertThat(v.text("loki.auth_enabled")).contains("false");
        assertThat(v.text("loki.storage.type")).contains("filesystem");
    }

    @Test
    void aHelmfileWithoutTheStackIsMissingOnce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("helmfile.yaml"), """
                releases:
                  - name: ingress
                    chart: ingress-nginx/ingress-nginx
                    version: 4.11.3
                """);
        assertThatThrownBy(() -> stack(dir).releases()).isInstanceOf(Missing.class)
                .hasMessageContaining("no observability stack").hasMessageContaining("helmfile:");
    }

    @Test
    void alloyComponentsAndStringsWithoutComments() {
        AlloyConfig c = AlloyConfig.parse("""
                // loki.source.file "commented" {
                /* discovery.kubernetes "old" {
                } */
                loki.write "default" {
                  endpoint { url = "http://loki:3100/loki/api/v1/push" } // a comment after // inside a string
                }
                local.file_match "pods" {
                  path_targets = [{"__path__" = "/var/log/pods/*/*/*.log"}]
                }
                """);
        assertThat(c.components()).extracting(AlloyConfig.Component::type).containsExactly("loki.write", "local.file_match");
        assertThat(c.components("loki.write")).singleElement().satisfies(w -> assertThat(w.line()).isEqualTo(4));
        assertThat(c.strings()).contains("http://loki:3100/loki/api/v1/push", "/var/log/pods/*/*/*.log");
        assertThat(c.has("loki.source.file")).isFalse();
    }

    private static int lineOf(String file, String text) {
        try {
            var lines = Files.readAllLines(Fixtures.root().resolve(file));
            return lines.indexOf(text) + 1;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
