package dev.fullchain.probe.cluster;

import dev.fullchain.target.Layout;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The observability stack's Services in a cluster, found the way the charts label them (or as
 * fullchain.yaml's monitoring: key names them), in any namespace. A component not found says
 * where fullchain looked, so the message can say it.
 */
public final class StackInCluster {

    /** One component: its standard labels (tried in order), the port names it serves its API on, its usual port. */
    public enum Component {
        PROMETHEUS("Prometheus", List.of(Map.of("operated-prometheus", "true"), Map.of("app.kubernetes.io/name", "prometheus"),
                Map.of("app", "kube-prometheus-stack-prometheus")), List.of("web", "http-web"), 9090),
        ALERTMANAGER("Alertmanager", List.of(Map.of("operated-alertmanager", "true"), Map.of("app.kubernetes.io/name", "alertmanager")),
                List.of("web", "http-web"), 9093),
        LOKI("Loki", List.of(Map.of("app.kubernetes.io/name", "loki")), List.of("http-metrics", "http"), 3100),
        GRAFANA("Grafana", List.of(Map.of("app.kubernetes.io/name", "grafana")), List.of("http-web", "service", "http"), 80),
        TRACES("Tempo or Jaeger", List.of(Map.of("app.kubernetes.io/name", "tempo"), Map.of("app.kubernetes.io/name", "jaeger"),
                Map.of("app.kubernetes.io/name", "jaeger-query")), List.of("tempo-prom-metrics", "http-query", "query"), 3200);

        final String title;
        final List<Map<String, String>> labels;
        final List<String> portNames;
        final int usualPort;

        Component(String title, List<Map<String, String>> labels, List<String> portNames, int usualPort) {
            this.title = title;
            this.labels = labels;
            this.portNames = portNames;
            this.usualPort = usualPort;
        }

        public String title() {
            return title;
        }

        Optional<Layout.ServiceRef> mapped(Layout.Monitoring m) {
            return switch (this) {
                case PROMETHEUS -> m.prometheus();
                case ALERTMANAGER -> m.alertmanager();
                case LOKI -> m.loki();
                case GRAFANA -> m.grafana();
                case TRACES -> Optional.empty();
            };
        }

        String key() {
            return "monitoring." + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A Service found: where, on which port, and how fullchain found it (for messages). */
    public record Found(String namespace, String name, int port, String how) {
        public String describe() {
            return "Service " + namespace + "/" + name + ":" + port;
        }
    }

    /** A component, found or not; {@code looked} says where fullchain looked. */
    public record Lookup(Component component, Optional<Found> found, String looked) {
    }

    private StackInCluster() {
    }

    public static Lookup find(KubernetesClient client, Component c, Layout.Monitoring mapped) {
        Optional<Layout.ServiceRef> ref = c.mapped(mapped);
        if (ref.isPresent()) {
            Service s = client.services().inNamespace(ref.get().namespace()).withName(ref.get().name()).get();
            String looked = c.key() + " in fullchain.yaml names " + ref.get() + ", which the cluster does not have";
            return new Lookup(c, Optional.ofNullable(s).map(svc -> new Found(ref.get().namespace(), ref.get().name(),
                    ref.get().port().orElseGet(() -> port(svc, c)), "as " + c.key() + " in fullchain.yaml names it")), looked);
        }
        for (Map<String, String> labels : c.labels) {
            List<Service> services = client.services().inAnyNamespace().withLabels(labels).list().getItems().stream()
                    .filter(s -> s.getSpec() != null && (c != Component.LOKI || servesQueries(s)))
                    .sorted(java.util.Comparator.comparingInt(s -> c == Component.LOKI && isGateway(s) ? 1 : 0))
                    .toList();
            if (!services.isEmpty()) {
                Service s = services.get(0);
                return new Lookup(c, Optional.of(new Found(s.getMetadata().getNamespace(), s.getMetadata().getName(), port(s, c),
                        "labelled " + show(labels))), "");
            }
        }
        String tried = String.join(", ", c.labels.stream().map(StackInCluster::show).toList());
        return new Lookup(c, Optional.empty(), "no " + c.title + " Service in any namespace (looked for Services labelled " + tried
                + "; " + (c == Component.TRACES ? "none deployed" : "or name it in fullchain.yaml as " + c.key() + ": namespace/service:port") + ")");
    }

    /**
     * Loki's chart labels all its Services alike: the one to query is the single binary's (or
     * the read path's), else the gateway; never the headless, memberlist, canary or cache ones.
     * (prometheus-operated is headless, and the service proxy reaches it all the same.)
     */
    private static boolean servesQueries(Service s) {
        String name = s.getMetadata().getName();
        return !"None".equals(s.getSpec().getClusterIP()) && !name.endsWith("-headless") && !name.endsWith("-memberlist")
                && !name.contains("canary") && !name.contains("cache") && !name.endsWith("-write") && !name.endsWith("-backend");
    }

    private static boolean isGateway(Service s) {
        return s.getMetadata().getName().endsWith("-gateway")
                || "gateway".equals(Optional.ofNullable(s.getMetadata().getLabels()).map(l -> l.get("app.kubernetes.io/component")).orElse(""));
    }

    private static int port(Service s, Component c) {
        List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
        for (String name : c.portNames) {
            for (ServicePort p : ports) {
                if (name.equals(p.getName())) {
                    return p.getPort();
                }
            }
        }
        return ports.stream().filter(p -> p.getPort() != null && p.getPort() == c.usualPort).findFirst()
                .or(() -> ports.stream().findFirst()).map(ServicePort::getPort).orElse(c.usualPort);
    }

    private static String show(Map<String, String> labels) {
        return String.join(",", new java.util.TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
