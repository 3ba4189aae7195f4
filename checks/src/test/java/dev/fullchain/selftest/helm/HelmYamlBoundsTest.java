package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.Helmfile;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.LintReport;
import dev.fullchain.model.helm.RenderFailure;
import dev.fullchain.selftest.YamlBombs;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chart.yaml, values files and helmfiles are read through the one bounded YAML reader: a
 * billion laughs is a BadInput naming the file, never an OutOfMemoryError, while one anchor
 * merged into many places (more than SnakeYAML's default 50 aliases) is ordinary YAML.
 */
@Tag("selftest")
class HelmYamlBoundsTest {

    private static Path chart(Path root, String chartYaml, String valuesYaml) throws IOException {
        Path dir = Files.createDirectories(root.resolve("charts/app/templates"));
        Files.writeString(root.resolve("charts/app/Chart.yaml"), chartYaml);
        Files.writeString(root.resolve("charts/app/values.yaml"), valuesYaml);
        return dir.getParent();
    }

    private static final String CHART_YAML = "apiVersion: v2\nname: app\nversion: 0.1.0\n";

    @Test
    void aBillionLaughsInValuesYamlIsBadInputNamingIt(@TempDir Path root) throws IOException {
        chart(root, CHART_YAML, YamlBombs.laughs("api"));
        HelmChart c = HelmCharts.load(Target.open(root)).chart();
        assertThatThrownBy(() -> c.mergedValues(c.values("default").orElseThrow())).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/app/values.yaml"))
                .hasMessageContaining("expands to more than 250000 nodes");
    }

    @Test
    void aBillionLaughsInAValuesFileIsNeverHandedToHelmAndTheRenderAndLintNameIt(@TempDir Path root) throws IOException {
        Path chart = chart(root, CHART_YAML, "replicas: 1\n");
        Files.writeString(chart.resolve("templates/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        Files.writeString(chart.resolve("values-dev.yaml"), YamlBombs.laughs("api"));
        HelmChart c = HelmCharts.load(Target.open(root)).chart();
        assertThat(c.render().objects()).hasSize(1);
        assertThatThrownBy(() -> c.render(c.values("dev").orElseThrow())).isInstanceOf(RenderFailure.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/app/values-dev.yaml"))
                .hasMessageContaining("expands to more than 250000 nodes");
        LintReport lint = c.lint(c.values("dev").orElseThrow());
        assertThat(lint.passed()).isFalse();
        assertThat(lint.errors()).singleElement().satisfies(m -> {
            assertThat(m.path()).isEqualTo("charts/app/values-dev.yaml");
            assertThat(m.text()).contains("expands to more than 250000 nodes");
        });

        Files.writeString(chart.resolve("values.yaml"), YamlBombs.laughs("api"));
        HelmChart bombed = HelmCharts.load(Target.open(root)).chart();
        assertThatThrownBy(bombed::render).isInstanceOf(RenderFailure.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/app/values.yaml"));
        assertThat(bombed.lint(bombed.values("default").orElseThrow()).errors()).extracting(m -> m.path())
                .containsExactly("charts/app/values.yaml");
    }

    @Test
    void aBillionLaughsInChartYamlIsBadInputNamingIt(@TempDir Path root) throws IOException {
        chart(root, CHART_YAML + YamlBombs.laughs("annotations"), "{}\n");
        HelmChart c = HelmCharts.load(Target.open(root)).chartAt("charts/app");
        assertThatThrownBy(c::metadata).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/app/Chart.yaml"))
                .hasMessageContaining("expands to more than 250000 nodes");
    }

    @Test
    void aBillionLaughsInTheHelmfileIsBadInputNamingIt(@TempDir Path root) throws IOException {
        chart(root, CHART_YAML, "{}\n");
        Files.writeString(root.resolve("charts/helmfile.yaml.gotmpl"), "environments:\n  dev: {}\n---\n" + YamlBombs.laughs("releases"));
        assertThatThrownBy(() -> HelmCharts.load(Target.open(root)).helmfile()).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/helmfile.yaml.gotmpl"))
                .hasMessageContaining("expands to more than 250000 nodes");
    }

    @Test
    void oneAnchorMergedIntoFiftyFiveValuesIsOrdinaryYaml(@TempDir Path root) throws IOException {
        StringBuilder values = new StringBuilder("x-defaults: &defaults\n  replicas: 2\n  image: {tag: \"1.0.0\"}\n");
        for (int i = 0; i < 55; i++) {
            values.append("worker").append(i).append(":\n  <<: *defaults\n  port: ").append(8000 + i).append('\n');
        }
        chart(root, "apiVersion: v2\nx: &n app\nname: *n\nversion: 0.1.0\n", values.toString());
        HelmChart c = HelmCharts.load(Target.open(root)).chart();
        assertThat(c.name()).isEqualTo("app");
        Map<String, Object> merged = c.mergedValues(c.values("default").orElseThrow());
        assertThat(merged).containsKeys("worker0", "worker54");
        @SuppressWarnings("unchecked") Map<String, Object> worker = (Map<String, Object>) merged.get("worker54");
        assertThat(worker).containsEntry("replicas", 2).containsEntry("port", 8054);
    }

    @Test
    void oneAnchorMergedIntoFiftyFiveReleasesIsOrdinaryYaml(@TempDir Path root) throws IOException {
        chart(root, CHART_YAML, "{}\n");
        StringBuilder h = new StringBuilder("environments:\n  dev: {}\n---\ntemplates:\n  default: &default\n"
                + "    namespace: apps-{{ .Environment.Name }}\n    chart: ./app\n    version: 0.1.0\nreleases:\n");
        for (int i = 0; i < 55; i++) {
            h.append("  - <<: *default\n    name: app").append(i).append('\n');
        }
        Files.writeString(root.resolve("charts/helmfile.yaml.gotmpl"), h.toString());
        Helmfile helmfile = HelmCharts.load(Target.open(root)).helmfile().orElseThrow();
        assertThat(helmfile.releases()).hasSize(55);
        HelmfileRelease last = helmfile.release("app54").orElseThrow();
        assertThat(last.chartDir()).contains("charts/app");
        assertThat(last.namespaceFor("dev")).contains("apps-dev");
        assertThat(last.version()).contains("0.1.0");
        assertThat(last.location().line()).isEqualTo(helmfile.file().lineOf("  - <<: *default\n    name: app54\n"));
    }
}
