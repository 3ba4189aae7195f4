package dev.fullchain.model.observability;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The in-cluster Services the stack's charts create, named as their templates name them, so
 * that a URL written in values (a Grafana data source, a push endpoint) can be resolved
 * without a cluster. kube-prometheus-stack cuts its full name at 26 characters (its
 * components add up to 37 more); Loki at 63. Both take the release name alone when it
 * already contains the chart's name, and honour fullnameOverride, nameOverride and
 * namespaceOverride.
 */
public final class StackServices {

    /** A Service: name, namespace and port; {@code what} says which object of which release, for messages. */
    public record Service(String name, String namespace, int port, String what) {

        /** http://name.namespace.svc.cluster.local:port */
        public String url() {
            return "http://" + name + "." + namespace + ".svc.cluster.local" + (port == 80 ? "" : ":" + port);
        }
    }

    private StackServices() {
    }

    /** The Helm convention for a chart's full name, cut at {@code max} characters. */
    static String fullname(String release, String chart, ReleaseValues v, int max) {
        Optional<String> override = v.text("fullnameOverride").filter(s -> !s.isBlank());
        String name = override.orElseGet(() -> {
            String n = v.text("nameOverride").filter(s -> !s.isBlank()).orElse(chart);
            return release.contains(n) ? release : release + "-" + n;
        });
        String cut = name.length() > max ? name.substring(0, max) : name;
        return cut.endsWith("-") ? cut.substring(0, cut.length() - 1) : cut;
    }

    /** The namespace a release's objects go to: namespaceOverride, else the release's ("default" when the helmfile sets none). */
    public static String namespace(ReleaseValues v, Optional<String> releaseNamespace) {
        return v.text("namespaceOverride").filter(s -> !s.isBlank()).orElse(releaseNamespace.orElse("default"));
    }

    /** kube-prometheus-stack's full name ("kube-prometheus-stack", "metrics-kube-prometheus-st"). */
    public static String kubePrometheusStackFullname(String release, ReleaseValues v) {
        return fullname(release, "kube-prometheus-stack", v, 26);
    }

    /** The Services that answer Prometheus' HTTP API: the chart's, and prometheus-operated, which the operator makes. */
    public static List<Service> prometheus(String release, ReleaseValues v, Optional<String> releaseNamespace) {
        String ns = namespace(v, releaseNamespace);
        int port = v.integer("prometheus.service.port").orElse(9090);
        return List.of(new Service(kubePrometheusStackFullname(release, v) + "-prometheus", ns, port,
                        "the Prometheus Service of release " + release),
                new Service("prometheus-operated", ns, 9090, "the Service Prometheus Operator makes for its Prometheus"));
    }

    /** Grafana's namespace in kube-prometheus-stack: grafana.namespaceOverride, else the release's. */
    public static String grafanaNamespace(ReleaseValues v, Optional<String> releaseNamespace) {
        return v.text("grafana.namespaceOverride").filter(s -> !s.isBlank()).orElse(namespace(v, releaseNamespace));
    }

    /** Loki's Services in single-binary mode: the read/write Service on the HTTP port, and the gateway on 80 unless turned off. */
    public static List<Service> loki(String release, ReleaseValues v, Optional<String> releaseNamespace) {
        String ns = namespace(v, releaseNamespace);
        String fullname = fullname(release, "loki", v, 63);
        List<Service> out = new ArrayList<>();
        out.add(new Service(fullname, ns, v.integer("loki.server.http_listen_port").orElse(3100), "Loki's Service of release " + release));
        if (v.text("gateway.enabled").filter("false"::equals).isEmpty()) {
            out.add(new Service(fullname + "-gateway", ns, v.integer("gateway.service.port").orElse(80),
                    "Loki's gateway Service of release " + release));
        }
        return out;
    }

    /**
     * The Service a URL names, among {@code services}, as cluster DNS resolves it from a pod in
     * {@code from}: name (same namespace), name.namespace, name.namespace.svc or
     * name.namespace.svc.cluster.local, at the URL's port (80 or 443 when it gives none).
     */
    public static Optional<Service> resolve(String url, String from, List<Service> services) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (u.getHost() == null) {
            return Optional.empty();
        }
        String host = u.getHost().toLowerCase(java.util.Locale.ROOT);
        int port = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        for (Service s : services) {
            List<String> names = new ArrayList<>(List.of(s.name() + "." + s.namespace(), s.name() + "." + s.namespace() + ".svc",
                    s.name() + "." + s.namespace() + ".svc.cluster.local"));
            if (s.namespace().equals(from)) {
                names.add(s.name());
            }
            if (names.contains(host) && port == s.port()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
