package dev.fullchain.env.cluster;

import static dev.fullchain.check.Text.firstLine;

import dev.fullchain.target.Target;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The learner's own cluster (kind, minikube, AKS) from a kubeconfig: {@code -Dcluster=kubeconfig}.
 * fullchain installs the chart into a namespace of its own (fullchain-check-xxxxxx unless
 * -Dcluster.namespace says otherwise) and removes it at the end, or, with -Drelease=NAME,
 * checks that existing release without changing it. The images the chart names must be
 * pullable by that cluster (pushed to a registry, or loaded with kind load / minikube image load).
 */
public final class KubeconfigCluster extends InstalledAppCluster {

    private String description;

    private KubeconfigCluster(ClusterSettings settings) {
        super(settings);
    }

    public static KubeconfigCluster start(Target target, ClusterSettings settings) {
        KubeconfigCluster c = new KubeconfigCluster(settings);
        Path file = settings.requireKubeconfig();
        String yaml = kubeconfigFor(file, settings);
        c.client = clientFor(yaml);
        Config config = c.client.getConfiguration();
        c.description = "kubeconfig " + file + (config.getCurrentContext() == null ? "" : " context " + config.getCurrentContext().getName())
                + " (" + config.getMasterUrl() + ")";
        try {
            c.client.getKubernetesVersion();
        } catch (RuntimeException e) {
            c.client.close();
            throw new ClusterUnavailable("the API server of " + c.description + " does not answer ("
                    + firstLine(e.getMessage()) + "): start the cluster, or check the context with kubectl cluster-info");
        }
        c.helm = new HelmReleases(yaml, settings);
        c.installApp(target, "fullchain-check-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)), Map.of());
        return c;
    }

    /** The kubeconfig's text, with current-context set to -Dcluster.context when given (Helm uses the current context). */
    static String kubeconfigFor(Path file, ClusterSettings settings) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ClusterUnavailable("cannot read " + file + ": " + e.getMessage());
        }
        if (settings.context().isEmpty()) {
            return text;
        }
        Object parsed;
        try {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new ClusterUnavailable(file + " is not a kubeconfig (" + firstLine(e.getMessage()) + ")");
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new ClusterUnavailable(file + " is not a kubeconfig (not a YAML mapping)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) map;
        boolean known = config.get("contexts") instanceof java.util.List<?> contexts && contexts.stream()
                .anyMatch(x -> x instanceof Map<?, ?> m && settings.context().get().equals(m.get("name")));
        if (!known) {
            throw new ClusterUnavailable("-Dcluster.context=" + settings.context().get() + " is not a context of " + file
                    + " (kubectl config get-contexts lists them)");
        }
        config.put("current-context", settings.context().get());
        return new Yaml().dump(config);
    }

    @Override
    public String imageForUpgrade(String image) {
        String tag = settings.upgradeTag().orElseThrow(() -> new ClusterUnavailable("the upgrade check needs a second tag of the api"
                + " image that " + description + " can pull: pass -Dcluster.upgradeTag=TAG"));
        return Images.withTag(image, tag);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        removeApp();
        if (client != null) {
            client.close();
        }
    }
}
