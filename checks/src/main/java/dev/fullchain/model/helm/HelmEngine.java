package dev.fullchain.model.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;

/**
 * Helm itself, in-process (helm-java's native library: no helm binary, no cluster).
 * Calls are serialized: the native library is loaded once, on first use (about a second),
 * and a render then takes milliseconds.
 */
final class HelmEngine {

    /** The Kubernetes version charts are rendered for ({@code .Capabilities.KubeVersion}, kubeVersion: in Chart.yaml). */
    static final String KUBE_VERSION = "v1.33.0";
    static final String RELEASE_NAME = "fullchain";
    static final String NAMESPACE = "default";

    private static final Object LOCK = new Object();

    private HelmEngine() {
    }

    /** The manifest {@code helm template} prints. Throws IllegalStateException with Helm's message. */
    static String template(Path chartDir, Path valuesFile) {
        return template(chartDir, valuesFile, java.util.Map.of());
    }

    /** As {@link #template(Path, Path)}, with {@code --set key=value} overrides applied last. */
    static String template(Path chartDir, Path valuesFile, java.util.Map<String, Object> sets) {
        return template(chartDir, valuesFile, sets, RELEASE_NAME);
    }

    /** As {@link #template(Path, Path, java.util.Map)}, as a release of another name ({{ .Release.Name }}). */
    static String template(Path chartDir, Path valuesFile, java.util.Map<String, Object> sets, String releaseName) {
        synchronized (LOCK) {
            TemplateCommand command = new Helm(chartDir).template()
                    .withName(releaseName)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION);
            if (valuesFile != null) {
                command = command.withValuesFile(valuesFile);
            }
            for (java.util.Map.Entry<String, Object> set : sets.entrySet()) {
                command = command.set(set.getKey(), set.getValue());
            }
            return command.call();
        }
    }

    static LintResult lint(Path chartDir) {
        synchronized (LOCK) {
            return new Helm(chartDir).lint().call();
        }
    }
}
