package dev.fullchain.env;

import com.github.dockerjava.api.DockerClient;
import dev.fullchain.env.compose.CommandResult;
import dev.fullchain.env.compose.ComposeTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * The Docker engine as Testcontainers sees it, and whether the docker tier can run here:
 * an engine Testcontainers can reach and a compose tool (v2 plugin, or v1). Answers within
 * a few seconds when there is no engine, so a machine without Docker skips quickly.
 */
public final class Docker {

    private static final long ENGINE_TIMEOUT_SECONDS = 5;
    private static final Duration PROBE = Duration.ofSeconds(5);
    private static final String ENABLE = "start Docker (and install the compose plugin) or run -Dtier=static";

    static {
        quietTestcontainersLogs();
    }

    private Docker() {
    }

    /** The docker tier probe, registered in TierProbes. */
    public static Availability availability() {
        String trap = containerHostTrap();
        if (trap != null) {
            return Availability.no(trap);
        }
        String engine = engineProblem();
        if (engine != null) {
            return Availability.no(engine + "; " + ENABLE);
        }
        if (ComposeTool.detect().isEmpty()) {
            return Availability.no("a Docker engine is running but no compose tool was found (neither `docker compose` "
                    + "nor `docker-compose` answers `version`); " + ENABLE);
        }
        return Availability.yes();
    }

    /** The Docker client Testcontainers configured (same engine, same settings). */
    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    private static String engineProblem() {
        String host = System.getenv("DOCKER_HOST");
        boolean noHost = host == null || host.isBlank();
        FutureTask<Boolean> available = new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
        Thread asker = new Thread(available, "fullchain-docker-probe");
        asker.setDaemon(true); // a hung engine must not keep the JVM alive
        asker.start();
        try {
            return available.get(ENGINE_TIMEOUT_SECONDS, TimeUnit.SECONDS) ? null
                    : "Testcontainers cannot reach a Docker engine" + (noHost ? "" : " at DOCKER_HOST=" + host);
        } catch (TimeoutException e) {
            return "the Docker engine did not answer within " + ENGINE_TIMEOUT_SECONDS + " s";
        } catch (ExecutionException e) {
            return "Testcontainers cannot reach a Docker engine: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for a Docker engine";
        }
    }

    /**
     * Where /.dockerenv exists, Testcontainers believes it runs in a container and, unless
     * TESTCONTAINERS_HOST_OVERRIDE is set, asks the engine for the bridge network's gateway; when
     * the engine does not report one (Docker 20.10 often does not), it starts its tiny image
     * (alpine) to read the route, and offline that pull hangs for minutes. Said in one line
     * instead, with the fix. Returns null when there is no such trap.
     */
    private static String containerHostTrap() {
        String override = System.getenv("TESTCONTAINERS_HOST_OVERRIDE");
        if (!Files.exists(Path.of("/.dockerenv")) || (override != null && !override.isBlank())) {
            return null;
        }
        Path here = Path.of(System.getProperty("java.io.tmpdir"));
        CommandResult gateway = ComposeTool.exec(List.of("docker", "network", "inspect", "bridge", "--format",
                "{{range .IPAM.Config}}{{.Gateway}}{{end}}"), here, Map.of(), PROBE);
        if (!gateway.ok() || !gateway.stdout().isBlank()) {
            return null; // no engine (said later), or a gateway Testcontainers can use
        }
        // DockerClientFactory runs alpine:3.17 unless tinyimage.container.image names another image.
        String tiny = TestcontainersConfiguration.getInstance().getEnvVarOrProperty("tinyimage.container.image", "alpine:3.17");
        CommandResult image = ComposeTool.exec(List.of("docker", "image", "inspect", tiny), here, Map.of(), PROBE);
        if (image.ok()) {
            return null; // Testcontainers can run it without pulling
        }
        return "this machine looks like a container (/.dockerenv) and its Docker bridge network reports no gateway, so "
                + "Testcontainers would pull " + tiny + " to find the Docker host; set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 "
                + "(the engine runs on this machine) or run -Dtier=static";
    }

    /**
     * Testcontainers and docker-java log every compose line at INFO; a learner's run should show
     * check results, not build output. Only sets defaults: -D settings win.
     */
    private static void quietTestcontainersLogs() {
        for (String logger : new String[] {"org.testcontainers", "tc", "com.github.dockerjava", "docker"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }
}
