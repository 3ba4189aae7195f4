package dev.fullchain.env.cluster;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import com.marcnuri.helm.UpgradeCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Helm against a cluster, in-process (helm-java: no helm binary). Each revision fullchain
 * makes is remembered with its inputs, so a rollback can re-apply them: helm-java has no
 * {@code rollback}, and re-applying a revision's chart and values is what {@code helm
 * rollback} does when the chart is unchanged, which it is within a run.
 */
public final class HelmReleases {

    /** What produced one revision: the chart, its values files in order ({@code -f a -f b}), and --set values. */
    public record Inputs(Path chartDir, List<Path> valuesFiles, Map<String, Object> sets) {
        public Inputs {
            valuesFiles = List.copyOf(valuesFiles);
        }
    }

    private static final Object LOCK = new Object();

    private final String kubeconfig;
    private final ClusterSettings settings;
    private final Map<Integer, Inputs> revisions = new LinkedHashMap<>();

    public HelmReleases(String kubeconfigYaml, ClusterSettings settings) {
        this.kubeconfig = kubeconfigYaml;
        this.settings = settings;
    }

    private int timeoutSeconds() {
        return (int) Math.max(30, settings.timeout().toSeconds());
    }

    /** {@code helm install --create-namespace [--wait --timeout]}; throws IllegalStateException with Helm's message. */
    public Release install(String name, String namespace, Inputs inputs) {
        synchronized (LOCK) {
            InstallCommand c = new Helm(inputs.chartDir()).install().withName(name).withNamespace(namespace).createNamespace()
                    .withKubeConfigContents(kubeconfig).withTimeout(timeoutSeconds());
            for (Path values : inputs.valuesFiles()) {
                c = c.withValuesFile(values);
            }
            for (Map.Entry<String, Object> s : inputs.sets().entrySet()) {
                c = c.set(s.getKey(), s.getValue());
            }
            if (settings.helmWait()) {
                c = c.waitReady();
            }
            if (!settings.validate()) {
                c = c.disableOpenApiValidation();
            }
            Release r = c.call();
            remember(r, inputs);
            return r;
        }
    }

    /** {@code helm upgrade [--wait]} with the given inputs. */
    public Release upgrade(String name, String namespace, Inputs inputs) {
        synchronized (LOCK) {
            UpgradeCommand c = new Helm(inputs.chartDir()).upgrade().withName(name).withNamespace(namespace)
                    .withKubeConfigContents(kubeconfig).withTimeout(timeoutSeconds());
            for (Path values : inputs.valuesFiles()) {
                c = c.withValuesFile(values);
            }
            for (Map.Entry<String, Object> s : inputs.sets().entrySet()) {
                c = c.set(s.getKey(), s.getValue());
            }
            if (settings.helmWait()) {
                c = c.waitReady();
            }
            if (!settings.validate()) {
                c = c.disableOpenApiValidation();
            }
            if (settings.helmForce()) {
                c = c.force();
            }
            Release r = c.call();
            remember(r, inputs);
            return r;
        }
    }

    /** Re-applies the inputs of an earlier revision fullchain made, as a new revision. */
    public Release rollback(String name, String namespace, int revision) {
        Inputs earlier = revisions.get(revision);
        if (earlier == null) {
            throw new IllegalStateException("revision " + revision + " of " + name + " was not made by fullchain; it cannot re-apply it");
        }
        return upgrade(name, namespace, earlier);
    }

    public List<ReleaseHistory> history(String name, String namespace) {
        synchronized (LOCK) {
            return new ArrayList<>(Helm.history(name).withNamespace(namespace).withKubeConfigContents(kubeconfig).call());
        }
    }

    public void uninstall(String name, String namespace) {
        synchronized (LOCK) {
            Helm.uninstall(name).withNamespace(namespace).withKubeConfigContents(kubeconfig).ignoreNotFound().call();
        }
    }

    public Inputs inputsOf(int revision) {
        return revisions.get(revision);
    }

    private void remember(Release r, Inputs inputs) {
        try {
            revisions.put(Integer.parseInt(r.getRevision().strip()), inputs);
        } catch (RuntimeException unknown) {
            revisions.put(revisions.size() + 1, inputs);
        }
    }
}
