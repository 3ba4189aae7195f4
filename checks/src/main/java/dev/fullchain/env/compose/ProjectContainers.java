package dev.fullchain.env.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.command.TopContainerResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecInContainerPattern;

/**
 * The containers of one compose project, found by compose's labels (project + service),
 * never by name: each lookup asks the engine again, so restarts and down/up are followed.
 */
public final class ProjectContainers {

    static final String PROJECT = "com.docker.compose.project";
    static final String SERVICE = "com.docker.compose.service";
    static final String NUMBER = "com.docker.compose.container-number";
    static final String ONEOFF = "com.docker.compose.oneoff";
    static final String WORKING_DIR = "com.docker.compose.project.working_dir";

    private final DockerClient docker;
    private final String project;

    public ProjectContainers(DockerClient docker, String project) {
        this.docker = docker;
        this.project = project;
    }

    public String project() {
        return project;
    }

    /**
     * The project Testcontainers started from {@code workingDir} (it adds a random suffix to the
     * name it is given, so the name is read back from the containers' labels).
     */
    public static Optional<String> discoverProject(DockerClient docker, String prefix, String workingDir) {
        return docker.listContainersCmd().withShowAll(true).exec().stream()
                .filter(c -> c.getLabels() != null)
                .filter(c -> String.valueOf(c.getLabels().get(PROJECT)).startsWith(prefix))
                .filter(c -> workingDir.equals(c.getLabels().get(WORKING_DIR)))
                .map(c -> c.getLabels().get(PROJECT))
                .findFirst();
    }

    /** The service's container (the first instance when scaled), if it exists. */
    public Optional<Container> find(String service) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT, project, SERVICE, service)).exec().stream()
                .filter(c -> !"True".equalsIgnoreCase(c.getLabels().get(ONEOFF)))
                .min(Comparator.comparing((Container c) -> !"running".equals(c.getState()))
                        .thenComparing(c -> number(c)));
    }

    /** Every container of the project, for cleanup checks. */
    public List<Container> all() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(PROJECT, project)).exec();
    }

    private static int number(Container c) {
        try {
            return Integer.parseInt(c.getLabels().getOrDefault(NUMBER, "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public String containerId(String service) {
        return find(service).map(Container::getId).orElseThrow(() -> new IllegalStateException("service " + service + " has no container"));
    }

    public ServiceState state(String service) {
        Optional<Container> c = find(service);
        if (c.isEmpty()) {
            return ServiceState.missing(service);
        }
        try {
            return stateOf(service, docker.inspectContainerCmd(c.get().getId()).exec());
        } catch (NotFoundException e) {
            return ServiceState.missing(service);
        }
    }

    /** The state of a container by id (used by the wait strategy Testcontainers calls). */
    public static ServiceState stateOf(DockerClient docker, String service, String containerId) {
        try {
            return stateOf(service, docker.inspectContainerCmd(containerId).exec());
        } catch (NotFoundException e) {
            return ServiceState.missing(service);
        }
    }

    private static ServiceState stateOf(String service, InspectContainerResponse inspect) {
        InspectContainerResponse.ContainerState s = inspect.getState();
        String status = s.getStatus() == null ? "unknown" : s.getStatus();
        String health = ServiceState.NO_HEALTHCHECK;
        String detail = s.getError() == null ? "" : s.getError();
        if (s.getHealth() != null && s.getHealth().getStatus() != null) {
            health = s.getHealth().getStatus();
            List<HealthStateLog> log = s.getHealth().getLog();
            if (log != null && !log.isEmpty()) {
                HealthStateLog last = log.get(log.size() - 1);
                String out = last.getOutput() == null ? "" : last.getOutput().strip();
                detail = (out.isEmpty() ? "" : out + " ") + "(exit " + last.getExitCodeLong() + ")";
            }
        }
        int exit = s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue();
        int restarts = inspect.getRestartCount() == null ? 0 : inspect.getRestartCount();
        return new ServiceState(service, status, health, exit, restarts, detail);
    }

    /** The host port a published container port is bound to, if it is published. */
    public OptionalInt hostPort(String service, int containerPort) {
        Optional<Container> c = find(service);
        if (c.isEmpty()) {
            return OptionalInt.empty();
        }
        InspectContainerResponse inspect = docker.inspectContainerCmd(c.get().getId()).exec();
        Map<ExposedPort, Ports.Binding[]> bindings = inspect.getNetworkSettings().getPorts().getBindings();
        Ports.Binding[] b = bindings.get(ExposedPort.tcp(containerPort));
        if (b == null) {
            return OptionalInt.empty();
        }
        for (Ports.Binding binding : b) {
            if (binding != null && binding.getHostPortSpec() != null && !binding.getHostPortSpec().isBlank()) {
                return OptionalInt.of(Integer.parseInt(binding.getHostPortSpec()));
            }
        }
        return OptionalInt.empty();
    }

    /** The container's log: stdout, stderr or both, the last {@code tail} lines (0 = all). */
    public List<String> logLines(String service, boolean stdout, boolean stderr, int tail) {
        Optional<Container> c = find(service);
        if (c.isEmpty()) {
            return List.of();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var cmd = docker.logContainerCmd(c.get().getId()).withStdOut(stdout).withStdErr(stderr);
        cmd = tail > 0 ? cmd.withTail(tail) : cmd.withTailAll();
        try (ResultCallback.Adapter<Frame> cb = cmd.exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                // RAW is what a container with a tty writes: it is its stdout.
                if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.STDERR
                        || frame.getStreamType() == StreamType.RAW) {
                    synchronized (out) {
                        out.writeBytes(frame.getPayload());
                    }
                }
            }
        })) {
            cb.awaitCompletion(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of("(logs unavailable: " + e.getMessage() + ")");
        }
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The container's processes with their real uids ({@code docker top}, which runs ps on the engine's host). */
    public List<ProcessInfo> processes(String service) {
        TopContainerResponse top = docker.topContainerCmd(containerId(service)).withPsArgs("-o uid,pid,args").exec();
        String[] titles = top.getTitles();
        int uid = indexOf(titles, "UID");
        int pid = indexOf(titles, "PID");
        int cmd = titles.length - 1;
        List<ProcessInfo> out = new ArrayList<>();
        if (top.getProcesses() == null) {
            return out;
        }
        for (String[] row : top.getProcesses()) {
            out.add(new ProcessInfo(Integer.parseInt(row[uid].trim()), Long.parseLong(row[pid].trim()), row[cmd]));
        }
        return out;
    }

    private static int indexOf(String[] titles, String name) {
        for (int i = 0; i < titles.length; i++) {
            if (titles[i].trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalStateException("docker top printed no " + name + " column: " + String.join(" ", titles));
    }

    public dev.fullchain.env.compose.ExecResult exec(String service, String... command) {
        String id = containerId(service);
        try {
            ExecResult r = ExecInContainerPattern.execInContainer(docker, docker.inspectContainerCmd(id).exec(), command);
            return new dev.fullchain.env.compose.ExecResult(r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a command in " + service, e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run a command in " + service + ": " + e.getMessage(), e);
        }
    }

    public void stop(String service) {
        docker.stopContainerCmd(containerId(service)).withTimeout(10).exec();
    }

    public void start(String service) {
        docker.startContainerCmd(containerId(service)).exec();
    }

    public void restart(String service) {
        docker.restartContainerCmd(containerId(service)).withTimeout(10).exec();
    }
}
