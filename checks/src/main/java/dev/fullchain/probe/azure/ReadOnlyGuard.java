package dev.fullchain.probe.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The last line of the read-only promise: a pipeline policy on every Azure client fullchain
 * builds that lets only GET requests out (any other method fails before it is sent), and
 * keeps a log of what was asked and answered, attached to a failed check's report.
 */
public final class ReadOnlyGuard implements HttpPipelinePolicy {

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        try {
            refuseWrites(context);
        } catch (IllegalStateException e) {
            return Mono.error(e);
        }
        return next.process().doOnNext(r -> record(context, r.getStatusCode()));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        refuseWrites(context);
        HttpResponse r = next.processSync();
        record(context, r.getStatusCode());
        return r;
    }

    /** "GET https://… → 200", one line per request sent, in order. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    private void refuseWrites(HttpPipelineCallContext context) {
        HttpMethod method = context.getHttpRequest().getHttpMethod();
        if (method != HttpMethod.GET) {
            log.add(method + " " + withoutQuery(context) + " → refused (fullchain is read-only)");
            throw new IllegalStateException("fullchain is read-only: refused to send " + method + " " + withoutQuery(context));
        }
    }

    private void record(HttpPipelineCallContext context, int status) {
        log.add("GET " + withoutQuery(context) + " → " + status);
    }

    private static String withoutQuery(HttpPipelineCallContext context) {
        String url = context.getHttpRequest().getUrl().toString();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
