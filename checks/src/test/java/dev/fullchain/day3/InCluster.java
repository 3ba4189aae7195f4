package dev.fullchain.day3;

import dev.fullchain.check.Findings;
import dev.fullchain.env.cluster.AppRelease;
import dev.fullchain.env.cluster.Cluster;
import dev.fullchain.env.cluster.ClusterDiagnostics;
import dev.fullchain.model.helm.AppWorkloads;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.probe.cluster.Rollouts;
import dev.fullchain.probe.cluster.ServiceProxy;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The app release in the cluster as the Day 3 cluster checks see it: its rendered objects
 * (to name templates in messages), its rollouts, and its Services reached through the API
 * server's proxy.
 */
public final class InCluster {

    public final Cluster cluster;
    public final AppRelease app;
    private RenderedChart rendered;
    public final Rollouts rollouts;
    public final ServiceProxy proxy;
    public final Layout layout;

    public InCluster(Cluster cluster, Layout layout) {
        this.cluster = cluster;
        this.app = cluster.app();
        this.rollouts = new Rollouts(cluster.client(), app.namespace(), app.name());
        this.proxy = new ServiceProxy(cluster.client(), app.namespace());
        this.layout = layout;
    }

    /** The chart as the release was rendered: rendered on first use, after the install's own verdict. */
    public RenderedChart rendered() {
        if (rendered == null) {
            rendered = app.chart().renderAs(app.values(), app.name());
        }
        return rendered;
    }

    /** How often to look again while waiting: a thirtieth of the timeout, between 0.1 and 2 s. */
    public Duration poll() {
        long ms = Math.max(100, Math.min(2000, cluster.timeout().toMillis() / 30));
        return Duration.ofMillis(ms);
    }

    /** False, with a finding, when the release is not there to check. */
    public boolean installed(Findings findings) {
        if (!app.installed()) {
            findings.add(app.chart().location(), "helm install of " + app.describe() + " failed: " + app.installFailure().get(),
                    "the chart installed (see D3.RUN.INSTALL)");
            return false;
        }
        return true;
    }

    /** Waits, within the cluster's timeout, until every Deployment and StatefulSet of the release is rolled out. */
    public boolean waitRolledOut() {
        return Rollouts.waitFor(cluster.timeout(), poll(), () -> {
            List<Rollouts.Status> s = rollouts.statuses();
            return !s.isEmpty() && s.stream().allMatch(Rollouts.Status::done);
        });
    }

    public Location templateOf(Optional<Workload> w) {
        return w.map(x -> Location.of(x.template())).orElse(app.chart().location());
    }

    public Optional<Workload> api() {
        return AppWorkloads.api(rendered(), layout);
    }

    public Optional<Workload> frontend() {
        return AppWorkloads.frontend(rendered(), layout);
    }

    public Optional<Workload> database() {
        return AppWorkloads.database(rendered(), layout);
    }

    /** The Service (name and first port) whose selector matches a workload's pods. */
    public Optional<Map.Entry<String, Integer>> serviceOf(Optional<Workload> w) {
        if (w.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> pods = w.get().podLabels();
        return rendered().ofType(Service.class).stream()
                .filter(s -> s.getSpec() != null && s.getSpec().getSelector() != null && !s.getSpec().getSelector().isEmpty()
                        && !"None".equals(s.getSpec().getClusterIP())
                        && s.getSpec().getSelector().entrySet().stream().allMatch(e -> e.getValue().equals(pods.get(e.getKey()))))
                .filter(s -> s.getSpec().getPorts() != null && !s.getSpec().getPorts().isEmpty())
                .findFirst()
                .map(s -> Map.entry(s.getMetadata().getName(), portOf(s.getSpec().getPorts().get(0))));
    }

    private static int portOf(ServicePort p) {
        return p.getPort() == null ? 80 : p.getPort();
    }

    /** "pod line" for each pod of a workload, for messages. */
    public String podsOf(Optional<Workload> w) {
        if (w.isEmpty()) {
            return "";
        }
        Map<String, String> selector = Map.of("app.kubernetes.io/instance", app.name());
        List<Pod> pods = cluster.client().pods().inNamespace(app.namespace()).withLabels(selector).list().getItems().stream()
                .filter(p -> w.get().podLabels().entrySet().stream()
                        .allMatch(e -> e.getValue().equals(Optional.ofNullable(p.getMetadata().getLabels()).orElse(Map.of()).get(e.getKey()))))
                .toList();
        return pods.isEmpty() ? "no pods" : String.join("; ", pods.stream().map(ClusterDiagnostics::podLine).toList());
    }
}
