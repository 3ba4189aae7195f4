package dev.fullchain.model.helm;

import com.marcnuri.helm.LintCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.VersionCommand;
import com.marcnuri.helm.jni.HelmLib;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@link HelmWorker}: Helm's native library, which cannot be interrupted
 * once a template runs, lives here so that a render past its time can be stopped by ending
 * the process. Requests come on stdin; each answer is written to a file of the work folder
 * and renamed into place (Helm's Go code may itself print on stdout, so stdout carries
 * nothing). Ends when stdin closes: the parent is gone.
 */
public final class HelmWorkerMain {

    private HelmWorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args[0]);
        HelmLib helm = HelmNative.load();
        new VersionCommand(helm).call(); // the library loaded and answering before saying ready
        answer(work, "ready", out -> out.writeByte(HelmWire.OK));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        while (true) {
            String id;
            try {
                id = HelmWire.read(in);
            } catch (EOFException parentGone) {
                System.exit(0);
                return;
            }
            String op = HelmWire.read(in);
            Path chart = Path.of(HelmWire.read(in));
            List<Path> values = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                values.add(Path.of(HelmWire.read(in)));
            }
            List<String[]> sets = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                sets.add(new String[] {HelmWire.read(in), HelmWire.read(in)});
            }
            String release = HelmWire.read(in);
            long maxOutput = in.readLong();
            answer(work, id, out -> run(helm, out, op, chart, values, sets, release, maxOutput));
        }
    }

    private static void run(HelmLib helm, DataOutputStream out, String op, Path chart, List<Path> values, List<String[]> sets,
            String release, long maxOutput) throws IOException {
        try {
            if (HelmWire.TEMPLATE.equals(op)) {
                TemplateCommand command = new TemplateCommand(helm, chart).withName(release)
                        .withNamespace(HelmEngine.NAMESPACE).withKubeVersion(HelmEngine.KUBE_VERSION);
                for (Path v : values) {
                    command = command.withValuesFile(v);
                }
                for (String[] s : sets) {
                    command = command.set(s[0], s[1]);
                }
                String manifest = command.call();
                if (manifest.length() > maxOutput) {
                    out.writeByte(HelmWire.OUTPUT_LIMIT);
                    HelmWire.write(out, String.valueOf(manifest.length()));
                    return;
                }
                out.writeByte(HelmWire.OK);
                HelmWire.write(out, manifest);
            } else {
                LintResult lint = new LintCommand(helm, chart).call();
                out.writeByte(HelmWire.OK);
                out.writeBoolean(lint.isFailed());
                out.writeInt(lint.getMessages().size());
                for (String m : lint.getMessages()) {
                    HelmWire.write(out, m);
                }
            }
        } catch (IllegalStateException helmSaid) {
            out.writeByte(HelmWire.HELM_ERROR);
            HelmWire.write(out, String.valueOf(helmSaid.getMessage()));
        } catch (OutOfMemoryError tooBig) {
            out.writeByte(HelmWire.OUTPUT_LIMIT);
            HelmWire.write(out, "more than the worker's memory");
        } catch (RuntimeException | LinkageError e) {
            out.writeByte(HelmWire.FAULT);
            HelmWire.write(out, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** Writes an answer beside its final name, then renames it: the parent never sees half an answer. */
    private static void answer(Path work, String id, Body body) throws IOException {
        Path part = work.resolve(id + ".part");
        try (OutputStream file = Files.newOutputStream(part);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            body.write(out);
        }
        Files.move(part, work.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    }
}
