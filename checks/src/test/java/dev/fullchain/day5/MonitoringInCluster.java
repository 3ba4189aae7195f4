package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.day3.InCluster;
import dev.fullchain.env.cluster.Cluster;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.cluster.MonitoringKinds;
import dev.fullchain.probe.cluster.Rollouts;
import dev.fullchain.probe.cluster.ServiceProxy;
import dev.fullchain.probe.cluster.StackInCluster;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The app release and the observability stack in the cluster, as the Day 5 cluster checks
 * see them: the release's own ServiceMonitors and PrometheusRules as installed, the stack's
 * Services found by their labels, and HTTP to each through the API server's service proxy.
 */
final class MonitoringInCluster {

    final InCluster app;
    final Cluster cluster;
    final Layout layout;
    /** One deadline per check: every wait of a check shares the cluster's timeout, so waits never add up. */
    private final long deadline;
    private boolean apiAnswered;

    MonitoringInCluster(Cluster cluster, Layout layout) {
        this.app = new InCluster(cluster, layout);
        this.cluster = cluster;
        this.layout = layout;
        this.deadline = System.nanoTime() + cluster.timeout().toNanos();
    }

    String namespace() {
        return app.app.namespace();
    }

    /**
     * The release's objects of a monitoring kind, as the cluster holds them: each one the chart
     * renders, in the namespace it renders it to (the stack's, or the release's own).
     */
    List<GenericKubernetesResource> releaseObjects(ResourceDefinitionContext kind) {
        List<GenericKubernetesResource> out = new java.util.ArrayList<>();
        for (RenderedObject o : app.rendered().objects()) {
            if (!o.kind().equals(kind.getKind())) {
                continue;
            }
            String ns = renderedNamespace(o);
            GenericKubernetesResource live = cluster.client().genericKubernetesResources(kind).inNamespace(ns)
                    .withName(o.object().getMetadata().getName()).get();
            if (live != null) {
                out.add(live);
            }
        }
        return out;
    }

    /**
     * The release's objects of a kind the checks need, or a failure saying none is there; when
     * fullchain installed the release without some of the helmfile's values (which may be the
     * ones that turn monitoring on), "cannot tell" instead.
     */
    List<GenericKubernetesResource> required(ResourceDefinitionContext kind, String what) {
        List<GenericKubernetesResource> found = releaseObjects(kind);
        if (found.isEmpty()) {
            noneInstalled(kind.getKind(), what);
        }
        return found;
    }

    /** Throws: no such object for the release, or cannot tell when the install left some of the helmfile's values out. */
    void noneInstalled(String kind, String what) {
        String found = "no " + kind + " in namespace " + namespace() + " for " + installedWith();
        if (!app.app.notApplied().isEmpty()) {
            Findings tell = new Findings();
            tell.cannotTell(app.app.chart().location(), found + "; fullchain installed it without "
                    + String.join(", ", app.app.notApplied()) + " of the helmfile's release, which may be what turns it on",
                    "those values in a values file the release lists (fullchain installs with the helmfile's values files)");
            tell.assertNone();
        }
        throw Findings.fail(app.app.chart().location(), found, what);
    }

    /** The namespace an object of the render lands in: its own, else the release's (a render's "default" is the release's). */
    String renderedNamespace(RenderedObject o) {
        String own = o.object().getMetadata().getNamespace();
        return own == null || own.isBlank() || own.equals(AppRenders.RENDER_NAMESPACE) ? namespace() : own;
    }

    /** Where the chart renders an object of that kind and name, for messages; the chart itself when it renders none. */
    Location templateOf(String kind, String name) {
        return app.rendered().find(kind, name).map(RenderedObject::location).orElse(app.app.chart().location());
    }

    /** "(values: monitoring/fullchain-app.yaml, values-dev.yaml)": what the release is installed with. */
    String installedWith() {
        return app.app.describe();
    }

