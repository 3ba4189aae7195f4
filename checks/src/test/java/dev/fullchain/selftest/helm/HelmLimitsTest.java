package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.LintReport;
import dev.fullchain.model.helm.RenderFailure;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm renders and lints have a time limit and an output limit (Helm runs in a worker
 * process that is stopped past them): a runaway template fails once, naming the template
 * line and the limit, and the next chart renders as usual.
 */
@Tag("selftest")
class HelmLimitsTest {

    @BeforeEach
    void lowLimits() {
        System.setProperty("fullchain.helm.timeout", "3");
        System.setProperty("fullchain.helm.maxOutput", "1");
    }

    @AfterEach
    void defaultLimits() {
        System.clearProperty("fullchain.helm.timeout");
        System.clearProperty("fullchain.helm.maxOutput");
    }

    private static HelmChart chart(Path repo, String template) throws Exception {
        Path c = Files.createDirectories(repo.resolve("charts/app/templates"));
        Files.writeString(c.resolve("../Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        Files.writeString(c.resolve("../values.yaml"), "replicas: 1\n");
        Files.writeString(c.resolve("../values-dev.yaml"), "replicas: 2\n");
        Files.writeString(c.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  n: \"{{ .Values.replicas }}\"\n");
        if (template != null) {
            Files.writeString(c.resolve("runaway.yaml"), template);
        }
        return HelmCharts.load(Target.open(repo)).chart();
    }

    @Test
    void aRenderThatRunsAwayIsStoppedAtItsTimeNamingTheTemplateLineAndFailsOnce(@TempDir Path repo) throws Exception {
        HelmChart c = chart(repo, "# a loop\n{{- range until 100000000 }}# x\n{{- end }}\n");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> c.render()).isInstanceOfSatisfying(RenderFailure.class, f -> {
            assertThat(f.location().path()).isEqualTo("charts/app/templates/runaway.yaml");
            assertThat(f.location().line()).isEqualTo(2);
            assertThat(f.helmMessage()).contains("did not finish within 3 s").contains("fullchain.helm.timeout")
                    .contains("until 100000000");
        });
        Duration first = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(first).as("stopped at its limit, not waited for").isLessThan(Duration.ofSeconds(20));

        ValuesFile dev = c.values("dev").orElseThrow();
        long t1 = System.nanoTime();
        assertThatThrownBy(() -> c.render(dev)).isInstanceOf(RenderFailure.class).hasMessageContaining("did not finish within 3 s");
        LintReport lint = c.lint(dev);
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("the same chart is not run again").isLessThan(Duration.ofSeconds(2));
        assertThat(lint.passed()).isFalse();
        assertThat(lint.messages()).anySatisfy(m -> assertThat(m.toString()).contains("did not finish"));
    }

    @Test
    void aRenderThatPrintsTooMuchIsRefusedWithTheLimit(@TempDir Path repo) throws Exception {
        HelmChart c = chart(repo, "# {{ repeat 3000000 \"x\" }}\n");
        assertThatThrownBy(() -> c.render()).isInstanceOfSatisfying(RenderFailure.class, f -> {
            assertThat(f.location().path()).isEqualTo("charts/app/templates/runaway.yaml");
            assertThat(f.helmMessage()).contains("over fullchain's limit of 1 MiB").contains("fullchain.helm.maxOutput");
        });
    }

    @Test
    void aChartRendersAfterAnotherWasStopped(@TempDir Path repo) throws Exception {
        HelmChart runaway = chart(repo.resolve("a"), "{{- range until 100000000 }}# x\n{{- end }}\n");
        assertThatThrownBy(runaway::render).isInstanceOf(RenderFailure.class);
        HelmChart fine = chart(repo.resolve("b"), null);
        assertThat(fine.render().objects()).hasSize(1);
        assertThat(fine.lint(fine.values("dev").orElseThrow()).passed()).isTrue();
    }
}
