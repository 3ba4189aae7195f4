package dev.fullchain.env;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.fullchain.check.CheckFailure;
import dev.fullchain.env.compose.CommandResult;
import dev.fullchain.env.compose.ComposeTool;
import dev.fullchain.env.compose.DerivedCompose;
import dev.fullchain.env.compose.ExecResult;
import dev.fullchain.env.compose.ProcessInfo;
import dev.fullchain.env.compose.ProjectContainers;
import dev.fullchain.env.compose.ServiceReadiness;
import dev.fullchain.env.compose.ServiceState;
import dev.fullchain.env.compose.StackFailure;
import dev.fullchain.env.compose.StackFailure.Step;
import dev.fullchain.env.compose.TargetCopy;
import dev.fullchain.env.compose.UpResult;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.lifecycle.Startable;

/**
 * The target's compose stack, built and started once per target and run (shared by every
 * docker check through {@link Environments}), from a private copy of the target.
 *
 * <p>Starting: copy the target (a missing .env comes from .env.example), let the local
 * compose tool resolve the file ({@code config}), derive the file fullchain starts
 * ({@link DerivedCompose}: loopback ephemeral ports, configured image substitutions), make
 * sure run images exist, build the built ones, then {@code up} through Testcontainers with
 * one wait per service (healthy, or running without a healthcheck), all within
 * {@code -Dcompose.timeout} seconds (default 180, cold builds included).
 *
 * <p>A failed start never throws: it is recorded as a {@link StackFailure} that D1.RUN.UP
 * reports in full, and every other docker check fails at once with one line pointing there,
 * without trying again.
 *
 * <p>Checks use a small API: {@link #requireUp()}, {@link #url}, {@link #exec},
 * {@link #stdoutLogs}, {@link #processes}, {@link #restart}, {@link #stop}/{@link #start},
 * {@link #downKeepingVolumes()}/{@link #up()}. Containers and ports are looked up afresh on
 * every call, so restarts and down/up are followed.
 */
public final class ComposeStack implements Environment {

    public static final String TIMEOUT_PROPERTY = "compose.timeout";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(180);
    /** Building the images, apart from starting them: a loaded machine builds slowly, which says nothing of the app. */
    public static final String BUILD_TIMEOUT_PROPERTY = "compose.buildTimeout";
    static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofSeconds(900);
    /** Images tagged by content kept per service repository; older ones are removed when unused. */
    static final int KEEP_IMAGES_PER_SERVICE = 6;
    /** Bringing back services a check stopped or restarted: no build, images are there. */
    static final Duration AGAIN_TIMEOUT = Duration.ofSeconds(90);
    static final String DERIVED_FILE = "compose.fullchain.yaml";
    private static final int LOG_TAIL = 25;
    private static final int DIAGNOSTIC_LINES = 200;

    private final Target target;
    private final Layout layout;
    /** The compose file, found as the static checks find it (one place: AppProject); null when there is none. */
    private final String composeRel;
    private final String composeProblem;
    private final String identifier;
    private final boolean throwaway;
    private final Duration timeout;
    private final Duration buildTimeout;
    private final List<String> notes = new ArrayList<>();

    private ComposeTool tool;
    private Path copy;
    private Path composeDir;
    private Path derivedFile;
    private DerivedCompose derived;
    private Startable testcontainers;
    private ProjectContainers containers;
    private UpResult upResult;
    private volatile StackFailure brokenBy;
    private boolean closed;

    private ComposeStack(Target target) {
        this.target = target;
        this.layout = target.layout();
        String rel = null;
        String problem = null;
        try {
            rel = dev.fullchain.model.app.AppProject.load(target).composePath();
        } catch (dev.fullchain.target.Missing | dev.fullchain.target.BadInput e) {
            problem = e.getMessage();
        }
        this.composeRel = rel;
        this.composeProblem = problem;
        this.identifier = "fullchain-" + shortHash(target.root().toString());
        this.throwaway = isUnderTempDir(target.root());
        this.timeout = configuredTimeout(TIMEOUT_PROPERTY, DEFAULT_TIMEOUT);
        this.buildTimeout = configuredTimeout(BUILD_TIMEOUT_PROPERTY, DEFAULT_BUILD_TIMEOUT);
    }

