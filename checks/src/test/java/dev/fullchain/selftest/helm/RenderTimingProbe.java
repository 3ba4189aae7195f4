package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.LintReport;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * How long rendering and linting the reference chart in-process takes: the first call (native
 * library load included), then repeated calls per values file. Tagged "bench": never part of a
 * default or self-test run. Run with
 * {@code -Dfullchain.groups=bench -Dtest=RenderTimingProbe -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code main} does the cold part alone, for timing a whole JVM from the outside.
 */
@Tag("bench")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RenderTimingProbe {

    private static final int RUNS = Integer.getInteger("perf.runs", 20);
    private static final List<String> ENVIRONMENTS = List.of(ValuesFile.DEFAULT, "dev", "prod");

    private static Path root() {
        String dir = System.getProperty("perf.fixtures");
        return dir == null ? Fixtures.root() : Path.of(dir);
    }

    /** A fresh model each time: HelmChart keeps its renders and lints. */
    private static HelmChart freshChart() {
        return HelmCharts.load(Target.open(root())).chart();
    }

    private static ValuesFile values(HelmChart chart, String environment) {
        return chart.values(environment).orElseThrow();
    }

    @Test
    @Order(1)
    void coldRenderAndLintOfEveryValuesFile() throws IOException {
        StringBuilder out = new StringBuilder();
        cold(out);
        print("inproc-cold.md", out);
    }

    @Test
    @Order(2)
    void warmRenderAndLintPerValuesFile() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%d runs each, fresh HelmCharts per run, after the cold test (JVM and native library warm)%n%n", RUNS));
        out.append("| Operation | values | mean [ms] | sd [ms] | min [ms] | median [ms] | max [ms] |\n");
        out.append("|:---|:---|---:|---:|---:|---:|---:|\n");
        for (String env : ENVIRONMENTS) {
            row(out, "render (public API: template + parse)", env, time(() -> {
                HelmChart chart = freshChart();
                return chart.render(values(chart, env));
            }));
        }
        for (String env : ENVIRONMENTS) {
            Path chartDir = root().resolve(freshChart().dir());
            Path valuesPath = env.equals(ValuesFile.DEFAULT) ? null : root().resolve(values(freshChart(), env).path());
            row(out, "helm-java template only (HelmEngine options)", env, time(() -> template(chartDir, valuesPath)));
        }
        for (String env : ENVIRONMENTS) {
            row(out, "lint (public API)", env, time(() -> {
                HelmChart chart = freshChart();
                return chart.lint(values(chart, env));
            }));
        }
        Path chartDir = root().resolve(freshChart().dir());
        row(out, "helm-java lint only (chart dir, no copy)", ValuesFile.DEFAULT, time(() -> new Helm(chartDir).lint().call()));
        print("inproc-warm.md", out);
    }

    /** The Day 3 static work on one chart: render and lint with each values file, on a model nobody used yet. */
    private static void cold(StringBuilder out) {
        long jvmUptimeAtStart = ManagementFactory.getRuntimeMXBean().getUptime();
        HelmChart chart = freshChart();
        List<String> lines = new ArrayList<>();
        long t0 = System.nanoTime();
        RenderedChart first = chart.render(values(chart, ValuesFile.DEFAULT));
        long firstRender = System.nanoTime() - t0;
        lines.add(line("render default (first call: native library load)", firstRender, first.manifest().length()));
        for (String env : ENVIRONMENTS.subList(1, ENVIRONMENTS.size())) {
            long s = System.nanoTime();
            RenderedChart r = chart.render(values(chart, env));
            lines.add(line("render " + env, System.nanoTime() - s, r.manifest().length()));
        }
        for (String env : ENVIRONMENTS) {
            long s = System.nanoTime();
            LintReport lint = chart.lint(values(chart, env));
            assertThat(lint.passed()).as("lint with %s", env).isTrue();
            lines.add(line("lint " + env, System.nanoTime() - s, lint.messages().size()));
        }
        long total = System.nanoTime() - t0;
        out.append(String.format(Locale.ROOT, "%nCold: JVM uptime when the work starts %d ms%n%n", jvmUptimeAtStart));
        out.append("| Step | ms | size |\n|:---|---:|---:|\n");
        lines.forEach(out::append);
        out.append(String.format(Locale.ROOT, "| **total (3 renders + 3 lints)** | **%.1f** | |%n", total / 1e6));
        out.append(String.format(Locale.ROOT, "%nJVM uptime after the work: %d ms%n", ManagementFactory.getRuntimeMXBean().getUptime()));
    }

    private static String line(String step, long nanos, int size) {
        return String.format(Locale.ROOT, "| %s | %.1f | %d |%n", step, nanos / 1e6, size);
    }

    /** As HelmEngine.template: release fullchain, namespace default, Kubernetes v1.33.0. */
    private static String template(Path chartDir, Path valuesFile) {
        TemplateCommand command = new Helm(chartDir).template()
                .withName("fullchain").withNamespace("default").withKubeVersion("v1.33.0");
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        return command.call();
    }

    private static double[] time(Supplier<?> work) {
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long s = System.nanoTime();
            Object result = work.get();
            ms[i] = (System.nanoTime() - s) / 1e6;
            assertThat(result).isNotNull();
        }
        return ms;
    }

    private static void row(StringBuilder out, String op, String env, double[] ms) {
        double mean = Arrays.stream(ms).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(ms).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, ms.length - 1));
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                op, env, mean, sd, sorted[0], median, sorted[sorted.length - 1]));
    }

    private static void print(String file, StringBuilder out) throws IOException {
        System.out.println(out);
        String dir = System.getProperty("perf.out");
        if (dir != null) {
            Files.writeString(Path.of(dir).resolve(file), out.toString());
        }
    }

    /** The cold part alone, in a JVM of its own: {@code java -cp ... RenderTimingProbe <fixtures dir>}. */
    public static void main(String[] args) {
        if (args.length > 0) {
            System.setProperty("perf.fixtures", args[0]);
        }
        StringBuilder out = new StringBuilder();
        if (Boolean.getBoolean("perf.rawFirst")) {
            // Splits the first call's cost: helm-java's native library alone, before the model's first render.
            HelmChart chart = freshChart();
            long s = System.nanoTime();
            template(root().resolve(chart.dir()), null);
            out.append(String.format(Locale.ROOT, "%nhelm-java template, first call (native library load): %.1f ms%n", (System.nanoTime() - s) / 1e6));
        }
        cold(out);
        if (!Boolean.getBoolean("perf.quiet")) {
            System.out.println(out);
        }
    }
}
