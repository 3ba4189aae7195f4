package dev.fullchain.day1;

import static dev.fullchain.check.Text.firstLine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.env.ComposeStack;
import dev.fullchain.env.compose.ExecResult;
import dev.fullchain.env.compose.ProcessInfo;
import dev.fullchain.env.compose.StackFailure;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.JsonLines;
import dev.fullchain.probe.PrometheusText;
import dev.fullchain.probe.PrometheusText.Family;
import dev.fullchain.probe.PrometheusText.Metrics;
import dev.fullchain.probe.PrometheusText.Sample;
import dev.fullchain.probe.RouteTemplate;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Day 1, docker tier: the compose stack built and started from a copy of the target, then
 * used the way a user and an operator would. Every check starts with {@code requireUp()} and
 * looks ports up afresh, so none depends on another; the order only puts the disruptive ones
 * (stopping the database, down/up) last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Day1RuntimeChecks {

    /** How long something eventually consistent (a reconnect, a log flush) may take. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Pattern ROUTE_LABEL = Pattern.compile("route|handler|path|endpoint");
    private static final Pattern STATUS_LABEL = Pattern.compile("status|code|status_code");
    private static final Pattern APP_ROOT = Pattern.compile("id\\s*=\\s*[\"']root[\"']|<script\\b", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LOG_LINES_SHOWN = 5;

    // ================================================================== up

    @Criterion("D1.RUN.UP")
    @Order(1)
    void composeUpBringsEveryServiceToHealthyWithinABoundedTime(ComposeStack stack) {
        Optional<StackFailure> failure = stack.upResult().failure();
        if (failure.isPresent()) {
            StackFailure f = failure.get();
            Location where = f.service().isEmpty() ? Location.of(stack.composeFile()) : stack.serviceLocation(f.service());
            throw Findings.fail(where, f.describe(),
                    "every service healthy (or running, when it has no healthcheck) after `compose up`, within the time limit");
        }
    }

    // ================================================================== health

    @Criterion("D1.RUN.HEALTH")
    @Order(7)
    void theApiAnswersItsHealthEndpointWithJsonAndReadinessFollowsTheDatabase(ComposeStack stack, Target target) {
        stack.requireUp();
        Layout.Api contract = target.layout().api();
        String api = target.layout().services().api();
        String db = target.layout().services().db();
        Location where = stack.serviceLocation(api);
        Findings findings = new Findings();

        Http.Response health = Http.get(stack.url(api, contract.port()) + contract.health());
        expectHealthy(health, where, findings, "");

        Http.Response ready = eventually(() -> Http.get(stack.url(api, contract.port()) + contract.ready()),
                r -> r.status() == 200, EVENTUALLY);
        if (ready.status() != 200) {
            findings.add(where, describe(ready) + " while the database is up and healthy",
                    "200 from the readiness endpoint " + contract.ready() + " when the database answers");
            findings.assertNone();
        }

        // Readiness must say so when the database goes away, and recover when it is back.
        stack.stop(db);
        try {
            Http.Response down = eventually(() -> Http.get(stack.url(api, contract.port()) + contract.ready()),
                    r -> r.answered() && !r.is2xx(), EVENTUALLY);
            if (!down.answered()) {
                findings.add(where, "with the database stopped, " + describe(down),
                        "an answer from " + contract.ready() + ": 503 (not ready) while the database is down");
            } else if (down.is2xx()) {
                findings.add(where, "with the database stopped for " + EVENTUALLY.toSeconds() + " s, " + describe(down),
                        "503 (or another non-2xx status) from " + contract.ready() + " while the database is down");
            }
            Http.Response aliveWithoutDb = Http.get(stack.url(api, contract.port()) + contract.health());
            expectHealthy(aliveWithoutDb, where, findings, " with the database stopped");
        } finally {
            stack.start(db);
        }
        Http.Response back = eventually(() -> Http.get(stack.url(api, contract.port()) + contract.ready()),
                r -> r.status() == 200, EVENTUALLY);
        if (back.status() != 200) {
            findings.add(where, EVENTUALLY.toSeconds() + " s after the database came back, " + describe(back),
                    "readiness back to 200 once the database answers again (reconnect, don't keep a dead connection)");
        }
        findings.assertNone();
    }

    private static void expectHealthy(Http.Response health, Location where, Findings findings, String when) {
        if (health.status() != 200) {
            findings.add(where, describe(health) + when, "200 from the health endpoint: the process is alive"
                    + (when.isEmpty() ? "" : ", whatever the database does (liveness must not depend on it)"));
        } else if (!health.hasJsonContentType() || health.json().isEmpty()) {
            findings.add(where, health.summary() + when + " with Content-Type '" + health.contentType() + "' and body: "
                    + health.bodyExcerpt(120), "a JSON body served as application/json, e.g. {\"status\": \"ok\"}");
        }
    }

    // ================================================================== CRUD

    @Criterion("D1.RUN.CRUD")
    @Order(4)
    void anItemCreatedThroughTheApiCanBeReadBackAndIsInPostgres(ComposeStack stack, Target target) {
        stack.requireUp();
        Layout layout = target.layout();
        String api = layout.services().api();
        Location where = stack.serviceLocation(api);
        String marker = "fullchain-crud-" + UUID.randomUUID();
        Findings findings = new Findings();

        Optional<String> id = createItem(stack, layout, marker, where, findings);
        if (id.isPresent()) {
            Http.Response read = Http.get(itemUrl(stack, layout, id.get()));
            if (read.status() != 200) {
                findings.add(where, describe(read) + " for the item just created", "200 with the item");
            } else if (!marker.equals(read.json().map(j -> j.path("name").asText()).orElse(null))) {
                findings.add(where, read.summary() + " returned " + read.bodyExcerpt(200), "the item created, with name \"" + marker + "\"");
            }
        }
        if (findings.isEmpty()) {
            expectInPostgres(stack, layout, marker, findings);
        }
        findings.assertNone();
    }

    /** POSTs an item named {@code marker}; returns its id, or records why there is none. */
    private static Optional<String> createItem(ComposeStack stack, Layout layout, String marker, Location where, Findings findings) {
        String url = stack.url(layout.services().api(), layout.api().port()) + layout.api().items();
        Http.Response created = Http.postJson(url, "{\"name\": " + Http.jsonString(marker) + "}");
        if (!created.is2xx()) {
            findings.add(where, "POST " + layout.api().items() + " {\"name\": \"" + marker + "\"}: " + describe(created),
                    "201 Created with the stored item as JSON, including its id");
            return Optional.empty();
        }
        if (created.status() != 201) {
            findings.add(where, "POST " + layout.api().items() + " answered " + created.status(), "201 Created");
        }
        Optional<JsonNode> body = created.json();
        JsonNode idNode = body.map(b -> b.path("id")).orElse(null);
        if (idNode == null || idNode.isMissingNode() || idNode.isNull() || idNode.asText().isBlank()) {
            findings.add(where, "POST " + layout.api().items() + " answered " + created.bodyExcerpt(200),
                    "the stored item as JSON with its id, e.g. {\"id\": 1, \"name\": \"...\"}");
            return Optional.empty();
        }
        if (!marker.equals(body.get().path("name").asText())) {
            findings.add(where, "POST " + layout.api().items() + " answered " + created.bodyExcerpt(200),
                    "the stored item, with the name sent (\"" + marker + "\")");
        }
        return Optional.of(idNode.asText());
    }

    private static String itemUrl(ComposeStack stack, Layout layout, String id) {
        return stack.url(layout.services().api(), layout.api().port()) + layout.api().items() + "/" + id;
    }

    /** The item must be in the database itself: a data-only dump, with the db container's own user and database. */
    private static void expectInPostgres(ComposeStack stack, Layout layout, String marker, Findings findings) {
        String db = layout.services().db();
        ExecResult dump = stack.exec(db, "sh", "-c",
                "pg_dump --data-only -U \"${POSTGRES_USER:-postgres}\" \"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}\"");
        if (dump.ok() && dump.stdout().contains(marker)) {
            return;
        }
        // Maybe the api writes to another database of the same server.
        ExecResult all = stack.exec(db, "sh", "-c", "pg_dumpall --data-only -U \"${POSTGRES_USER:-postgres}\"");
        if (all.ok() && all.stdout().contains(marker)) {
            return;
        }
        String found = dump.ok() || all.ok()
                ? "the item \"" + marker + "\" is in no table of the database (searched a data-only dump of every database)"
                : "could not dump the database: " + firstLine(dump.stderr().isBlank() ? all.stderr() : dump.stderr());
        findings.add(stack.serviceLocation(db), found, "the item written to Postgres by the api, not kept in the api's memory");
    }

    // ================================================================== persistence

    @Criterion("D1.RUN.PERSIST")
    @Order(8)
    void dataSurvivesARestartOfApiAndDbAndADownUpWithoutV(ComposeStack stack, Target target) {
        stack.requireUp();
        Layout layout = target.layout();
        String api = layout.services().api();
        String db = layout.services().db();
        Location where = stack.serviceLocation(db);
        String marker = "fullchain-persist-" + UUID.randomUUID();
        Findings findings = new Findings();

        Optional<String> id = createItem(stack, layout, marker, stack.serviceLocation(api), findings);
        if (id.isEmpty()) {
            findings.assertNone();
            return;
        }
        stack.restart(db, api);
        expectStillThere(stack, layout, id.get(), marker, "after restarting " + db + " and " + api, where, findings);

        stack.downKeepingVolumes();
        stack.up();
        expectStillThere(stack, layout, id.get(), marker, "after `docker compose down` (without -v) and `up`", where, findings);
        findings.assertNone();
    }

    private static void expectStillThere(ComposeStack stack, Layout layout, String id, String marker, String after,
                                         Location where, Findings findings) {
        // Retried only while the api cannot answer yet (no answer, 5xx); a 404 is an answer.
        Http.Response read = eventually(() -> Http.get(itemUrl(stack, layout, id)), r -> r.answered() && r.status() < 500, EVENTUALLY);
        if (read.status() != 200) {
            findings.add(where, after + ": " + describe(read),
                    "200 with the item created before (\"" + marker + "\")");
        } else if (!marker.equals(read.json().map(j -> j.path("name").asText()).orElse(null))) {
            findings.add(where, after + ", " + read.summary() + " returned " + read.bodyExcerpt(200),
                    "the item created before (\"" + marker + "\")");
        }
    }

    // ================================================================== frontend

    @Criterion("D1.RUN.FRONTEND")
    @Order(2)
    void theFrontendServesTheAppPageAndProxiesApiToTheApi(ComposeStack stack, Target target) {
        stack.requireUp();
        Layout layout = target.layout();
        String frontend = layout.services().frontend();
        Location where = stack.serviceLocation(frontend);
        Findings findings = new Findings();
        String fe = stack.url(frontend, layout.frontend().port());

        Http.Response page = Http.get(fe + layout.frontend().page());
        if (page.status() != 200) {
            findings.add(where, describe(page), "200 with the app's HTML page");
        } else if (!page.contentType().toLowerCase().contains("text/html")) {
            findings.add(where, page.summary() + " with Content-Type '" + page.contentType() + "'", "text/html: the app's page");
        } else if (!APP_ROOT.matcher(page.body()).find()) {
            findings.add(where, page.summary() + " is HTML without the app: " + page.bodyExcerpt(160),
                    "the built app's page: an element with id=\"root\" or a <script> tag");
        }

        // Something to list, so that equal answers mean something.
        String apiBase = stack.url(layout.services().api(), layout.api().port());
        Http.postJson(apiBase + layout.api().items(), "{\"name\": " + Http.jsonString("fullchain-frontend-" + UUID.randomUUID()) + "}");
        Http.Response direct = Http.get(apiBase + layout.api().items());
        Http.Response proxied = Http.get(fe + layout.frontend().proxiedItems());
        if (proxied.status() != 200) {
            findings.add(where, "through the frontend, " + describe(proxied),
                    "200 with the api's JSON: the frontend proxies " + layout.frontend().proxiedItems() + " to the api (same origin)");
        } else if (proxied.json().isEmpty()) {
            findings.add(where, "through the frontend, " + proxied.summary() + " answered '" + proxied.contentType() + "': "
                    + proxied.bodyExcerpt(120), "the api's JSON (is /api/ proxied, or does the page answer every path?)");
        } else if (direct.json().isPresent() && !direct.json().get().equals(proxied.json().get())) {
            findings.add(where, "through the frontend, " + proxied.summary() + " returned " + proxied.bodyExcerpt(160)
                    + " but the api itself returned " + direct.bodyExcerpt(160), "the same JSON as the api's own answer");
        }
        findings.assertNone();
    }

    // ================================================================== non-root

    @Criterion("D1.RUN.NONROOT")
    @Order(3)
    void theRunningApiAndFrontendProcessesAreNotRoot(ComposeStack stack, Target target) {
        stack.requireUp();
        Findings findings = new Findings();
        for (String service : List.of(target.layout().services().api(), target.layout().services().frontend())) {
            List<ProcessInfo> processes = stack.processes(service);
            if (processes.isEmpty()) {
                findings.add(stack.serviceLocation(service), "no process is running in " + service, "the service's processes, none as uid 0");
            }
            for (ProcessInfo p : processes) {
                if (p.uid() == 0) {
                    findings.add(stack.serviceLocation(service), service + " process " + p.pid() + " runs as uid 0 (root): " + cut(p.command(), 160),
                            "every process of " + service + " under a non-root uid (USER in the image's final stage)");
                }
            }
        }
        findings.assertNone();
    }

    // ================================================================== metrics

    @Criterion("D1.RUN.METRICS")
    @Order(5)
    void afterTrafficMetricsShowARequestCounterAndALatencyHistogramByRouteAndStatus(ComposeStack stack, Target target) {
        stack.requireUp();
        Layout layout = target.layout();
        String api = layout.services().api();
        Location where = stack.serviceLocation(api);
        Findings findings = new Findings();
        String base = stack.url(api, layout.api().port());
        String items = layout.api().items();

        // Traffic on the items routes (health probes are often excluded from metrics, on purpose).
        List<String> called = new ArrayList<>(List.of(items));
        Http.get(base + items);
        Http.Response created = Http.postJson(base + items, "{\"name\": " + Http.jsonString("fullchain-metrics-" + UUID.randomUUID()) + "}");
        Optional<String> id = created.json().map(j -> j.path("id").asText()).filter(s -> !s.isBlank());
        id.ifPresent(i -> {
            Http.get(base + items + "/" + i);
            called.add(items + "/" + i);
        });

        Http.Response response = Http.get(base + layout.api().metrics());
        if (response.status() != 200) {
            findings.add(where, describe(response), "200 with Prometheus metrics at " + layout.api().metrics());
            findings.assertNone();
        }
        Metrics metrics = PrometheusText.parse(response.body());
        Optional<Family> counter = labelled(metrics, "counter", "");
        Optional<Family> histogram = labelled(metrics, "histogram", "_bucket");
        if (counter.isEmpty()) {
            findings.add(where, "no counter labelled by route and status in " + layout.api().metrics() + "; counters: " + inventory(metrics, "counter"),
                    "a request counter (e.g. http_requests_total) with a route label (route/handler/path/endpoint) and a status label (status/code)");
        }
        if (histogram.isEmpty()) {
            findings.add(where, "no histogram labelled by route and status in " + layout.api().metrics() + "; histograms: " + inventory(metrics, "histogram"),
                    "a latency histogram (e.g. http_request_duration_seconds) with route and status labels");
        }
        counter.ifPresent(c -> {
            for (String path : called) {
                List<String> routes = routeValues(c);
                Optional<String> route = routes.stream().filter(r -> RouteTemplate.matches(r, path)).findFirst();
                if (route.isEmpty()) {
                    findings.add(where, c.name() + " has no sample for " + path + " after fullchain called it; its routes: " + routes,
                            "a sample per route called, labelled with the route template");
                } else if (!path.equals(items) && route.get().equals(path)) {
                    findings.add(where, c.name() + " is labelled with the raw path " + path + " (one series per item)",
                            "the route template, e.g. " + items + "/{item_id}, so the number of series stays bounded");
                }
            }
        });
        findings.assertNone();
    }

    /** The family of that type with the most samples carrying both a route-like and a status-like label. */
    private static Optional<Family> labelled(Metrics metrics, String type, String suffix) {
        return metrics.ofType(type).stream()
                .filter(f -> f.samples(suffix).stream().anyMatch(s -> routeLabel(s).isPresent() && statusLabel(s).isPresent()))
                .max((a, b) -> Integer.compare(a.samples().size(), b.samples().size()));
    }

    private static Optional<String> routeLabel(Sample s) {
        return s.labels().keySet().stream().filter(k -> ROUTE_LABEL.matcher(k).matches()).findFirst().map(s.labels()::get);
    }

    private static Optional<String> statusLabel(Sample s) {
        return s.labels().keySet().stream().filter(k -> STATUS_LABEL.matcher(k).matches()).findFirst().map(s.labels()::get);
    }

    private static List<String> routeValues(Family f) {
        return f.samples().stream().map(Day1RuntimeChecks::routeLabel).flatMap(Optional::stream).distinct().sorted().toList();
    }

    private static String inventory(Metrics metrics, String type) {
        List<Family> families = metrics.ofType(type);
        if (families.isEmpty()) {
            return "none";
        }
        return families.stream().limit(8)
                .map(f -> f.name() + f.labelNames().stream().filter(l -> !l.equals("le")).collect(Collectors.joining(",", "{", "}")))
                .collect(Collectors.joining(", "));
    }

    // ================================================================== logs

    @Criterion("D1.RUN.LOGS")
    @Order(6)
    void theApiWritesOneJsonObjectPerLogLineOnStdout(ComposeStack stack, Target target) {
        stack.requireUp();
        Layout layout = target.layout();
        String api = layout.services().api();
        Location where = stack.serviceLocation(api);
        Findings findings = new Findings();
        String base = stack.url(api, layout.api().port());

        // The marker goes where request logs usually look: the query, a request id header, a path.
        String marker = "fullchain-log-" + UUID.randomUUID().toString().replace("-", "");
        Http.get(base + layout.api().health() + "?fullchain_marker=" + marker, Map.of("X-Request-Id", marker));
        Http.get(base + "/" + marker);

        AtomicReference<List<String>> lines = new AtomicReference<>(List.of());
        boolean marked = eventuallyTrue(() -> {
            lines.set(stack.stdoutLogs(api));
            return lines.get().stream().anyMatch(l -> l.contains(marker));
        }, Duration.ofSeconds(10));

        List<JsonLines.Line> parsed = JsonLines.parse(lines.get());
        if (parsed.isEmpty()) {
            findings.add(where, "the api wrote nothing on stdout", "one JSON object per log line on stdout (not stderr, not a file)");
        }
        List<JsonLines.Line> bad = JsonLines.notObjects(parsed);
        if (!bad.isEmpty()) {
            String shown = bad.stream().limit(MAX_LOG_LINES_SHOWN)
                    .map(l -> "line " + l.number() + ": " + cut(l.text(), 200))
                    .collect(Collectors.joining("\n"));
            findings.add(where, bad.size() + " of " + parsed.size() + " stdout lines are not a JSON object, e.g.\n" + shown,
                    "every line one JSON object, e.g. {\"time\": \"...\", \"level\": \"INFO\", \"message\": \"...\"}");
        }
        if (!parsed.isEmpty() && !marked) {
            findings.add(where, "no stdout line mentions the requests fullchain made (GET " + layout.api().health()
                    + "?fullchain_marker=" + marker + " with X-Request-Id: " + marker + ", and GET /" + marker + ")",
                    "a log line per request, with its path, query or request id");
        }
        findings.assertNone();
    }

    // ================================================================== helpers

    /** Polls until {@code done} holds or {@code limit} passes; returns the last response either way. */
    private static Http.Response eventually(Supplier<Http.Response> call, Predicate<Http.Response> done, Duration limit) {
        AtomicReference<Http.Response> last = new AtomicReference<>();
        eventuallyTrue(() -> {
            last.set(call.get());
            return done.test(last.get());
        }, limit);
        return last.get();
    }

    private static boolean eventuallyTrue(Supplier<Boolean> condition, Duration limit) {
        try {
            Awaitility.await().atMost(limit).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::get);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** "GET http://…/readyz → 503: {"status":"not ready"}" or "… → no answer (connection refused)". */
    private static String describe(Http.Response r) {
        return r.summary() + (r.answered() && !r.body().isBlank() ? ": " + r.bodyExcerpt(160) : "");
    }


    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }
}