    /** Builds and starts the target's stack; never throws (see {@link #upResult()}). */
    public static ComposeStack start(Target target) {
        ComposeStack stack = new ComposeStack(target);
        long t0 = System.nanoTime();
        System.out.println("[fullchain] starting the compose stack of " + target.root() + " (" + (stack.composeRel == null ? "no compose file" : stack.composeRel)
                + "); builds at most " + stack.buildTimeout.toSeconds() + " s, then start and health at most "
                + stack.timeout.toSeconds() + " s");
        Optional<StackFailure> failure;
        try {
            failure = stack.bringUp(t0);
        } catch (RuntimeException e) {
            failure = Optional.of(new StackFailure("", Step.START, "fullchain could not start the stack: " + e, List.of()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        stack.upResult = new UpResult(failure, took, stack.containers == null ? List.of() : stack.states());
        System.out.println("[fullchain] compose stack " + (failure.isEmpty() ? "up" : "NOT up: " + failure.get().oneLine())
                + " (" + took.toSeconds() + " s)");
        return stack;
    }

    // ------------------------------------------------------------------ starting

    private Optional<StackFailure> bringUp(long t0) {
        Optional<ComposeTool> found = ComposeTool.detect();
        if (found.isEmpty()) {
            return fail("", Step.COMPOSE_FILE, "no compose tool: neither `docker compose` nor `docker-compose` works here");
        }
        tool = found.get();
        if (composeRel == null) {
            return fail("", Step.COMPOSE_FILE, composeProblem);
        }
        try {
            target.jailed(target.resolve(composeRel), dev.fullchain.target.Location.of(composeRel));
        } catch (dev.fullchain.target.BadInput e) {
            return fail("", Step.COMPOSE_FILE, e.getMessage());
        }
        ImageSubstitution substitution;
        try {
            substitution = ImageSubstitution.configured();
        } catch (IllegalArgumentException e) {
            return fail("", Step.IMAGES, e.getMessage());
        }

        copy = TargetCopy.copy(target, notes::add);
        Path composeCopy = copy.resolve(composeRel);
        composeDir = composeCopy.getParent();
        TargetCopy.provideEnvFile(composeDir).ifPresent(notes::add);
        TargetCopy.registerSecrets(composeDir.resolve(".env"));

        CommandResult config = tool.run(composeDir, Map.of(), remaining(t0), List.of("-f", composeCopy.toString(), "config"));
        if (!config.ok()) {
            return fail("", Step.COMPOSE_FILE, "`" + tool.displayName() + " config` rejects " + composeRel + ": "
                    + String.join(" / ", config.lastLines(6)), config.lastLines(LOG_TAIL));
        }
        Map<String, Object> model = DerivedCompose.parseConfig(config.stdout());
        derived = DerivedCompose.derive(model, substitution, reach(), identifier, true);
        for (String service : derived.services()) {
            derived.environment(service).forEach((k, v) -> {
                if (Secrets.isSecretKey(k)) {
                    Secrets.register(v);
                }
            });
        }
        notes.addAll(derived.changes());
        derivedFile = composeDir.resolve(DERIVED_FILE);
        write(derivedFile, derived.toYaml());

        Optional<StackFailure> images = ensureRunImages(t0);
        if (images.isPresent()) {
            return images;
        }
        long buildStart = System.nanoTime();
        for (Map.Entry<String, String> built : derived.builtImages().entrySet()) {
            String service = built.getKey();
            if (isContentTag(built.getValue()) && imageId(built.getValue()).isPresent()) {
                notes.add(service + ": image " + built.getValue() + " reused (built before from the same files)");
                continue;
            }
            Optional<String> before = imageId(built.getValue());
            CommandResult build = tool.run(composeDir, Map.of(), remaining(buildStart, buildTimeout),
                    List.of("-p", identifier, "-f", derivedFile.toString(), "build", service));
            if (!build.ok()) {
                String why = build.timedOut() ? "the build did not finish within the " + buildTimeout.toSeconds() + " s build budget (-D"
                        + BUILD_TIMEOUT_PROPERTY + "=SECONDS to allow more)" : "the image does not build: " + lastMeaningful(build);
                return fail(service, Step.BUILD, why, build.lastLines(LOG_TAIL));
            }
            before.filter(id -> !id.equals(imageId(built.getValue()).orElse(id))).ifPresent(this::removeIfUnused);
            if (isContentTag(built.getValue())) {
                pruneOldImages(built.getValue());
            }
        }
        // Starting and health have their own budget, from now: the builds took what they took.
        t0 = System.nanoTime();
        return upWithTestcontainers(t0);
    }

    private static boolean isContentTag(String image) {
        return image.startsWith(dev.fullchain.env.compose.BuildInputs.PREFIX);
    }

    /** Keeps the newest content-tagged images of a service's repository; older unused ones go (their layers stay cached in the newer). */
    private void pruneOldImages(String image) {
        String repository = image.substring(0, image.lastIndexOf(':'));
        try {
            List<com.github.dockerjava.api.model.Image> images = Docker.client().listImagesCmd().withImageNameFilter(repository).exec();
            images.stream().sorted(java.util.Comparator.comparing(com.github.dockerjava.api.model.Image::getCreated).reversed())
                    .skip(KEEP_IMAGES_PER_SERVICE)
                    .forEach(old -> removeIfUnused(old.getId()));
        } catch (RuntimeException e) {
            // pruning is housekeeping: never a reason to fail a run
        }
    }

    private static Optional<String> imageId(String image) {
        try {
            return Optional.ofNullable(Docker.client().inspectImageCmd(image).exec().getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The image a rebuild replaced, now untagged: removed so a week of runs does not pile them up (kept if a container uses it). */
    private void removeIfUnused(String imageId) {
        try {
            Docker.client().removeImageCmd(imageId).withForce(false).exec();
        } catch (RuntimeException e) {
            // in use or already gone: nothing to do
        }
    }

    /** Images services run (not build) must be on the machine or pullable; substitution is the way out offline. */
    private Optional<StackFailure> ensureRunImages(long t0) {
        DockerClient docker = Docker.client();
        for (Map.Entry<String, String> e : derived.pulledImages().entrySet()) {
            String image = e.getValue();
            try {
                docker.inspectImageCmd(image).exec();
                continue;
            } catch (NotFoundException missing) {
                // try to pull it, as compose would
            }
            CommandResult pull = ComposeTool.exec(List.of("docker", "pull", image), composeDir, Map.of(), remaining(t0));
            if (!pull.ok()) {
                return fail(e.getKey(), Step.IMAGES, "image " + image + " is not on this machine and cannot be pulled ("
                        + lastMeaningful(pull) + "). Offline? Run a local image instead: -D" + ImageSubstitution.PROPERTY
                        + "=" + image + "=<local image> (or " + ImageSubstitution.ENV + ")", List.of());
            }
        }
        return Optional.empty();
    }

    private Optional<StackFailure> upWithTestcontainers(long t0) {
        Duration left = remaining(t0);
        DockerClient docker = Docker.client();
        List<File> files = List.of(derivedFile.toFile());
        // Images were built just before (with their output kept for messages): up only starts.
        if (tool.version() == ComposeTool.Version.V2) {
            ComposeContainer c = new ComposeContainer(identifier, files)
                    .withPull(false).withBuild(false).withRemoveVolumes(true).withStartupTimeout(left);
            derived.services().forEach(s -> c.waitingFor(s, new ServiceReadiness(docker, s, isJob(s), left)));
            testcontainers = c;
        } else {
            @SuppressWarnings({"rawtypes", "resource"})
            DockerComposeContainer c = new DockerComposeContainer(identifier, files);
            c.withPull(false).withBuild(false).withRemoveVolumes(true).withStartupTimeout(left);
            derived.services().forEach(s -> c.waitingFor(s, new ServiceReadiness(docker, s, isJob(s), left)));
            testcontainers = c;
        }
        Throwable problem = runBounded(testcontainers::start, left.plusSeconds(10));
        ProjectContainers.discoverProject(docker, identifier, composeDir.toString())
                .ifPresent(p -> containers = new ProjectContainers(docker, p));
        if (problem == null) {
            return Optional.empty();
        }
        return Optional.of(diagnose(problem, Duration.ofNanos(System.nanoTime() - t0)));
    }

    /** Runs {@code action} on its own thread, at most {@code limit}; returns what it threw (a timeout included), or null. */
    private static Throwable runBounded(Runnable action, Duration limit) {
        FutureTask<Void> task = new FutureTask<>(action, null);
        Thread t = new Thread(task, "fullchain-compose-up");
        t.setDaemon(true);
        t.start();
        try {
            task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            task.cancel(true);
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Names the service that kept the stack from coming up, with its state and last log lines. */
    private StackFailure diagnose(Throwable problem, Duration after) {
        if (containers == null) {
            return new StackFailure("", Step.START, "`" + tool.displayName() + " up` created no container: "
                    + rootMessage(problem), List.of());
        }
        List<ServiceState> states = states().stream().filter(s -> !isReady(s)).toList();
        Optional<ServiceState> culprit = states.stream().filter(ServiceState::hopeless)
                .filter(s -> dependencies(s.service()).stream().noneMatch(d -> state(states, d).hopeless()))
                .findFirst()
                .or(() -> states.stream().filter(ServiceState::hopeless).findFirst())
                .or(() -> states.stream().filter(s -> !s.ready() && !"missing".equals(s.state())).findFirst())
                .or(() -> states.stream().filter(s -> !s.ready()).findFirst());
        if (culprit.isEmpty()) {
            return new StackFailure("", Step.START, "`" + tool.displayName() + " up` failed: " + rootMessage(problem), List.of());
        }
        ServiceState s = culprit.get();
        String problemText;
        if (s.hopeless()) {
            problemText = s.describe();
        } else if ("missing".equals(s.state())) {
            problemText = "was never created (" + rootMessage(problem) + ")";
        } else {
            problemText = "not ready after " + after.toSeconds() + " s: " + s.describe()
                    + (s.detail().isBlank() || s.describe().contains(s.detail()) ? "" : "; last health check said: " + s.detail());
        }
        return new StackFailure(s.service(), Step.READY, problemText, containers.logLines(s.service(), true, true, LOG_TAIL));
    }

    private static ServiceState state(List<ServiceState> states, String service) {
        return states.stream().filter(s -> s.service().equals(service)).findFirst().orElse(ServiceState.missing(service));
    }

    @SuppressWarnings("unchecked")
    private Set<String> dependencies(String service) {
        Object svc = ((Map<String, Object>) derived.model().get("services")).get(service);
        Object deps = svc instanceof Map<?, ?> m ? m.get("depends_on") : null;
        Set<String> out = new LinkedHashSet<>();
        if (deps instanceof Map<?, ?> dm) {
            dm.keySet().forEach(k -> out.add(String.valueOf(k)));
        } else if (deps instanceof List<?> dl) {
            dl.forEach(k -> out.add(String.valueOf(k)));
        }
        return out;
    }

    /** The container ports the checks call, published on loopback in the derived file. */
    private Map<String, Set<Integer>> reach() {
        Map<String, Set<Integer>> r = new LinkedHashMap<>();
        r.computeIfAbsent(layout.services().api(), k -> new LinkedHashSet<>()).add(layout.api().port());
        r.computeIfAbsent(layout.services().frontend(), k -> new LinkedHashSet<>()).add(layout.frontend().port());
        return r;
    }

    private Optional<StackFailure> fail(String service, Step step, String problem) {
        return fail(service, step, problem, List.of());
    }

    private Optional<StackFailure> fail(String service, Step step, String problem, List<String> tail) {
        return Optional.of(new StackFailure(service, step, problem, tail));
    }

    private Duration remaining(long t0) {
        return remaining(t0, timeout);
    }

    private static Duration remaining(long t0, Duration budget) {
        Duration left = budget.minus(Duration.ofNanos(System.nanoTime() - t0));
        return left.isNegative() ? Duration.ofSeconds(1) : left;
    }

    // ------------------------------------------------------------------ API for checks

    /** How starting went (D1.RUN.UP reports it). */
    public UpResult upResult() {
        return upResult;
    }

    /** The compose file checked, relative to the target root (e.g. app/compose.yaml). */
    public String composeFile() {
        return composeRel;
    }

    /** Where a service is declared in the learner's compose file (line 0 when not found), for findings. */
    public Location serviceLocation(String service) {
        return new Location(composeRel, serviceLine(service));
    }

    private int serviceLine(String service) {
        try {
            List<String> lines = composeRel == null ? List.of() : target.read(composeRel).lines();
            boolean inServices = false;
            Pattern key = Pattern.compile("^(\\s+)[\"']?" + Pattern.quote(service) + "[\"']?\\s*:\\s*(#.*)?$");
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.matches("^services\\s*:\\s*(#.*)?$")) {
                    inServices = true;
                } else if (inServices && l.matches("^\\S.*")) {
                    inServices = false;
                } else if (inServices) {
                    Matcher m = key.matcher(l);
                    if (m.matches()) {
                        return i + 1;
                    }
                }
            }
        } catch (RuntimeException e) {
            // no line then
        }
        return 0;
    }

    /**
     * Fails the calling check at once when the stack did not start (pointing at D1.RUN.UP) or a
     * previous check left it down; otherwise makes sure every service is ready again (another
     * check may have stopped or restarted one) before the check goes on.
     */
    public void requireUp() {
        if (upResult.failure().isPresent()) {
            throw new CheckFailure("the stack is not up (see D1.RUN.UP): " + upResult.failure().get().oneLine());
        }
        if (brokenBy != null) {
            throw new CheckFailure("the stack is not up any more: " + brokenBy.oneLine());
        }
        List<ServiceState> states = states();
        if (states.stream().allMatch(this::isReady)) {
            return;
        }
        if (states.stream().anyMatch(s -> !isReady(s) && !s.running() && !"restarting".equals(s.state()))) {
            CommandResult up = compose(AGAIN_TIMEOUT, "up", "-d");
            if (!up.ok()) {
                brokenBy = new StackFailure("", Step.RESTART, "`" + tool.displayName() + " up -d` failed: " + lastMeaningful(up), up.lastLines(LOG_TAIL));
                throw new CheckFailure("the stack is not up any more: " + brokenBy.oneLine());
            }
        }
        awaitAllReady("bringing the stack back", AGAIN_TIMEOUT);
    }

    /** Base URL of a service's container port as published on loopback, e.g. http://127.0.0.1:49153. Looked up afresh. */
    public String url(String service, int containerPort) {
        requireService(service);
        OptionalInt port = containers().hostPort(service, containerPort);
        if (port.isEmpty()) {
            throw new CheckFailure(serviceLocation(service) + ": container port " + containerPort + " of service " + service
                    + " is not reachable from the host (is it the port your app listens on? map it in fullchain.yaml)");
        }
        return "http://127.0.0.1:" + port.getAsInt();
    }

    /** State and health of a service right now. */
    public ServiceState serviceHealth(String service) {
        requireService(service);
        return containers().state(service);
    }

    /** Runs a command in the service's container. */
    public ExecResult exec(String service, String... command) {
        requireService(service);
        return containers().exec(service, command);
    }

    /** Every stdout line of the service's current container (stderr excluded). */
    public List<String> stdoutLogs(String service) {
        requireService(service);
        return containers().logLines(service, true, false, 0);
    }

    /** The last lines of stdout and stderr of the service, masked. */
    public String logs(String service) {
        requireService(service);
        return String.join("\n", containers().logLines(service, true, true, DIAGNOSTIC_LINES));
    }

    /** The processes of the service's container with their real uids (docker top). */
    public List<ProcessInfo> processes(String service) {
        requireService(service);
        return containers().processes(service);
    }

    /** Restarts services in the given order, each ready again before the next. */
    public void restart(String... services) {
        for (String s : services) {
            requireService(s);
            containers().restart(s);
            awaitReady(s, "restarting " + s, AGAIN_TIMEOUT);
        }
    }

    /** Stops one service (e.g. the database, to see readiness change). {@link #start} or {@link #requireUp} brings it back. */
    public void stop(String service) {
        requireService(service);
        containers().stop(service);
    }

    /** Starts a stopped service and waits until it is ready. */
    public void start(String service) {
        requireService(service);
        containers().start(service);
        awaitReady(service, "starting " + service, AGAIN_TIMEOUT);
    }

    /** {@code compose down} without {@code -v}: containers and network go, named volumes stay. */
    public void downKeepingVolumes() {
        CommandResult down = compose(AGAIN_TIMEOUT, "down");
        if (!down.ok()) {
            brokenBy = new StackFailure("", Step.RESTART, "`" + tool.displayName() + " down` failed: " + lastMeaningful(down), down.lastLines(LOG_TAIL));
            throw new CheckFailure(brokenBy.describe());
        }
    }

    /** {@code compose up -d} again (no build) and waits until every service is ready. */
    public void up() {
        CommandResult up = compose(AGAIN_TIMEOUT, "up", "-d");
        if (!up.ok()) {
            Optional<ServiceState> bad = states().stream().filter(s -> !isReady(s)).findFirst();
            brokenBy = new StackFailure(bad.map(ServiceState::service).orElse(""), Step.RESTART,
                    "`" + tool.displayName() + " up -d` failed: " + bad.map(ServiceState::describe).orElse(lastMeaningful(up)),
                    bad.map(b -> containers().logLines(b.service(), true, true, LOG_TAIL)).orElse(up.lastLines(LOG_TAIL)));
            throw new CheckFailure(brokenBy.describe());
        }
        awaitAllReady("`" + tool.displayName() + " up -d` after `down`", AGAIN_TIMEOUT);
    }

    /** Every service's state now, in the compose file's order. */
    public List<ServiceState> states() {
        List<ServiceState> out = new ArrayList<>();
        if (derived == null) {
            return out;
        }
        for (String s : derived.services()) {
            out.add(containers == null ? ServiceState.missing(s) : containers.state(s));
        }
        return out;
    }

    /** The services of the stack, in the compose file's order. */
    public List<String> services() {
        return derived == null ? List.of() : derived.services();
    }

    private void awaitAllReady(String after, Duration limit) {
        long t0 = System.nanoTime();
        for (String s : derived.services()) {
            Duration left = limit.minus(Duration.ofNanos(System.nanoTime() - t0));
            awaitReady(s, after, left.isNegative() ? Duration.ofSeconds(1) : left);
        }
    }

    private void awaitReady(String service, String after, Duration limit) {
        try {
            ServiceReadiness.await(service, isJob(service), () -> containers().state(service), limit);
        } catch (ServiceReadiness.NotReady e) {
            brokenBy = new StackFailure(service, Step.RESTART, "after " + after + ": " + e.getMessage(),
                    containers().logLines(service, true, true, LOG_TAIL));
            throw new CheckFailure(brokenBy.describe());
        }
    }

    /** Ready, or a job that completed (see {@link DerivedCompose#completingServices()}). */
    private boolean isReady(ServiceState s) {
        return s.ready() || isJob(s.service()) && s.completed();
    }

    private boolean isJob(String service) {
        return derived != null && derived.completingServices().contains(service);
    }

    private void requireService(String service) {
        requireStarted();
        if (!derived.services().contains(service)) {
            throw new CheckFailure(composeRel + " defines no service `" + service + "` (its services: "
                    + String.join(", ", derived.services()) + "); if yours has another name, map it in fullchain.yaml (services:)");
        }
    }

    private void requireStarted() {
        if (upResult != null && upResult.failure().isPresent()) {
            throw new CheckFailure("the stack is not up (see D1.RUN.UP): " + upResult.failure().get().oneLine());
        }
    }

    private ProjectContainers containers() {
        if (containers == null) {
            throw new CheckFailure("the stack has no containers (see D1.RUN.UP)");
        }
        return containers;
    }

    private CommandResult compose(Duration limit, String... args) {
        List<String> all = new ArrayList<>(List.of("-p", containers().project(), "-f", derivedFile.toString()));
        all.addAll(List.of(args));
        return tool.run(composeDir, Map.of(), limit, all);
    }

    // ------------------------------------------------------------------ diagnostics and cleanup

    @Override
    public Map<String, String> diagnostics() {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder b = new StringBuilder();
        b.append("compose file: ").append(composeRel).append(" (of ").append(target.root()).append(")\n");
        if (containers != null) {
            b.append("project: ").append(containers.project()).append('\n');
        }
        if (upResult != null) {
            b.append("started: ").append(upResult.up() ? "yes" : "no").append(" in ").append(upResult.took().toSeconds()).append(" s\n");
            upResult.failure().ifPresent(f -> b.append(f.describe()).append('\n'));
        }
        if (brokenBy != null) {
            b.append("later: ").append(brokenBy.describe()).append('\n');
        }
        b.append("\nSERVICE  STATE\n");
        try {
            for (ServiceState s : states()) {
                b.append(s.service()).append("  ").append(s.describe()).append('\n');
            }
        } catch (RuntimeException e) {
            b.append("(states unavailable: ").append(e.getMessage()).append(")\n");
        }
        if (!notes.isEmpty()) {
            b.append("\nwhat fullchain's copy changes:\n");
            notes.forEach(n -> b.append("  - ").append(n).append('\n'));
        }
        out.put("compose stack: services", b.toString());
        if (containers != null && derived != null) {
            for (String s : derived.services()) {
                try {
                    out.put("compose stack: logs of " + s, String.join("\n", containers.logLines(s, true, true, DIAGNOSTIC_LINES)));
                } catch (RuntimeException e) {
                    out.put("compose stack: logs of " + s, "(unavailable: " + e.getMessage() + ")");
                }
            }
        }
        return out;
    }

    /**
     * {@code down -v} (this test project's containers, network and volumes only), then, for a
     * throwaway target (a copy under the temp folder, e.g. a mutant), the images built for it;
     * a real target keeps its images so the next run reuses them. The copy is deleted.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean down = false;
        if (testcontainers != null) {
            down = runBounded(testcontainers::stop, AGAIN_TIMEOUT) == null;
        }
        if (!down && containers != null) {
            compose(AGAIN_TIMEOUT, "down", "-v", "--remove-orphans");
        }
        if (throwaway && derived != null) {
            for (String image : derived.builtImages().values()) {
                if (image.startsWith(identifier + "-")) {
                    ComposeTool.exec(List.of("docker", "rmi", "-f", image), Path.of(System.getProperty("java.io.tmpdir")), Map.of(), Duration.ofSeconds(30));
                }
            }
        }
        TargetCopy.delete(copy);
    }

    @Override
    public String toString() {
        return "compose stack of " + target.root();
    }

    // ------------------------------------------------------------------ helpers

    private static Duration configuredTimeout(String property, Duration dflt) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static boolean isUnderTempDir(Path root) {
        try {
            return root.toRealPath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lastMeaningful(CommandResult r) {
        List<String> lines = r.lastLines(3);
        return lines.isEmpty() ? "exit code " + r.exitCode() : String.join(" / ", lines);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        if (c instanceof TimeoutException) {
            return "no answer within the time budget";
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
