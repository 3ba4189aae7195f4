package dev.fullchain.model.helm;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helm itself (helm-java's native library: no helm binary, no cluster), run in a child JVM
 * ({@link HelmWorker}) so that every render and lint has a time limit and a render an output
 * limit: a template that loops a hundred million times is stopped, not waited for. Calls are
 * serialized. Starting the worker and loading the library takes a second or two:
 * {@link #warmUp()} starts it in the background, so a run that will render charts overlaps it
 * with other work. A chart that went past a limit is not rendered again in the same run: its
 * later calls fail at once, with the same reason.
 * <p>
 * Limits, as system properties: {@code fullchain.helm.timeout} (seconds per call, default 30)
 * and {@code fullchain.helm.maxOutput} (MiB per render, default 64).
 */
final class HelmEngine {

    /** The Kubernetes version charts are rendered for ({@code .Capabilities.KubeVersion}, kubeVersion: in Chart.yaml). */
    static final String KUBE_VERSION = "v1.33.0";
    static final String RELEASE_NAME = "fullchain";
    static final String NAMESPACE = "default";

    static final String TIMEOUT_PROPERTY = "fullchain.helm.timeout";
    static final String MAX_OUTPUT_PROPERTY = "fullchain.helm.maxOutput";
    private static final double DEFAULT_TIMEOUT_SECONDS = 30;
    private static final long DEFAULT_MAX_OUTPUT_MIB = 64;

    private static final HelmWorker WORKER = new HelmWorker();
    /** Charts (their real folder) that went past a limit, with the reason: said once, not waited for twice. */
    private static final Map<String, HelmLimitExceeded> OVER_LIMIT = new ConcurrentHashMap<>();
    private static volatile CompletableFuture<Void> warmUp;

    private HelmEngine() {
    }

    /** Starts the worker in the background (once); calls wait for it. */
    static CompletableFuture<Void> warmUp() {
        CompletableFuture<Void> w = warmUp;
        if (w == null) {
            synchronized (HelmEngine.class) {
                if (warmUp == null) {
                    warmUp = CompletableFuture.runAsync(HelmEngine::startWorker, HelmEngine::daemon);
                }
                w = warmUp;
            }
        }
        return w;
    }

    /** Runs a warm-up on a daemon thread of its own (the common pool may have a single thread on a small machine). */
    static void daemon(Runnable task) {
        Thread t = new Thread(task, "fullchain-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void startWorker() {
        try {
            WORKER.start();
            primeEngine();
        } catch (IOException | HelmWorker.TimedOut | RuntimeException e) {
            // the first real call starts it again and reports it, with its own context
        }
    }

    /**
     * Renders a one-template chart of fullchain's own, so Helm's template engine is loaded in
     * the worker before the first real chart is (about 0.3 s, paid here rather than by the
     * first check that renders).
     */
    private static void primeEngine() throws IOException, HelmWorker.TimedOut {
        Path dir = java.nio.file.Files.createTempDirectory("fullchain-helm-prime");
        try {
            java.nio.file.Files.writeString(dir.resolve("Chart.yaml"), "apiVersion: v2\nname: prime\nversion: 0.1.0\n");
            java.nio.file.Files.createDirectories(dir.resolve("templates"));
            java.nio.file.Files.writeString(dir.resolve("templates/cm.yaml"),
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"prime\" . | trunc 63 | trimSuffix \"-\" }}\n"
                            + "data:\n  at: {{ now | date \"2006\" | quote }}\n{{- define \"prime\" }}{{ .Release.Name }}-{{ .Chart.Name }}{{ end }}\n");
            WORKER.template(dir, List.of(), Map.of(), RELEASE_NAME, timeout(), 1024 * 1024);
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * The manifest {@code helm template} prints for a chart directory and values files (in
     * order, over the chart's values.yaml), with {@code --set} overrides applied last.
     * {@code chart} names the chart (its real folder) for the limits' memory. Throws
     * IllegalStateException with Helm's message; HelmLimitExceeded past a limit.
     */
    static String template(String chart, Path chartDir, List<Path> valuesFiles, Map<String, Object> sets, String releaseName) {
        warmUp().join();
        Duration limit = timeout();
        long maxOutput = maxOutputMiB() * 1024 * 1024;
        return bounded(chart, chartDir, "render", limit, () -> WORKER.template(chartDir, valuesFiles, sets, releaseName, limit, maxOutput),
                size -> "helm template printed " + size + " characters, over fullchain's limit of " + maxOutputMiB()
                        + " MiB for one render (-D" + MAX_OUTPUT_PROPERTY + "=MiB), and was refused");
    }

    /** {@code helm lint} of a chart directory, bounded in time as renders are. */
    static LintResult lint(String chart, Path chartDir) {
        warmUp().join();
        Duration limit = timeout();
        return bounded(chart, chartDir, "lint", limit, () -> WORKER.lint(chartDir, limit), size -> "helm lint printed " + size);
    }

    private interface WorkerCall<T> {
        T call() throws IOException, HelmWorker.TimedOut;
    }

    private static <T> T bounded(String chart, Path chartDir, String what, Duration limit, WorkerCall<T> call,
            java.util.function.Function<String, String> tooLarge) {
        HelmLimitExceeded before = OVER_LIMIT.get(chart);
        if (before != null) {
            throw before;
        }
        try {
            return call.call();
        } catch (HelmWorker.TimedOut e) {
            throw remember(chart, new HelmLimitExceeded("helm " + (what.equals("render") ? "template" : "lint")
                    + " did not finish within " + seconds(limit) + ", fullchain's time limit for one " + what
                    + " (-D" + TIMEOUT_PROPERTY + "=SECONDS), and was stopped", LoopSuspects.in(chartDir)));
        } catch (HelmWorker.OutputTooLarge e) {
            throw remember(chart, new HelmLimitExceeded(tooLarge.apply(e.getMessage()), LoopSuspects.in(chartDir)));
        } catch (IOException e) {
            // not the chart's doing: a harness fault, never a render failure
            throw new java.io.UncheckedIOException("fullchain could not run Helm: " + e.getMessage(), e);
        }
    }

    private static HelmLimitExceeded remember(String chart, HelmLimitExceeded e) {
        if (OVER_LIMIT.size() < 1000) {
            OVER_LIMIT.put(chart, e);
        }
        return e;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static Duration timeout() {
        String v = System.getProperty(TIMEOUT_PROPERTY);
        double s = DEFAULT_TIMEOUT_SECONDS;
        if (v != null && !v.isBlank()) {
            try {
                s = Double.parseDouble(v.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + TIMEOUT_PROPERTY + "=" + v + ": expected a number of seconds, such as 30");
            }
        }
        return Duration.ofMillis(Math.max(1, (long) (s * 1000)));
    }

    private static long maxOutputMiB() {
        String v = System.getProperty(MAX_OUTPUT_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_MAX_OUTPUT_MIB;
        }
        try {
            return Math.max(1, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + MAX_OUTPUT_PROPERTY + "=" + v + ": expected a whole number of MiB, such as 64");
        }
    }
}
