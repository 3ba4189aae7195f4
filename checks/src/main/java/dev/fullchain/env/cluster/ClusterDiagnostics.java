package dev.fullchain.env.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a learner would look at with kubectl when a cluster check fails: pods, events, logs of one namespace. */
public final class ClusterDiagnostics {

    private static final int LOG_LINES = 80;

    private ClusterDiagnostics() {
    }

    public static Map<String, String> of(KubernetesClient client, String namespace) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
            out.put("pods in " + namespace, pods.isEmpty() ? "(no pods)" : String.join("\n", pods.stream().map(ClusterDiagnostics::podLine).toList()));
            List<Event> events = client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .sorted(Comparator.comparing(e -> Optional.ofNullable(e.getLastTimestamp()).orElse(""))).toList();
            out.put("events in " + namespace, events.isEmpty() ? "(no events)" : String.join("\n", events.stream()
                    .map(e -> e.getType() + " " + e.getReason() + " " + e.getInvolvedObject().getKind() + "/"
                            + e.getInvolvedObject().getName() + ": " + e.getMessage()).toList()));
            for (Pod p : pods) {
                for (var c : Optional.ofNullable(p.getSpec().getContainers()).orElse(List.of())) {
                    out.put("logs " + p.getMetadata().getName() + "/" + c.getName(), log(client, namespace, p.getMetadata().getName(), c.getName()));
                }
            }
        } catch (RuntimeException e) {
            out.put("cluster diagnostics", "unavailable: " + e.getMessage());
        }
        return out;
    }

    /**
     * The container's last lines, as {@code kubectl logs --tail} prints them, or the API
     * server's answer when it has none (a container waiting to start). A plain GET: fabric8's
     * getLog() first waits for the pod to be ready, which a failing pod never is.
     */
    static String log(KubernetesClient client, String namespace, String pod, String container) {
        String url = client.getMasterUrl().toString().replaceFirst("/?$", "/") + "api/v1/namespaces/" + namespace + "/pods/" + pod
                + "/log?container=" + container + "&tailLines=" + LOG_LINES;
        try {
            var r = client.getHttpClient().sendAsync(client.getHttpClient().newHttpRequestBuilder().uri(url).build(), String.class)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            String body = r.body() == null ? "" : r.body();
            if (r.code() != 200) {
                return "(unavailable: HTTP " + r.code() + " " + dev.fullchain.check.Text.firstLine(body) + ")";
            }
            return body.isBlank() ? "(empty)" : body;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "(unavailable: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unavailable: interrupted)";
        }
    }

    /** "api-7d9f-abc  Running  ready 0/1  restarts 4  api: CrashLoopBackOff (back-off 5m0s restarting failed container)". */
    public static String podLine(Pod p) {
        StringBuilder b = new StringBuilder(p.getMetadata().getName());
        var status = p.getStatus();
        if (status == null) {
            return b.append("  (no status)").toString();
        }
        List<ContainerStatus> cs = Optional.ofNullable(status.getContainerStatuses()).orElse(List.of());
        long ready = cs.stream().filter(c -> Boolean.TRUE.equals(c.getReady())).count();
        int restarts = cs.stream().mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
        b.append("  ").append(status.getPhase()).append("  ready ").append(ready).append('/').append(cs.size())
                .append("  restarts ").append(restarts);
        for (ContainerStatus c : cs) {
            if (c.getState() != null && c.getState().getWaiting() != null) {
                b.append("  ").append(c.getName()).append(": ").append(c.getState().getWaiting().getReason());
                if (c.getState().getWaiting().getMessage() != null) {
                    b.append(" (").append(c.getState().getWaiting().getMessage()).append(')');
                }
            } else if (c.getState() != null && c.getState().getTerminated() != null) {
                b.append("  ").append(c.getName()).append(": terminated ").append(c.getState().getTerminated().getReason());
            }
        }
        return b.toString();
    }
}
