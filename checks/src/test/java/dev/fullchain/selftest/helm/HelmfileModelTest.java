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
        // Day 5's community charts come first; the app's release is found by its name.
        assertThat(h.releases()).extracting(HelmfileRelease::name)
                .containsExactly("kube-prometheus-stack", "loki", "alloy", "fullchain");
        assertThat(h.releases().subList(0, 3)).allSatisfy(r -> {
            assertThat(r.isLocalChart()).isFalse();
            assertThat(r.version()).isPresent();
            assertThat(r.namespace()).contains("monitoring");
        });
        HelmfileRelease app = h.release("fullchain").orElseThrow();
        assertThat(app.isLocalChart()).isTrue();
        assertThat(app.chartDir()).contains("charts/fullchain-app");
        assertThat(charts.chartAt(app.chartDir().orElseThrow())).isSameAs(charts.chart());
        assertThat(app.version()).contains("0.1.0");
        assertThat(app.valuesFilesFor("prod")).containsExactly("charts/monitoring/fullchain-app.yaml", "charts/fullchain-app/values-prod.yaml");
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
    @Test
    void chartsAndValuesLeavingTheRootAreNamedWithTheirLineAndNeverFollowed(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("Chart.yaml"), "apiVersion: v2\nname: outside\nversion: 0.1.0\n");
        Files.writeString(outside.resolve("values-dev.yaml"), "leak: true\n");
        Files.createDirectories(root.resolve("charts/app"));
        Files.writeString(root.resolve("charts/app/Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        Files.writeString(root.resolve("charts/app/dev-settings.yaml"), "replicas: 1\n");
        Files.createSymbolicLink(root.resolve("charts/linked"), outside);
        Files.createSymbolicLink(root.resolve("charts/app/prod-settings.yaml"), outside.resolve("values-dev.yaml"));
        Files.writeString(root.resolve("charts/helmfile.yaml.gotmpl"), """
                environments:
                  dev: {}
                  prod: {}
                ---
                releases:
                  - name: up
                    chart: ../../outside
                  - name: absolute
                    chart: %s
                  - name: linked
                    chart: ./linked
                  - name: app
                    chart: ./app
                    values:
                      - ./app/{{ .Environment.Name }}-settings.yaml
                      - ../../outside/values-dev.yaml
                      - replicas: 2
                """.formatted(outside));
        Target target = Target.open(root);
        HelmCharts charts = HelmCharts.load(target);
        Helmfile h = charts.helmfile().orElseThrow();
        java.util.List<String> envs = java.util.List.of("dev", "prod");

        assertThat(h.release("up").orElseThrow().outsidePaths(target, envs)).singleElement().satisfies(o -> {
            assertThat(o.isChart()).isTrue();
            assertThat(o.location()).hasToString("charts/helmfile.yaml.gotmpl:7");
            assertThat(o.describe()).isEqualTo("chart ../../outside points outside the repository: not read");
        });
        assertThat(h.release("absolute").orElseThrow().outsidePaths(target, envs)).singleElement().satisfies(o -> {
            assertThat(o.location()).hasToString("charts/helmfile.yaml.gotmpl:9");
            assertThat(o.why()).isEqualTo("points outside the repository");
        });
        assertThat(h.release("linked").orElseThrow().outsidePaths(target, envs)).singleElement().satisfies(o -> {
            assertThat(o.location()).hasToString("charts/helmfile.yaml.gotmpl:11");
            assertThat(o.why()).contains("symbolic link that points outside the repository");
        });
        HelmfileRelease app = h.release("app").orElseThrow();
        assertThat(app.outsidePaths(target, envs)).extracting(o -> o.location().line() + " " + o.resolved())
                .containsExactly("15 charts/app/prod-settings.yaml", "16 ../outside/values-dev.yaml");
        assertThat(app.outsidePaths(target, envs)).noneMatch(HelmfileRelease.OutsidePath::isChart);

        // The chart's environments never take a values file from outside: prod has none left, dev keeps its own.
        assertThat(charts.chartAt("charts/app").values("dev").orElseThrow().layers()).containsExactly("charts/app/dev-settings.yaml");
        assertThat(charts.chartAt("charts/app").values("prod")).isEmpty();
    }

    @Test
    void readsTheStateFilesItsHelmfilesPullIn(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("deploy/a-stack"));
        Files.writeString(dir.resolve("deploy/helmfile.yaml"), """
                environments:
                  dev: {}
                ---
                helmfiles:
                  - path: a-stack/helmfile.yaml
                  - a-stack/*.yaml
                releases:
                  - name: app
                    chart: ../charts/app
                """);
        Files.writeString(dir.resolve("deploy/a-stack/helmfile.yaml"), """
                helmfiles:
                  - helmfile.yaml
                releases:
                  - name: loki
                    chart: grafana/loki
                    values: [loki.yaml]
                """);
        Helmfile h = HelmCharts.load(Target.open(dir)).helmfile().orElseThrow();
        // the parent is the helmfile, though the nested one comes first in the listing; a glob is not
        // followed, and a state file that names itself is read once
        assertThat(h.path()).isEqualTo("deploy/helmfile.yaml");
        assertThat(h.nested()).extracting(Helmfile.Nested::path).containsExactly("deploy/a-stack/helmfile.yaml");
        assertThat(h.releases()).extracting(HelmfileRelease::name).containsExactly("loki", "app");
        assertThat(h.release("loki").orElseThrow().valuesFilesFor("dev")).containsExactly("deploy/a-stack/loki.yaml");
        assertThat(h.release("app").orElseThrow().chartDir()).contains("charts/app");
        assertThat(h.environments()).extracting(HelmfileEnvironment::name).containsExactly("dev");
    }

    @Test
    void aHelmfileThatPullsInAMissingStateFileIsBadInput(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("helmfile.yaml"), """
                helmfiles:
                  - path: stack/helmfile.yaml
                """);
        assertThatThrownBy(() -> HelmCharts.load(Target.open(dir)).helmfile()).isInstanceOf(BadInput.class)
                .hasMessageContaining("helmfiles: stack/helmfile.yaml, which does not exist");
    }
}
