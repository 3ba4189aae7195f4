package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.LintReport;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm model on the reference chart (fixtures/charts/fullchain-app) and on broken copies of it. */
@Tag("selftest")
class HelmChartModelTest {

    private static final HelmCharts FIXTURES = HelmCharts.load(Target.open(Fixtures.root()));

    private static HelmChart chart() {
        return FIXTURES.chart();
    }

    private static RenderedChart render(String environment) {
        return chart().render(chart().values(environment).orElseThrow());
    }

    private static Deployment deployment(RenderedChart r, String suffix) {
        return r.ofType(Deployment.class).stream().filter(d -> d.getMetadata().getName().endsWith(suffix)).findFirst().orElseThrow();
    }

    @Test
    void findsTheChartAndItsValuesFiles() {
        assertThat(FIXTURES.charts()).extracting(HelmChart::dir).containsExactly("charts/fullchain-app");
        HelmChart c = chart();
        assertThat(c.name()).isEqualTo("fullchain-app");
        assertThat(c.apiVersion()).contains("v2");
        assertThat(c.version()).contains("0.1.0");
        assertThat(c.appVersion()).isPresent();
        assertThat(c.valuesFiles()).extracting(ValuesFile::environment).containsExactly("default", "dev", "prod");
        assertThat(c.values("prod").orElseThrow().path()).isEqualTo("charts/fullchain-app/values-prod.yaml");
    }

    @Test
    void lintsWithoutErrorsForEveryValuesFile() {
        for (ValuesFile v : chart().valuesFiles()) {
            LintReport report = chart().lint(v);
            assertThat(report.errors()).as(v.path()).isEmpty();
            assertThat(report.passed()).as(v.path() + ": " + report.messages()).isTrue();
        }
    }

    @Test
    void rendersTypedObjectsEachWithItsTemplate() {
        for (ValuesFile v : chart().valuesFiles()) {
            RenderedChart r = chart().render(v);
            assertThat(r.objects()).as(v.path()).isNotEmpty();
            for (RenderedObject o : r.objects()) {
                assertThat(o.template()).as(o.id()).startsWith("charts/fullchain-app/templates/").endsWith(".yaml");
                assertThat(Files.isRegularFile(Fixtures.root().resolve(o.template()))).as(o.template()).isTrue();
                assertThat(o.name()).as(o.template()).isNotBlank();
            }
            assertThat(r.ofType(Deployment.class)).hasSize(2);
            assertThat(r.ofType(StatefulSet.class)).hasSize(1);
            assertThat(r.find("Service", "api")).as("the Service nginx proxies to").isPresent();
            assertThat(r.find("Service", "api").orElseThrow().template()).isEqualTo("charts/fullchain-app/templates/api-service.yaml");
        }
    }

