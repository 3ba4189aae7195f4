package dev.fullchain.model.helm;

import com.marcnuri.helm.LintResult;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One child JVM running Helm ({@link HelmWorkerMain}), reused for every render and lint of a
 * run. A call that goes past its time is stopped by killing the process (Go code cannot be
 * interrupted from Java); the next call starts a new one. Callers serialize calls.
 */
final class HelmWorker {

    /** Starting the JVM and unpacking Helm's library: generous, since a busy machine is slow at it, and not a chart's fault. */
    private static final Duration START = Duration.ofSeconds(120);

    private Process process;
    private DataOutputStream requests;
    private Path work;
    private long next;

    HelmWorker() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "fullchain-helm-worker-stop"));
    }

    /** Starts the process if none runs, and waits until Helm's library is loaded. */
    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        stop();
        work = Files.createTempDirectory("fullchain-helm");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-Xss8m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                HelmWorkerMain.class.getName(), work.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        process = pb.start();
        requests = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        try {
            await("ready", START).close();
        } catch (TimedOut e) {
            stop();
            throw new IOException("Helm's worker did not start within " + START.toSeconds() + " s");
        }
    }

    /** {@code helm template}: the manifest, or IllegalStateException with Helm's message, or HelmLimitExceeded. */
    synchronized String template(Path chartDir, List<Path> valuesFiles, Map<String, Object> sets, String release,
            Duration limit, long maxOutput) throws IOException, TimedOut {
        try (DataInputStream answer = call(HelmWire.TEMPLATE, chartDir, valuesFiles, sets, release, limit, maxOutput)) {
            byte status = answer.readByte();
            String text = HelmWire.read(answer);
            return switch (status) {
                case HelmWire.OK -> text;
                case HelmWire.HELM_ERROR -> throw new IllegalStateException(text);
                case HelmWire.OUTPUT_LIMIT -> throw new OutputTooLarge(text);
                default -> throw new IOException("Helm's worker failed: " + text);
            };
        }
    }

    /** {@code helm lint} of a chart directory. */
    synchronized LintResult lint(Path chartDir, Duration limit) throws IOException, TimedOut {
        try (DataInputStream answer = call(HelmWire.LINT, chartDir, List.of(), Map.of(), "", limit, Long.MAX_VALUE)) {
            byte status = answer.readByte();
            if (status != HelmWire.OK) {
                String text = HelmWire.read(answer);
                if (status == HelmWire.HELM_ERROR) {
                    throw new IllegalStateException(text);
                }
                throw status == HelmWire.OUTPUT_LIMIT ? new OutputTooLarge(text) : new IOException("Helm's worker failed: " + text);
            }
            boolean failed = answer.readBoolean();
            List<String> messages = new ArrayList<>();
            for (int n = answer.readInt(); n > 0; n--) {
                messages.add(HelmWire.read(answer));
            }
            return new LintResult(messages, failed);
        }
    }

    private DataInputStream call(String op, Path chartDir, List<Path> valuesFiles, Map<String, Object> sets, String release,
            Duration limit, long maxOutput) throws IOException, TimedOut {
        start();
        String id = "r" + (++next);
        HelmWire.write(requests, id);
        HelmWire.write(requests, op);
        HelmWire.write(requests, chartDir.toString());
        requests.writeInt(valuesFiles.size());
        for (Path v : valuesFiles) {
            HelmWire.write(requests, v.toString());
        }
        requests.writeInt(sets.size());
        for (Map.Entry<String, Object> s : sets.entrySet()) {
            HelmWire.write(requests, s.getKey());
            HelmWire.write(requests, String.valueOf(s.getValue()));
        }
        HelmWire.write(requests, release);
        requests.writeLong(maxOutput);
        requests.flush();
        try {
            return await(id, limit);
        } catch (TimedOut e) {
            stop(); // the only way to stop a Go template mid-run
            throw e;
        }
    }

    /** Waits for the answer file {@code id}, polling; the process ending first is a fault, its time running out a TimedOut. */
    private DataInputStream await(String id, Duration limit) throws IOException, TimedOut {
        Path answer = work.resolve(id);
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = 1;
        while (!Files.exists(answer)) {
            if (!process.isAlive()) {
                int exit = process.exitValue();
                stop();
                throw new IOException("Helm's worker stopped (exit " + exit + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new TimedOut();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IOException("interrupted while Helm was running", e);
            }
            pause = Math.min(20, pause * 2);
        }
        byte[] bytes = Files.readAllBytes(answer);
        Files.delete(answer);
        InputStream in = new BufferedInputStream(new java.io.ByteArrayInputStream(bytes));
        return new DataInputStream(in);
    }

    /** Kills the process and removes its folder; the next call starts afresh. */
    synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a temporary folder: the system cleans it
            }
            work = null;
        }
    }

    /** The call went past its time; the worker was stopped. */
    static final class TimedOut extends Exception {
        TimedOut() {
            super(null, null, false, false);
        }
    }

    /** Helm printed more than the limit; the render is refused. */
    static final class OutputTooLarge extends IOException {
        OutputTooLarge(String size) {
            super(size);
        }
    }
}
