package dev.fullchain.selftest.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What goes wrong in the fake cluster, as a kubelet or a storage provisioner would show it.
 * Roles are the app's tiers as the fake tells them from a container's image: "api",
 * "frontend", "db" (see {@link FakeKubelet#role}). From a cluster mutant's {@code cluster:} map:
 * <pre>
 * crash-looping: [frontend]     # the container keeps exiting: CrashLoopBackOff
 * never-ready: [api]            # running, but its readiness probe never passes
 * claims-pending: true          # no StorageClass provisions volume claims: they stay Pending
 * unpullable-tags: ["1.0.1"]    # images with these tags cannot be pulled: ImagePullBackOff
 * no-monitoring-crds: true      # Prometheus Operator's CRDs (monitoring.coreos.com) are not installed
 * api-metrics-down: true        # the api's metrics port refuses connections (Prometheus' scrape fails)
 * api-uncounted: true           # the api serves requests but counts none in its metrics
 * loki-busy: true               # Loki answers every query 429 "too many outstanding requests"
 * alloy-not-ready: true         # Alloy's DaemonSet never becomes ready
 * promtail: true                # the collector is a Promtail DaemonSet, not Alloy
 * api-logs-no-request-id: true  # the api's log lines leave out the X-Request-ID it was sent
 * grafana-login-changed: true   # Grafana's admin password is no longer the one in its Secret
 * </pre>
 */
record ClusterFaults(Set<String> crashLooping, Set<String> neverReady, boolean claimsPending, Set<String> unpullableTags,
                     boolean noMonitoringCrds, boolean apiMetricsDown, boolean apiUncounted, boolean lokiBusy, boolean alloyNotReady,
                     boolean promtail, boolean apiLogsNoRequestId, boolean grafanaLoginChanged) {

    static final ClusterFaults NONE = new ClusterFaults(Set.of(), Set.of(), false, Set.of(), false, false, false, false, false,
            false, false, false);

    private static final Set<String> KEYS = Set.of("crash-looping", "never-ready", "claims-pending", "unpullable-tags",
            "no-monitoring-crds", "api-metrics-down", "api-uncounted", "loki-busy", "alloy-not-ready", "promtail", "api-logs-no-request-id",
            "grafana-login-changed");

    static ClusterFaults from(Map<String, Object> m) {
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown cluster fault " + key + " (known: " + new TreeSet<>(KEYS) + ")");
            }
        }
        return new ClusterFaults(strings(m.get("crash-looping")), strings(m.get("never-ready")),
                Boolean.TRUE.equals(m.get("claims-pending")), strings(m.get("unpullable-tags")),
                Boolean.TRUE.equals(m.get("no-monitoring-crds")), Boolean.TRUE.equals(m.get("api-metrics-down")),
                Boolean.TRUE.equals(m.get("api-uncounted")), Boolean.TRUE.equals(m.get("loki-busy")),
                Boolean.TRUE.equals(m.get("alloy-not-ready")), Boolean.TRUE.equals(m.get("promtail")),
                Boolean.TRUE.equals(m.get("api-logs-no-request-id")), Boolean.TRUE.equals(m.get("grafana-login-changed")));
    }

    private static Set<String> strings(Object o) {
        Set<String> out = new TreeSet<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (o != null) {
            out.add(String.valueOf(o));
        }
        return Set.copyOf(out);
    }
}
