package dev.fullchain.probe.cluster;

import dev.fullchain.probe.Http;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP to a Service inside the cluster through the API server's service proxy
 * ({@code /api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH}): the Kubernetes API only,
 * with the client's credentials, no port published on the host. The answer is the
 * Service's own (or the API server's 502/503 when no ready pod backs it).
 */
public final class ServiceProxy {

    private final KubernetesClient client;
    private final String namespace;

    public ServiceProxy(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String url(String service, int port, String path) {
        String master = client.getMasterUrl().toString();
        return (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + namespace + "/services/"
                + service + ":" + port + "/proxy" + (path.startsWith("/") ? path : "/" + path);
    }

    public Http.Response get(String service, int port, String path) {
        return get(service, port, path, Map.of());
    }

    /** A GET with headers of its own (a request id, a tenant, credentials: never part of the response or a message). */
    public Http.Response get(String service, int port, String path, Map<String, String> headers) {
        String url = url(service, port, path);
        var b = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", "application/json, text/html;q=0.9, */*;q=0.8");
        headers.forEach(b::header);
        return send("GET", url, b.build());
    }

    public Http.Response postJson(String service, int port, String path, String json) {
        String url = url(service, port, path);
        return send("POST", url, client.getHttpClient().newHttpRequestBuilder().uri(url)
                .header("Accept", "application/json").post("application/json", json).build());
    }

    private Http.Response send(String method, String url, HttpRequest request) {
        long t0 = System.nanoTime();
        HttpClient http = client.getHttpClient();
        try {
            HttpResponse<String> r = http.sendAsync(request, String.class)
                    .get(Http.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, List<String>> headers = new TreeMap<>();
            r.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            return new Http.Response(method, url, r.code(), headers, r.body() == null ? "" : r.body(),
                    Duration.ofNanos(System.nanoTime() - t0), "");
        } catch (TimeoutException e) {
            return noAnswer(method, url, t0, "no answer within " + Http.REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return noAnswer(method, url, t0, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return noAnswer(method, url, t0, "interrupted");
        }
    }

    private static Http.Response noAnswer(String method, String url, long t0, String why) {
        return new Http.Response(method, url, 0, Map.of(), "", Duration.ofNanos(System.nanoTime() - t0), why);
    }
}
