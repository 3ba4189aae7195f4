package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.Helmfile;
import dev.fullchain.model.helm.HelmfileEnvironment;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helmfile read as data: environments, repositories, releases with lines, template text kept. */
@Tag("selftest")
class HelmfileModelTest {

    @Test
    void readsTheReferenceHelmfile() {
        HelmCharts charts = HelmCharts.load(Target.open(Fixtures.root()));
        Helmfile h = charts.helmfile().orElseThrow();
        assertThat(h.path()).isEqualTo("charts/helmfile.yaml.gotmpl");
        assertThat(h.environments()).extracting(HelmfileEnvironment::name).containsExactly("dev", "prod");
        assertThat(h.environments().get(0).location().line()).isPositive();
        HelmfileRelease app = h.releases().get(0);
        assertThat(app.isLocalChart()).isTrue();
        assertThat(app.chartDir()).contains("charts/fullchain-app");
        assertThat(charts.chartAt(app.chartDir().orElseThrow())).isSameAs(charts.chart());
        assertThat(app.version()).contains("0.1.0");
        assertThat(app.valuesFilesFor("prod")).containsExactly("charts/fullchain-app/values-prod.yaml");
        assertThat(app.namespaceFor("dev")).contains("fullchain-dev");
        assertThat(app.namespace()).contains("{{ .Environment.Name }}");
        assertThat(h.file().lines().get(app.location().line() - 1)).contains("name: " + app.name());
        for (String env : new String[] {"dev", "prod"}) {
            app.valuesFilesFor(env).forEach(f -> assertThat(Files.isRegularFile(Fixtures.root().resolve(f))).as(f).isTrue());
        }
    }

    @Test
    void readsRemoteChartsTemplateBlocksAndSeveralDocuments(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("helmfile.yaml.gotmpl"), """
                environments:
                  dev:
                    values: [env/dev.yaml]
                  prod: {}
                ---
                repositories:
                  - name: prometheus-community
                    url: https://prometheus-community.github.io/helm-charts
                releases:
                  - name: app
                    namespace: {{ .Environment.Name }}
                    chart: ./charts/app
                    values:
                      - charts/app/values-{{ .Environment.Name }}.yaml
                      - replicas: 2
                {{ if eq .Environment.Name "prod" }}
                  - name: monitoring
                    chart: prometheus-community/kube-prometheus-stack
                {{ end }}
                """);
        Helmfile h = HelmCharts.load(Target.open(dir)).helmfile().orElseThrow();
        assertThat(h.environment("dev").orElseThrow().values()).containsExactly("env/dev.yaml");
        assertThat(h.repositories()).singleElement().satisfies(r -> assertThat(r.url()).startsWith("https://"));
        assertThat(h.releases()).hasSize(2);
        assertThat(h.release("app").orElseThrow().namespace()).isEqualTo("{{ .Environment.Name }}");
        assertThat(h.release("app").orElseThrow().valuesFilesFor("dev")).containsExactly("charts/app/values-dev.yaml");
        HelmfileRelease monitoring = h.release("monitoring").orElseThrow();
        assertThat(monitoring.isLocalChart()).isFalse();
        assertThat(monitoring.version()).as("unpinned").isEmpty();
        assertThat(monitoring.location().line()).isEqualTo(17);
    }

    @Test
    void noHelmfileIsEmptyAndInvalidYamlIsBadInputWithALine(@TempDir Path dir) throws IOException {
        assertThat(HelmCharts.load(Target.open(dir)).helmfile()).isEmpty();
        Files.writeString(dir.resolve("helmfile.yaml"), "releases:\n  - name: a\n    chart: [x\n");
        assertThatThrownBy(() -> HelmCharts.load(Target.open(dir)).helmfile()).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("helmfile.yaml"))
                .satisfies(e -> assertThat(((BadInput) e).location().line()).isPositive());
    }
}
