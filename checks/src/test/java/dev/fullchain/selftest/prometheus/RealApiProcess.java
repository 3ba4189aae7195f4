package dev.fullchain.selftest.prometheus;

import dev.fullchain.probe.Http;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Mutant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fixture api itself (fixtures/app/api, FastAPI under uvicorn) as a process on 127.0.0.1,
 * on Debian's python3 and packages (.ci/run installs them, as its image does), against a
 * Postgres given by host and port. Its JSON log lines go to a file the test reads. Closing
 * stops it.
 */
public final class RealApiProcess implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration READY = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    private final Path copy;

    private RealApiProcess(Process process, int port, Path log, Path copy) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.copy = copy;
    }

    /** Postgres for the api, or the stand-in .ci/run names in FULLCHAIN_SUBSTITUTE where the official image cannot be pulled; not started. */
    @SuppressWarnings("resource")
    public static org.testcontainers.containers.PostgreSQLContainer<?> database() {
        String image = "postgres:15-bookworm";
        for (String pair : System.getenv().getOrDefault("FULLCHAIN_SUBSTITUTE", "").split(",")) {
            if (pair.startsWith(image + "=")) {
                image = pair.substring(image.length() + 1);
            }
        }
        return new org.testcontainers.containers.PostgreSQLContainer<>(
                org.testcontainers.utility.DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName("items").withUsername("app").withPassword("real-api-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forListeningPort()).withStartupTimeout(Duration.ofSeconds(120));
    }

    /** The api's database settings (its contract's environment) for a started Postgres. */
    public static Map<String, String> settings(org.testcontainers.containers.PostgreSQLContainer<?> db) {
        return Map.of("POSTGRES_HOST", db.getHost(), "POSTGRES_PORT", String.valueOf(db.getMappedPort(5432)),
                "POSTGRES_USER", db.getUsername(), "POSTGRES_PASSWORD", db.getPassword(), "POSTGRES_DB", db.getDatabaseName());
    }

    /** Whether Debian's python3 has the api's packages. */
    public static boolean runnable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import fastapi, uvicorn, psycopg, prometheus_client")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts the api from a copy of the fixtures' api folder and waits (bounded) until /readyz answers 200. */
    public static RealApiProcess start(Path work, Map<String, String> database) throws IOException, InterruptedException {
        Path copy = work.resolve("api");
        Mutant.copyTree(Fixtures.root().resolve("app/api"), copy);
        int port = PrometheusProcess.freePort();
        Path log = work.resolve("api.log");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--log-config", "app/log_config.json", "--no-access-log")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(database);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().put("PYTHONUNBUFFERED", "1");
        RealApiProcess api = new RealApiProcess(pb.start(), port, log, copy);
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!api.process.isAlive()) {
                throw new IllegalStateException("the api stopped at start (exit " + api.process.exitValue() + "): " + api.log());
            }
            if (Http.get(api.url("/readyz")).status() == 200) {
                return api;
            }
            Thread.sleep(200);
        }
        api.close();
        throw new IllegalStateException("the api was not ready within " + READY.toSeconds() + " s: " + api.log());
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        PrometheusProcess.stop(process);
        try {
            Mutant.deleteTree(copy);
        } catch (IOException e) {
            // a temp folder
        }
    }
}