    /** A component of the stack, or a failure saying where fullchain looked. */
    StackInCluster.Found require(StackInCluster.Component component) {
        StackInCluster.Lookup lookup = StackInCluster.find(cluster.client(), component, layout.monitoring());
        return lookup.found().orElseThrow(() -> Findings.fail(Location.of(Layout.FILE), lookup.looked(),
                component.title() + " of the stack, installed by the helmfile (helmfile -e dev apply)"));
    }

    /** GET a path of a Service found, through the service proxy. */
    Function<String, Http.Response> through(StackInCluster.Found service, Map<String, String> headers) {
        ServiceProxy proxy = new ServiceProxy(cluster.client(), service.namespace());
        return path -> proxy.get(service.name(), service.port(), path, headers);
    }

    /** Waits until {@code done}, within what is left of the check's deadline (at least one look); false when time ran out. */
    boolean waitFor(Supplier<Boolean> done) {
        return Rollouts.waitFor(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), app.poll(), done);
    }

    /** What a poll saw last, and whether it saw what it waited for. */
    record Polled<T>(T last, boolean done) {
    }

    /** Reads until {@code done} holds of what was read, within the check's deadline; the last reading either way. */
    <T> Polled<T> poll(Supplier<T> read, java.util.function.Predicate<T> done) {
        java.util.concurrent.atomic.AtomicReference<T> last = new java.util.concurrent.atomic.AtomicReference<>();
        boolean ok = waitFor(() -> {
            T v = read.get();
            last.set(v);
            return done.test(v);
        });
        return new Polled<>(last.get(), ok);
    }

    /** "after 300 s": the check's whole wait, for messages. */
    String waited() {
        return "within " + cluster.timeout().toSeconds() + " s";
    }

    /** The api's Service (name and port) as the chart renders it, or a failure. */
    Map.Entry<String, Integer> apiService() {
        Optional<Map.Entry<String, Integer>> api = app.serviceOf(app.api());
        return api.orElseThrow(() -> Findings.fail(app.templateOf(app.api()), "no Service selects the api pods",
                "a Service for the api"));
    }

    /**
     * One request to the api's items, through its Service, with headers. Until the api has
     * answered once, retried while the proxy has no endpoint yet; after that, one attempt.
     */
    Http.Response callApi(Map<String, String> headers) {
        Map.Entry<String, Integer> api = apiService();
        Http.Response[] last = new Http.Response[1];
        java.util.function.Supplier<Boolean> call = () -> {
            last[0] = app.proxy.get(api.getKey(), api.getValue(), layout.api().items(), headers);
            return last[0].is2xx() || (last[0].answered() && last[0].status() != 502 && last[0].status() != 503);
        };
        if (apiAnswered) {
            call.get();
        } else {
            apiAnswered = waitFor(call);
        }
        return last[0];
    }

    /**
     * Where a stack's release is written, for messages about it: its values file (the first the
     * helmfile gives it in dev), else its release in the helmfile, else fullchain.yaml.
     */
    Location stackRelease(dev.fullchain.target.Target target, String chart) {
        try {
            var helmfile = dev.fullchain.model.helm.HelmCharts.load(target).helmfile();
            if (helmfile.isPresent()) {
                Optional<dev.fullchain.model.helm.HelmfileRelease> r = helmfile.get().releases().stream()
                        .filter(x -> x.chart() != null && (x.chart().equals(chart) || x.chart().endsWith("/" + chart))).findFirst();
                if (r.isPresent()) {
                    return r.get().valuesFilesFor("dev").stream().findFirst().map(Location::of).orElse(r.get().location());
                }
                return Location.of(helmfile.get().path());
            }
        } catch (RuntimeException unreadable) {
            // the helmfile is D3's and D5.OBS.STACK's to judge; the message points at the mapping file instead
        }
        return Location.of(Layout.FILE);
    }

    /** A duration as Prometheus writes it ("30s", "1m"), in seconds; {@code dflt} when absent or not read here. */
    static long seconds(Object duration, long dflt) {
        if (duration == null) {
            return dflt;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(String.valueOf(duration).strip());
        if (!m.matches()) {
            return dflt;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Math.max(1, n / 1000);
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n;
        };
    }
}
