package dev.fullchain.env.compose;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;

/**
 * Waits until a service is ready: healthy when it has a healthcheck, running otherwise. Unlike
 * Testcontainers' health check wait, it gives up at once when the service can no longer get
 * there (exited, unhealthy, crash-looping), the way {@code depends_on: service_healthy} does,
 * so a broken stack fails in seconds, not at the timeout.
 */
public final class ServiceReadiness implements WaitStrategy {

    private static final Duration POLL = Duration.ofMillis(500);

    private final DockerClient docker;
    private final String service;
    private final boolean job;
    private Duration timeout;

    /** @param job the service is a job others wait to complete: exiting 0 is its way of being ready */
    public ServiceReadiness(DockerClient docker, String service, boolean job, Duration timeout) {
        this.docker = docker;
        this.service = service;
        this.job = job;
        this.timeout = timeout;
    }

    /** The service did not become ready; carries its last state. */
    public static final class NotReady extends RuntimeException {
        private final transient ServiceState state;

        public NotReady(ServiceState state, String message) {
            super(message);
            this.state = state;
        }

        public ServiceState state() {
            return state;
        }
    }

    @Override
    public void waitUntilReady(WaitStrategyTarget target) {
        String id = target.getContainerId();
        await(service, job, () -> ProjectContainers.stateOf(docker, service, id), timeout);
    }

    @Override
    public WaitStrategy withStartupTimeout(Duration startupTimeout) {
        this.timeout = startupTimeout;
        return this;
    }

    /** Polls {@code state} until ready; throws NotReady when hopeless or after {@code timeout}. */
    public static ServiceState await(String service, boolean job, Supplier<ServiceState> state, Duration timeout) {
        AtomicReference<ServiceState> last = new AtomicReference<>(ServiceState.missing(service));
        try {
            Awaitility.await("service " + service + " ready")
                    .atMost(timeout.isNegative() || timeout.isZero() ? Duration.ofSeconds(1) : timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .until(() -> {
                        ServiceState s = state.get();
                        last.set(s);
                        if (job && s.completed()) {
                            return true;
                        }
                        if (s.hopeless()) {
                            throw new NotReady(s, s.describe());
                        }
                        return s.ready();
                    });
            return last.get();
        } catch (ConditionTimeoutException e) {
            ServiceState s = last.get();
            throw new NotReady(s, "not ready after " + timeout.toSeconds() + " s: " + s.describe()
                    + (s.detail().isBlank() || s.describe().contains(s.detail()) ? "" : "; last health check said: " + s.detail()));
        }
    }
}
