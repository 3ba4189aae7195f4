package dev.fullchain.model.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Helm itself, in-process (helm-java's native library: no helm binary, no cluster).
 * Calls are serialized. Loading the native library takes most of a second (it is unpacked
 * from its jar first): {@link #warmUp()} starts it in the background, so a run that will
 * render charts can overlap it with other work.
 */
final class HelmEngine {

    /** The Kubernetes version charts are rendered for ({@code .Capabilities.KubeVersion}, kubeVersion: in Chart.yaml). */
    static final String KUBE_VERSION = "v1.33.0";
    static final String RELEASE_NAME = "fullchain";
    static final String NAMESPACE = "default";

    private static final Object LOCK = new Object();
    private static volatile CompletableFuture<Void> warmUp;

    private HelmEngine() {
    }

    /** Loads the native library in the background (once); renders wait for it. */
    static CompletableFuture<Void> warmUp() {
        CompletableFuture<Void> w = warmUp;
        if (w == null) {
            synchronized (HelmEngine.class) {
                if (warmUp == null) {
                    warmUp = CompletableFuture.runAsync(HelmEngine::loadLibrary, HelmEngine::daemon);
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

    /** Any call loads the library; a version call is the cheapest one. */
    private static void loadLibrary() {
        try {
            synchronized (LOCK) {
                Helm.version().call();
            }
        } catch (RuntimeException | LinkageError e) {
            // the first real call reports it, with its own context
        }
    }

    /**
     * The manifest {@code helm template} prints for a chart directory and values files (in
     * order, over the chart's values.yaml), with {@code --set} overrides applied last.
     * Throws IllegalStateException with Helm's message.
     */
    static String template(Path chartDir, List<Path> valuesFiles, Map<String, Object> sets, String releaseName) {
        warmUp().join();
        synchronized (LOCK) {
            TemplateCommand command = new Helm(chartDir).template()
                    .withName(releaseName)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION);
            for (Path values : valuesFiles) {
                command = command.withValuesFile(values);
            }
            for (Map.Entry<String, Object> set : sets.entrySet()) {
                command = command.set(set.getKey(), set.getValue());
            }
            return command.call();
        }
    }

    static LintResult lint(Path chartDir) {
        warmUp().join();
        synchronized (LOCK) {
            return new Helm(chartDir).lint().call();
        }
    }

}
