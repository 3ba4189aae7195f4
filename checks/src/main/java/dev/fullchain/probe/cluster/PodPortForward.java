package dev.fullchain.probe.cluster;

import dev.fullchain.probe.Http;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * HTTP to a pod behind a Service through a port-forward made with fabric8 (the Kubernetes
 * API's portforward subresource), on 127.0.0.1 only, closed with this object. Used where the
 * service proxy cannot go: the API server drops the Authorization header of a proxied request
 * once it has authenticated the caller, so a login meant for the Service (Grafana's) never
 * reaches it that way.
 */
public final class PodPortForward implements AutoCloseable {

    private final LocalPortForward forward;
    private final String describe;
    private final java.net.http.HttpClient http = Http.newClient();

    private PodPortForward(LocalPortForward forward, String describe) {
        this.forward = forward;
        this.describe = describe;
    }

    /** A forward to a ready pod the Service selects, on the container port its {@code servicePort} targets; empty with why when none. */
    public static Optional<PodPortForward> toService(KubernetesClient client, String namespace, String service, int servicePort,
                                                     StringBuilder why) {
        Service svc = client.services().inNamespace(namespace).withName(service).get();
        if (svc == null || svc.getSpec() == null || svc.getSpec().getSelector() == null || svc.getSpec().getSelector().isEmpty()) {
            why.append("Service ").append(namespace).append('/').append(service).append(" selects no pods");
            return Optional.empty();
        }
        Optional<ServicePort> port = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
                .filter(p -> p.getPort() != null && p.getPort() == servicePort).findFirst();
        IntOrString target = port.map(p -> p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort())
                .orElse(new IntOrString(servicePort));
        for (Pod p : client.pods().inNamespace(namespace).withLabels(svc.getSpec().getSelector()).list().getItems()) {
            if (!ready(p)) {
                continue;
            }
            Optional<Integer> containerPort = containerPort(p, target);
            if (containerPort.isPresent()) {
                LocalPortForward f = client.pods().inNamespace(namespace).withName(p.getMetadata().getName())
                        .portForward(containerPort.get(), InetAddress.getLoopbackAddress(), 0);
                return Optional.of(new PodPortForward(f, "a port-forward to pod " + namespace + "/" + p.getMetadata().getName()
                        + ":" + containerPort.get()));
            }
        }
        why.append("no ready pod of Service ").append(namespace).append('/').append(service).append(" serves its port ").append(servicePort);
        return Optional.empty();
    }

    private static Optional<Integer> containerPort(Pod p, IntOrString target) {
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        for (Container c : p.getSpec().getContainers()) {
            for (ContainerPort cp : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                if (target.getStrVal().equals(cp.getName())) {
                    return Optional.of(cp.getContainerPort());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * GET a path through the forward, with headers of its own. A request the forward loses (its
     * stream opened as the connection did, and a port-forward drops what comes before it is
     * open) gets no answer: it is sent once more, on a new connection, within the same 10 s.
     */
    public Function<String, Http.Response> through(Map<String, String> headers) {
        java.time.Duration half = Http.REQUEST_TIMEOUT.dividedBy(2);
        return path -> {
            String url = "http://127.0.0.1:" + forward.getLocalPort() + path;
            Http.Response first = Http.get(http, url, headers, half);
            return first.answered() ? first : Http.get(Http.newClient(), url, headers, half);
        };
    }

    public String describe() {
        return describe;
    }

    @Override
    public void close() {
        try {
            forward.close();
        } catch (IOException e) {
            // the local socket is gone with the run
        }
    }
}
