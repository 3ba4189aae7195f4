package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the Helm model finds charts, the app chart, values files and the helmfile, on repositories built here. */
@Tag("selftest")
class ChartDiscoveryTest {

    private static void write(Path root, String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void chart(Path root, String dir, String type, String kind) throws IOException {
        write(root, dir + "/Chart.yaml", "apiVersion: v2\nname: " + dir.substring(dir.lastIndexOf('/') + 1)
                + "\nversion: 0.1.0\ntype: " + type + "\n");
        if (kind != null) {
            write(root, dir + "/templates/x.yaml", "apiVersion: apps/v1\nkind: " + kind + "\nmetadata: {name: x}\n");
        }
    }

    private static HelmCharts helm(Path root) {
        return HelmCharts.load(Target.open(root));
    }

    @Test
    void findsAChartAnywhereButNotSubchartsNorNodeModules(@TempDir Path root) throws IOException {
        chart(root, "deploy/charts/shop", "application", "Deployment");
        chart(root, "deploy/charts/shop/charts/common", "library", null);
        chart(root, "deploy/charts/shop/charts/redis", "application", "StatefulSet");
        chart(root, "web/node_modules/some-package/chart", "application", "Deployment");

        HelmCharts helm = helm(root);
        assertThat(helm.charts()).extracting(HelmChart::dir).containsExactly("deploy/charts/shop");
        assertThat(helm.chart().dir()).isEqualTo("deploy/charts/shop");
        assertThat(helm.choice().hadAChoice()).isFalse();
    }

    @Test
    void noChartIsMissingWithTheKeyToSet(@TempDir Path root) throws IOException {
        write(root, "README.md", "nothing yet\n");
        assertThatThrownBy(() -> helm(root).chart()).isInstanceOf(Missing.class)
                .hasMessageContaining("no Helm chart").hasMessageContaining("chart: in fullchain.yaml");
        assertThatThrownBy(() -> helm(root).requireHelmfile()).isInstanceOf(Missing.class)
                .hasMessageContaining("helmfile: in fullchain.yaml");
    }

    @Test
    void aLibraryChartIsNeverTheAppChart(@TempDir Path root) throws IOException {
        chart(root, "charts/common", "library", null);
        chart(root, "helm/shop", "application", "Deployment");
        assertThat(helm(root).chart().dir()).isEqualTo("helm/shop");
    }

    @Test
    void amongSeveralChartsTheHelmfilesReleaseWinsAndTheChoiceIsSaid(@TempDir Path root) throws IOException {
        chart(root, "charts/aaa-tools", "application", "Deployment");
        chart(root, "charts/shop", "application", "Deployment");
        write(root, "helmfile.yaml", "releases:\n  - name: shop\n    chart: ./charts/shop\n    version: 0.1.0\n");
        HelmCharts helm = helm(root);
        assertThat(helm.chart().dir()).isEqualTo("charts/shop");
        assertThat(helm.choice().hadAChoice()).isTrue();
        assertThat(helm.choice().describe()).contains("charts/shop", "release shop", "also found: charts/aaa-tools");
    }

    @Test
    void withoutAHelmfileTheFirstChartThatDeploysWorkloadsWins(@TempDir Path root) throws IOException {
        chart(root, "charts/aaa-crds", "application", null);
        chart(root, "charts/shop", "application", "StatefulSet");
        assertThat(helm(root).chart().dir()).isEqualTo("charts/shop");
        assertThat(helm(root).choice().reason()).contains("Deployment or StatefulSet");
    }

    @Test
    void fullchainYamlNamesTheChartAndAWrongNameIsBadInputAtItsLine(@TempDir Path root) throws IOException {
        chart(root, "charts/a", "application", "Deployment");
        chart(root, "charts/b", "application", "Deployment");
        write(root, "fullchain.yaml", "chart: charts/b\n");
        assertThat(helm(root).chart().dir()).isEqualTo("charts/b");
        write(root, "fullchain.yaml", "chart: charts/c\n");
        assertThatThrownBy(() -> helm(root).chart()).isInstanceOf(BadInput.class)
                .hasMessageContaining("fullchain.yaml:1").hasMessageContaining("charts/c");
    }

    @Test
    void valuesFilesByTheNamesLearnersUse(@TempDir Path root) throws IOException {
        chart(root, "helm/a", "application", "Deployment");
        write(root, "helm/a/values.yaml", "x: 1\n");
        write(root, "helm/a/values.development.yaml", "x: 2\n");
        write(root, "helm/a/values/production.yaml", "x: 3\n");
        write(root, "helm/a/env/staging/values.yaml", "x: 4\n");
        assertThat(helm(root).chart().valuesFiles()).extracting(ValuesFile::environment, ValuesFile::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("default", "helm/a/values.yaml"),
                org.assertj.core.groups.Tuple.tuple("dev", "helm/a/values.development.yaml"),
                org.assertj.core.groups.Tuple.tuple("prod", "helm/a/values/production.yaml"),
                org.assertj.core.groups.Tuple.tuple("staging", "helm/a/env/staging/values.yaml"));
    }

    @Test
    void theHelmfilesValuesPerEnvironmentWin(@TempDir Path root) throws IOException {
        chart(root, "deploy/chart", "application", "Deployment");
        write(root, "deploy/chart/values.yaml", "x: 1\n");
        write(root, "deploy/chart/values-dev.yaml", "x: 2\n");
        write(root, "deploy/chart/values-prod.yaml", "x: 3\n");
        write(root, "envs/common.yaml", "x: 5\n");
        write(root, "envs/production.yaml", "x: 6\n");
        write(root, "helmfile.yaml.gotmpl", "environments:\n  production: {}\n---\nreleases:\n  - name: app\n"
                + "    chart: ./deploy/chart\n    version: 0.1.0\n    values:\n      - ./envs/common.yaml\n"
                + "      - ./envs/{{ .Environment.Name }}.yaml\n");
        HelmChart chart = helm(root).chart();
        ValuesFile prod = chart.values("prod").orElseThrow();
        assertThat(prod.path()).isEqualTo("envs/production.yaml");
        assertThat(prod.layers()).containsExactly("envs/common.yaml", "envs/production.yaml");
        assertThat(chart.values("dev").orElseThrow().path()).isEqualTo("deploy/chart/values-dev.yaml");
        assertThat(chart.mergedValues(prod)).containsEntry("x", 6);
    }

    @Test
    void aHelmfileIsFoundAnywhereAndInHelmfileD(@TempDir Path root) throws IOException {
        write(root, "ops/helmfile.d/10-infra.yaml", "environments: {dev: {}}\n---\nreleases:\n  - {name: a, chart: x/a, version: 1.0.0}\n");
        write(root, "ops/helmfile.d/20-app.yaml", "environments: {prod: {}}\n---\nreleases:\n  - {name: b, chart: ../../c, version: 1.0.0}\n");
        var h = helm(root).requireHelmfile();
        assertThat(h.path()).isEqualTo("ops/helmfile.d/10-infra.yaml");
        assertThat(h.releases()).extracting(r -> r.name()).containsExactly("a", "b");
        assertThat(h.environments()).extracting(e -> e.name()).containsExactly("dev", "prod");
    }
}
