package dev.fullchain.selftest.cluster;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loki 3's query API as it answers (see api-samples): streams with the labels the collector
 * set plus those Loki adds itself (service_name, detected_level), timestamps in nanoseconds
 * as strings, a LogQL it cannot parse as a plain-text 400, and 429 "too many outstanding
 * requests" when told to be busy. It holds only the lines a collector pushed to it.
 * LogQL read here: a stream selector of = and =~ matchers, then |= line filters.
 */
final class FakeLoki {

    private static final Pattern QUERY = Pattern.compile("^\\{([^}]*)}((?:\\s*\\|=\\s*\"[^\"]*\")*)\\s*$");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|=)\\s*\"([^\"]*)\"\\s*(,|$)");
    private static final Pattern FILTER = Pattern.compile("\\|=\\s*\"([^\"]*)\"");

    private record Line(String tenant, Map<String, String> labels, long nanos, String text) {
    }

    /** The tenant of every line when Loki runs without auth_enabled. */
    static final String SINGLE_TENANT = "fake";

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final boolean busy;
    private final boolean multiTenant;

    /** {@code multiTenant}: Loki's auth_enabled; every push and query then needs a tenant (X-Scope-OrgID). */
    FakeLoki(boolean busy, boolean multiTenant) {
        this.busy = busy;
        this.multiTenant = multiTenant;
    }

    boolean multiTenant() {
        return multiTenant;
    }

    /**
     * A line the collector pushed as {@code tenant} (null: none), with the labels its
     * configuration gave; refused, as Loki answers 401 "no org id", when a tenant is needed.
     */
    void push(String tenant, Map<String, String> labels, String text) {
        if (multiTenant && (tenant == null || tenant.isBlank())) {
            return;
        }
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.putIfAbsent("service_name", labels.getOrDefault("app", labels.getOrDefault("container", "unknown_service")));
        all.put("detected_level", text.contains("\"level\": \"ERROR\"") || text.contains("\"level\":\"ERROR\"") ? "error" : "info");
        long nanos = System.currentTimeMillis() * 1_000_000L + System.nanoTime() % 1_000_000L;
        lines.add(new Line(multiTenant ? tenant : SINGLE_TENANT, all, nanos, text));
    }

    MockResponse serve(String path, String query, String orgId) {
        if (path.equals("/ready")) {
            return plain(200, "ready\n");
        }
        if (!path.equals("/loki/api/v1/query_range")) {
            return plain(404, "404 page not found\n");
        }
        if (busy) {
            return plain(429, "too many outstanding requests\n");
        }
        if (multiTenant && (orgId == null || orgId.isBlank())) {
            return plain(401, "no org id\n");
        }
        String tenant = multiTenant ? orgId : SINGLE_TENANT;
        String logql = param(query, "query");
        Matcher q = QUERY.matcher(logql == null ? "" : logql.strip());
        if (!q.matches()) {
            return plain(400, "parse error at line 1, col " + ((logql == null ? 0 : logql.length()) + 1)
                    + ": syntax error: unexpected $end, expecting } or ,\n");
        }
        List<String[]> matchers = new ArrayList<>();
        Matcher m = MATCHER.matcher(q.group(1));
        int end = 0;
        while (m.find() && m.start() == end) {
            matchers.add(new String[] {m.group(1), m.group(2), m.group(3)});
            end = m.end();
        }
        if (matchers.isEmpty() || end != q.group(1).length()) {
            return plain(400, "parse error at line 1, col 2: syntax error: unexpected IDENTIFIER\n");
        }
        List<String> filters = new ArrayList<>();
        Matcher f = FILTER.matcher(q.group(2));
        while (f.find()) {
            filters.add(f.group(1));
        }
        long start = number(param(query, "start"), 0);
        long stop = number(param(query, "end"), Long.MAX_VALUE);
        int limit = (int) number(param(query, "limit"), 100);
        Map<Map<String, String>, List<List<String>>> streams = new LinkedHashMap<>();
        List<Line> newestFirst = new ArrayList<>(lines);
        java.util.Collections.reverse(newestFirst);
        int n = 0;
        for (Line l : newestFirst) {
            if (n >= limit || !l.tenant().equals(tenant) || l.nanos() < start || l.nanos() > stop || !selected(l.labels(), matchers)
                    || !filters.stream().allMatch(l.text()::contains)) {
                continue;
            }
            streams.computeIfAbsent(l.labels(), k -> new ArrayList<>()).add(List.of(String.valueOf(l.nanos()), l.text()));
            n++;
        }
        List<Map<String, Object>> result = new ArrayList<>();
        streams.forEach((labels, values) -> result.add(Map.of("stream", labels, "values", values)));
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(Map.of("status", "success", "data", Map.of("resultType", "streams", "result", result,
                        "stats", Map.of()))));
    }

    private static boolean selected(Map<String, String> labels, List<String[]> matchers) {
        for (String[] m : matchers) {
            String v = labels.getOrDefault(m[0], "");
            if (m[1].equals("=") ? !v.equals(m[2]) : !v.matches(m[2])) {
                return false;
            }
        }
        return true;
    }

    private static String param(String query, String name) {
        for (String kv : query == null ? new String[0] : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static long number(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static MockResponse plain(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "text/plain; charset=utf-8").setBody(body);
    }
}