    @Test
    void devAndProdDiffer() {
        RenderedChart dev = render("dev");
        RenderedChart prod = render("prod");
        assertThat(deployment(dev, "-api").getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment(prod, "-api").getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
        assertThat(dev.ofType(PodDisruptionBudget.class)).isEmpty();
        assertThat(prod.ofType(PodDisruptionBudget.class)).hasSize(1);
        Container devApi = deployment(dev, "-api").getSpec().getTemplate().getSpec().getContainers().get(0);
        Container prodApi = deployment(prod, "-api").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(prodApi.getResources()).isNotEqualTo(devApi.getResources());
        // prod uses an existing Secret: the chart creates none
        assertThat(prod.ofType(Secret.class)).isEmpty();
        assertThat(dev.ofType(Secret.class)).hasSize(1);
    }

    @Test
    void everyContainerHasProbesResourcesAndARestrictedContext() {
        for (ValuesFile v : chart().valuesFiles()) {
            RenderedChart r = chart().render(v);
            List<PodSpec> pods = Stream.concat(
                    r.ofType(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
                    r.ofType(StatefulSet.class).stream().map(s -> s.getSpec().getTemplate().getSpec())).toList();
            for (PodSpec pod : pods) {
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
                assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
                for (Container c : pod.getContainers()) {
                    assertThat(c.getReadinessProbe()).as(c.getName()).isNotNull();
                    assertThat(c.getLivenessProbe()).as(c.getName()).isNotNull();
                    assertThat(c.getResources().getRequests()).as(c.getName()).containsKeys("cpu", "memory");
                    assertThat(c.getResources().getLimits()).as(c.getName()).containsKey("memory");
                    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                    assertThat(c.getImage()).doesNotEndWith(":latest").contains(":");
                    assertThat(c.getEnv() == null ? List.of() : c.getEnv())
                            .filteredOn(e -> e.getName().contains("PASSWORD") && !e.getName().endsWith("_FILE"))
                            .allSatisfy(e -> assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull());
                }
            }
        }
    }

    @Test
    void aGeneratedPasswordIsRegisteredForMasking() {
        Secret s = render("dev").ofType(Secret.class).get(0);
        String password = new String(Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
        assertThat(Secrets.mask("password=" + password)).doesNotContain(password);
    }

    @Test
    void aBrokenTemplateIsBadInputNamingTheTemplate(@TempDir Path dir) throws IOException {
        Path chartDir = copyChart(dir);
        Path service = chartDir.resolve("templates/api-service.yaml");
        Files.writeString(service, Files.readString(service).replace("{{ .Values.api.service.port }}", "{{ .Values.api.service.port "));
        HelmChart broken = HelmCharts.load(Target.open(dir)).chart();
        assertThatThrownBy(broken::render).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/fullchain-app/templates/api-service.yaml"))
                .satisfies(e -> assertThat(((BadInput) e).location().line()).isPositive())
                .hasMessageContaining("values.yaml");
        assertThat(broken.lint(broken.values("default").orElseThrow()).passed()).isFalse();
    }

    @Test
    void aTemplateFailingWithOneValuesFileNamesTheTemplateAndTheValuesFile(@TempDir Path dir) throws IOException {
        Path chartDir = copyChart(dir);
        Path pdb = chartDir.resolve("templates/api-pdb.yaml");
        Files.writeString(pdb, Files.readString(pdb).replace("{{ .Values.api.pdb.minAvailable }}", "{{ .Values.api.pdb.nope.minAvailable }}"));
        HelmChart broken = HelmCharts.load(Target.open(dir)).chart();
        assertThat(broken.render().objects()).isNotEmpty();
        assertThatThrownBy(() -> broken.render(broken.values("prod").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessageStartingWith("charts/fullchain-app/templates/api-pdb.yaml")
                .hasMessageContaining("values-prod.yaml");
        assertThat(broken.lint(broken.values("prod").orElseThrow()).errors()).isNotEmpty();
        assertThat(broken.lint(broken.values("dev").orElseThrow()).errors()).isEmpty();
    }

    @Test
    void renderedYamlThatIsNoObjectIsBadInputNamingTheTemplate(@TempDir Path dir) throws IOException {
        Path chartDir = copyChart(dir);
        Files.writeString(chartDir.resolve("templates/odd.yaml"), "kind: [unclosed\n");
        HelmChart broken = HelmCharts.load(Target.open(dir)).chart();
        assertThatThrownBy(broken::render).isInstanceOf(BadInput.class)
                .hasMessageContaining("charts/fullchain-app/templates/odd.yaml");
    }

    @Test
    void aBrokenValuesFileIsARenderFailureAndNoChartYamlIsMissing(@TempDir Path dir) throws IOException {
        Path chartDir = copyChart(dir);
        Files.writeString(chartDir.resolve("values-dev.yaml"), "api: [x\n");
        HelmCharts charts = HelmCharts.load(Target.open(dir));
        HelmChart c = charts.chart();
        assertThatThrownBy(() -> c.render(c.values("dev").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessageStartingWith("charts/fullchain-app/values-dev.yaml");
        Files.delete(chartDir.resolve("Chart.yaml"));
        assertThat(HelmCharts.load(Target.open(dir)).charts()).isEmpty();
        assertThatThrownBy(() -> HelmCharts.load(Target.open(dir)).chart()).isInstanceOf(dev.fullchain.target.Missing.class)
                .hasMessageContaining("no Helm chart");
        assertThatThrownBy(() -> HelmCharts.load(Target.open(dir)).chartAt("charts/fullchain-app").render()).isInstanceOf(BadInput.class);
    }

    private static Path copyChart(Path dir) throws IOException {
        Path from = Fixtures.root().resolve("charts/fullchain-app");
        Path to = dir.resolve("charts/fullchain-app");
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }
}
