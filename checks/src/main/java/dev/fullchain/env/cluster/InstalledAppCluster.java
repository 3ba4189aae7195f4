package dev.fullchain.env.cluster;

import static dev.fullchain.check.Text.firstLine;

import com.marcnuri.helm.Release;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What both clusters share: the app release (installed by fullchain with the dev values,
 * or an existing one), diagnostics of its namespace, and cleanup of what fullchain
 * installed, and only that.
 */
abstract class InstalledAppCluster implements Cluster {

    protected final ClusterSettings settings;
    protected KubernetesClient client;
    protected HelmReleases helm;
    protected AppRelease app;
    private boolean namespaceCreated;

    InstalledAppCluster(ClusterSettings settings) {
        this.settings = settings;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public AppRelease app() {
        return app;
    }

    @Override
    public HelmReleases helm() {
        return helm;
    }

    @Override
    public Duration timeout() {
        return settings.timeout();
    }

    /**
     * A client for the cluster in {@code kubeconfigYaml}. No retries on 5xx answers: every check
     * polls within its own bounded wait, and a retried 503 from the service proxy would hide
     * the answer behind a long back-off.
     */
    static KubernetesClient clientFor(String kubeconfigYaml) {
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfigYaml);
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        config.setRequestRetryBackoffLimit(0);
        // So the API server's audit log (and a learner reading it) can tell fullchain's requests apart.
        config.setUserAgent("fullchain/" + java.util.Objects.requireNonNullElse(InstalledAppCluster.class.getPackage().getImplementationVersion(), "dev"));
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * The values fullchain installs with, as {@code helmfile -e dev apply} would: every values file
     * the helmfile's release of the chart lists for dev, in order; without such a release,
     * values-dev.yaml when there is one, else values.yaml.
     */
    static ValuesFile installValues(HelmCharts charts, HelmChart chart) {
        Optional<HelmfileRelease> declared = helmfileRelease(charts, chart);
        if (declared.isPresent()) {
            String own = chart.path(HelmChart.VALUES_YAML);
            List<String> layers = declared.get().valuesFilesFor(devEnvironment(charts)).stream()
                    .filter(f -> !f.equals(own) && !HelmfileRelease.isOutside(charts.target(), f) && charts.target().exists(f))
                    .toList();
            if (!layers.isEmpty()) {
                return new ValuesFile("dev", layers.get(layers.size() - 1), layers);
            }
        }
        return chart.values("dev").or(() -> chart.values(ValuesFile.DEFAULT))
                .orElse(new ValuesFile(ValuesFile.DEFAULT, chart.dir() + "/" + HelmChart.VALUES_YAML));
    }

    /**
     * What the helmfile's release of the chart gives dev that the install leaves out: its
     * inline value maps, its set: entries, a templated (.gotmpl) values file.
     */
    static List<String> notApplied(HelmCharts charts, HelmChart chart) {
        Optional<HelmfileRelease> declared = helmfileRelease(charts, chart);
        if (declared.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        long inline = declared.get().valuesFor(devEnvironment(charts)).stream().filter(Map.class::isInstance).count();
        if (inline > 0) {
            out.add(inline + " inline value map" + (inline == 1 ? "" : "s"));
        }
        if (declared.get().raw().get("set") != null || declared.get().raw().get("setString") != null) {
            out.add("its set: values");
        }
        declared.get().valuesFilesFor(devEnvironment(charts)).stream().filter(f -> f.endsWith(".gotmpl"))
                .forEach(f -> out.add("the templated values file " + f));
        return out;
    }

    /** The helmfile's name for the dev environment ("dev", "development"), "dev" when it has none. */
    private static String devEnvironment(HelmCharts charts) {
        try {
            return charts.helmfile().flatMap(h -> h.environments().stream().map(dev.fullchain.model.helm.HelmfileEnvironment::name)
                    .filter(n -> dev.fullchain.model.helm.ValuesFiles.canonical(n).equals("dev")).findFirst()).orElse("dev");
        } catch (RuntimeException unreadable) {
            return "dev";
        }
    }

    /** The helmfile's release of this chart, for its name and dev namespace. */
    static Optional<HelmfileRelease> helmfileRelease(HelmCharts helm, HelmChart chart) {
        try {
            return helm.helmfile().flatMap(h -> h.releases().stream()
                    .filter(r -> r.chartDir().map(chart.dir()::equals).orElse(false)).findFirst());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Installs the chart (or adopts the existing release); a failed install is recorded for D3.RUN.INSTALL, not thrown. */
    protected void installApp(Target target, String defaultNamespace, Map<String, Object> sets) {
        HelmCharts charts = HelmCharts.load(target);
        HelmChart chart = charts.chart();
        ValuesFile values = installValues(charts, chart);
        Optional<HelmfileRelease> declared = helmfileRelease(charts, chart);
        if (!settings.installs()) {
            String ns = settings.namespace().orElse(client.getNamespace() == null ? "default" : client.getNamespace());
            app = new AppRelease(settings.release().orElseThrow(), ns, chart, values, false, Optional.empty());
            return;
        }
        String name = declared.map(HelmfileRelease::name).orElse("fullchain");
        String namespace = settings.namespace().orElse(defaultNamespace);
        namespaceCreated = client.namespaces().withName(namespace).get() == null;
        Optional<String> failure = Optional.empty();
        HelmReleases.Inputs inputs = null;
        try {
            // Rendered first, where Helm runs bounded: a template that runs away must not hang the install.
            chart.render(values);
            // Helm reads the chart's files itself: it installs the jailed copy, and a values file only once the jail has let it through
            List<Path> files = new java.util.ArrayList<>();
            for (String layer : values.isDefault() ? List.<String>of() : values.layers()) {
                files.add(target.jailed(target.resolve(layer), dev.fullchain.target.Location.of(layer)));
            }
            inputs = new HelmReleases.Inputs(chart.installableCopy(), files, sets);
        } catch (BadInput e) {
            failure = Optional.of(e.getMessage());
            System.out.println("[fullchain] not installed: " + firstLine(failure.get()));
            app = new AppRelease(name, namespace, chart, values, true, failure);
            return;
        }
        long t0 = System.nanoTime();
        List<String> notApplied = notApplied(charts, chart);
        System.out.println("[fullchain] installing " + chart.dir() + " as " + name + " in namespace " + namespace + " on "
                + describe() + (settings.helmWait() ? " (--wait, at most " + settings.timeout().toSeconds() + " s)" : "")
                + (notApplied.isEmpty() ? "" : "; not applied from the helmfile's release: " + String.join(", ", notApplied)));
        try {
            Release r = helm.install(name, namespace, inputs);
            System.out.println("[fullchain] installed " + name + " revision " + r.getRevision() + " ("
                    + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s)");
        } catch (RuntimeException e) {
            failure = Optional.of(firstLine(e.getMessage()));
            System.out.println("[fullchain] install failed: " + failure.get());
        }
        app = new AppRelease(name, namespace, chart, values, true, failure, notApplied);
    }


    @Override
    public Map<String, String> diagnostics() {
        if (client == null || app == null) {
            return Map.of();
        }
        return ClusterDiagnostics.of(client, app.namespace());
    }

    /** Uninstalls the release fullchain installed and deletes the namespace it created; nothing else. */
    protected void removeApp() {
        if (app == null || !app.installedByFullchain() || helm == null) {
            return;
        }
        try {
            helm.uninstall(app.name(), app.namespace());
        } catch (RuntimeException e) {
            System.out.println("[fullchain] could not uninstall " + app.name() + ": " + firstLine(e.getMessage()));
        }
        if (namespaceCreated) {
            try {
                client.namespaces().withName(app.namespace()).delete();
            } catch (RuntimeException e) {
                System.out.println("[fullchain] could not delete namespace " + app.namespace() + ": " + firstLine(e.getMessage()));
            }
        }
    }
}
