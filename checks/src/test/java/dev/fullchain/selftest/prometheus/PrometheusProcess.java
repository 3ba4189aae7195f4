package dev.fullchain.selftest.prometheus;

import dev.fullchain.probe.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus process on 127.0.0.1 (the binary on PATH: .ci/run puts Debian's there),
 * with a configuration and rule files of the test's, a data folder of its own, and a bounded
 * wait for ready. Closing stops it.
 */
public final class PrometheusProcess implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The prometheus binary on PATH, if any. */
    public static Optional<Path> binary() {
        return which("prometheus");
    }

    static Optional<Path> which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (!dir.isBlank() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts Prometheus with {@code config} (its rule_files relative to the config's folder) and waits until it is ready. */
    public static PrometheusProcess start(Path workDir, String config, String... extraFlags) throws IOException, InterruptedException {
        Path configFile = Files.writeString(workDir.resolve("prometheus.yml"), config);
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(binary().orElseThrow().toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn"));
        command.addAll(java.util.List.of(extraFlags));
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusProcess prom = new PrometheusProcess(p, port, log);
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus stopped at start (exit " + p.exitValue() + "): " + Files.readString(log));
            }
            if (Http.get(prom.url("/-/ready")).status() == 200) {
                return prom;
            }
            Thread.sleep(100);
        }
        prom.close();
        throw new IllegalStateException("prometheus not ready within " + READY.toSeconds() + " s: " + Files.readString(log));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops a process the self-tests started: SIGTERM, 10 s to end, then killed (5 s more at most). */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        stop(process);
    }
}
