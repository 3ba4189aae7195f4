package dev.fullchain.selftest.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for GitHub's REST API on 127.0.0.1 (plain HTTP, random port): the
 * repository, its Actions workflows and their runs (filtered by workflow and branch, newest
 * first), and its deployment environments with protection rules. Bodies have the shape of the
 * real API's answers (trimmed of fields fullchain does not read). The canned state is a JSON
 * tree that tests and live mutants edit by dotted path (array elements by index). Every
 * request is recorded: method, path, query, and whether it carried the expected token.
 */
public final class FakeGitHub implements AutoCloseable {

    public static final String OWNER = "fullchain-learner";
    public static final String NAME = "devops-week";
    public static final String REPO = OWNER + "/" + NAME;
    /** The reference fixtures' pipeline (the workflow with deploy jobs) and their infrastructure workflow. */
    public static final String PIPELINE = ".github/workflows/app.yml";
    public static final String INFRA = ".github/workflows/infrastructure.yml";
    public static final String DEPLOY = ".github/workflows/deploy.yml";
    static final long PIPELINE_ID = 118246331L;
    static final long INFRA_ID = 118246332L;
    static final long DEPLOY_ID = 118246333L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RUNS = Pattern.compile("^/repos/([^/]+)/([^/]+)/actions/workflows/([^/]+)/runs$");
    private static final Pattern ENVIRONMENT = Pattern.compile("^/repos/([^/]+)/([^/]+)/environments/([^/]+)$");

    /** One request as received. {@code authorized}: it carried the token this fake accepts. */
    public record Request(String method, String path, String query, boolean authorization, boolean authorized) {
        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectNode state;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final String token = "fake-github-token-" + UUID.randomUUID();

    private FakeGitHub(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.state = cannedState();
    }

    public static FakeGitHub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "fake-github");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            FakeGitHub fake = new FakeGitHub(server, executor);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fake GitHub", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The one token this fake accepts. */
    public String token() {
        return token;
    }

    /** Run settings that point the live GitHub checks at this fake, with its token. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("live", "github");
        p.put("github.api", url());
        p.put("github.repo", REPO);
        p.put("github.token", token);
        // Whatever the machine's GITHUB_TOKEN is, it is not read: only github.token counts here.
        p.put("github.tokenEnv", "FULLCHAIN_SELFTEST_NO_SUCH_VARIABLE");
        return p;
    }

    /**
     * Edits the canned state by dotted path: {@code runs.0.conclusion = failure},
     * {@code environments.production.protection_rules = [...]}; a null value removes the node
     * (an object's field, or an array's element).
     */
    public FakeGitHub set(String dottedPath, Object value) {
        synchronized (state) {
            String[] parts = dottedPath.split("\\.");
            JsonNode node = state;
            for (int i = 0; i < parts.length - 1; i++) {
                node = child(node, parts[i]);
                if (node == null || !node.isContainerNode()) {
                    throw new IllegalArgumentException("the fake's state has nothing to edit at " + dottedPath + " (stops at " + parts[i] + ")");
                }
            }
            String last = parts[parts.length - 1];
            if (child(node, last) == null) {
                throw new IllegalArgumentException("the fake's state has nothing at " + dottedPath + ": a stale edit");
            }
            if (node instanceof ObjectNode o) {
                if (value == null) {
                    o.remove(last);
                } else {
                    o.set(last, JSON.valueToTree(value));
                }
            } else {
                ArrayNode a = (ArrayNode) node;
                if (value == null) {
                    a.remove(Integer.parseInt(last));
                } else {
                    a.set(Integer.parseInt(last), JSON.valueToTree(value));
                }
            }
            return this;
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static JsonNode child(JsonNode node, String key) {
        if (node instanceof ArrayNode a) {
            try {
                int i = Integer.parseInt(key);
                return i >= 0 && i < a.size() ? a.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return node.get(key);
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String query = ex.getRequestURI().getRawQuery();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean authorized = auth != null && (auth.equals("Bearer " + token) || auth.equals("token " + token));
            requests.add(new Request(method, path, query, auth != null, authorized));
            ex.getRequestBody().readAllBytes();

            if (!method.equals("GET")) {
                // The real API would act on it; the fake records it (tests fail on any) and refuses.
                error(ex, 405, "Method Not Allowed (the fake GitHub serves GET only)", "");
                return;
            }
            if (!authorized) {
                error(ex, 401, "Bad credentials", "https://docs.github.com/rest");
                return;
            }
            Map<String, String> q = query(query);
            JsonNode body;
            synchronized (state) {
                body = answer(path, q);
            }
            if (body == null) {
                error(ex, 404, "Not Found", "https://docs.github.com/rest");
                return;
            }
            json(ex, 200, body);
        }
    }

    /** The body for a GET, or null for 404. */
    private JsonNode answer(String path, Map<String, String> q) {
        String repoPath = "/repos/" + REPO;
        JsonNode repository = state.get("repository");
        if (repository == null || !path.startsWith(repoPath)) {
            return null;
        }
        if (path.equals(repoPath)) {
            return repository.deepCopy();
        }
        if (path.equals(repoPath + "/actions/workflows")) {
            ArrayNode all = JSON.createArrayNode();
            state.path("workflows").forEach(w -> all.add(w.deepCopy()));
            ObjectNode out = JSON.createObjectNode();
            out.put("total_count", all.size());
            out.set("workflows", page(all, q));
            return out;
        }
        Matcher runs = RUNS.matcher(path);
        if (runs.matches()) {
            JsonNode workflow = workflow(runs.group(3));
            if (workflow == null) {
                return null;
            }
            ArrayNode matching = JSON.createArrayNode();
            for (JsonNode r : state.path("runs")) {
                if (r.path("workflow_id").asLong() == workflow.path("id").asLong()
                        && (!q.containsKey("branch") || r.path("head_branch").asText().equals(q.get("branch")))
                        && (!q.containsKey("status") || r.path("status").asText().equals(q.get("status"))
                        || r.path("conclusion").asText().equals(q.get("status")))) {
                    matching.add(r.deepCopy());
                }
            }
            ObjectNode out = JSON.createObjectNode();
            out.put("total_count", matching.size());
            out.set("workflow_runs", page(matching, q));
            return out;
        }
        if (path.equals(repoPath + "/environments")) {
            ArrayNode all = JSON.createArrayNode();
            state.path("environments").elements().forEachRemaining(e -> all.add(e.deepCopy()));
            ObjectNode out = JSON.createObjectNode();
            out.put("total_count", all.size());
            out.set("environments", page(all, q));
            return out;
        }
        Matcher env = ENVIRONMENT.matcher(path);
        if (env.matches()) {
            JsonNode e = state.path("environments").get(env.group(3));
            return e == null ? null : e.deepCopy();
        }
        return null;
    }

    /** A workflow by id or by file name, as the API accepts both. */
    private JsonNode workflow(String idOrFile) {
        for (JsonNode w : state.path("workflows")) {
            if (w.path("id").asText().equals(idOrFile) || w.path("path").asText().endsWith("/" + idOrFile)) {
                return w;
            }
        }
        return null;
    }

    private static ArrayNode page(ArrayNode all, Map<String, String> q) {
        int perPage = Math.min(100, Integer.parseInt(q.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        ArrayNode out = JSON.createArrayNode();
        for (int i = (page - 1) * perPage; i < all.size() && i < page * perPage; i++) {
            out.add(all.get(i));
        }
        return out;
    }

    private static void error(HttpExchange ex, int status, String message, String doc) throws IOException {
        ObjectNode err = JSON.createObjectNode();
        err.put("message", message);
        err.put("documentation_url", doc);
        err.put("status", String.valueOf(status));
        json(ex, status, err);
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().add("X-GitHub-Api-Version-Selected", "2022-11-28");
        ex.getResponseHeaders().add("X-RateLimit-Limit", "5000");
        ex.getResponseHeaders().add("X-RateLimit-Remaining", "4987");
        ex.getResponseHeaders().add("X-GitHub-Request-Id", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    // ------------------------------------------------------------------ the canned state

    /**
     * A learner's repository after Day 4, done well: the pipeline's (app.yml) latest run on main (#42)
     * succeeded (a newer run exists on a pull request's branch, and an older one on main
     * failed), production has a required reviewer and a wait timer. The infrastructure
     * workflow's latest run on main failed: a check that read the wrong workflow would say so.
     */
    private static ObjectNode cannedState() {
        String api = "https://api.github.com/repos/" + REPO;
        String web = "https://github.com/" + REPO;
        String text = """
                {
                  "repository": {
                    "id": 873462911, "node_id": "R_kgDONBZ1fw", "name": "%3$s", "full_name": "%1$s", "private": false,
                    "owner": {"login": "%4$s", "id": 190311457, "node_id": "U_kgDOC1faIQ", "type": "User", "site_admin": false},
                    "html_url": "%2$s", "description": "A 3-tier app, from compose to AKS, in seven days", "fork": false,
                    "url": "%5$s", "default_branch": "main", "visibility": "public",
                    "created_at": "2026-11-16T08:02:11Z", "updated_at": "2026-11-19T17:40:03Z", "pushed_at": "2026-11-19T17:39:58Z"
                  },
                  "workflows": [
                    {"id": %6$d, "node_id": "W_kwDONBZ1f84HDFG7", "name": "app", "path": "%8$s", "state": "active",
                     "created_at": "2026-11-19T09:12:40.000Z", "updated_at": "2026-11-19T09:12:40.000Z",
                     "url": "%5$s/actions/workflows/%6$d", "html_url": "%2$s/blob/main/%8$s", "badge_url": "%2$s/workflows/app/badge.svg"},
                    {"id": %10$d, "node_id": "W_kwDONBZ1f84HDFG9", "name": "deploy", "path": "%11$s", "state": "active",
                     "created_at": "2026-11-19T09:12:40.000Z", "updated_at": "2026-11-19T09:12:40.000Z",
                     "url": "%5$s/actions/workflows/%10$d", "html_url": "%2$s/blob/main/%11$s", "badge_url": "%2$s/workflows/deploy/badge.svg"},
                    {"id": %7$d, "node_id": "W_kwDONBZ1f84HDFG8", "name": "infrastructure", "path": "%9$s", "state": "active",
                     "created_at": "2026-11-19T09:12:40.000Z", "updated_at": "2026-11-19T09:12:40.000Z",
                     "url": "%5$s/actions/workflows/%7$d", "html_url": "%2$s/blob/main/%9$s", "badge_url": "%2$s/workflows/infrastructure/badge.svg"}
                  ],
                  "runs": [
                    {"id": 11930466203, "name": "app", "node_id": "WFR_kwLOM0mK8c8AAAACxxT6Ww", "head_branch": "feature/items-pagination",
                     "head_sha": "9d1e0c4b7a3f26e85c1d0b9a8f7e6d5c4b3a2918", "path": "%8$s", "display_title": "Paginate the items list",
                     "run_number": 43, "event": "pull_request", "status": "completed", "conclusion": "success", "workflow_id": %6$d,
                     "url": "%5$s/actions/runs/11930466203", "html_url": "%2$s/actions/runs/11930466203",
                     "created_at": "2026-11-19T17:41:02Z", "updated_at": "2026-11-19T17:46:40Z", "run_attempt": 1,
                     "run_started_at": "2026-11-19T17:41:02Z"},
                    {"id": 11930129877, "name": "app", "node_id": "WFR_kwLOM0mK8c8AAAACxxTd1Q", "head_branch": "main",
                     "head_sha": "3f9a2c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d", "path": "%8$s", "display_title": "Deploy with helm --atomic",
                     "run_number": 42, "event": "push", "status": "completed", "conclusion": "success", "workflow_id": %6$d,
                     "url": "%5$s/actions/runs/11930129877", "html_url": "%2$s/actions/runs/11930129877",
                     "created_at": "2026-11-19T16:58:20Z", "updated_at": "2026-11-19T17:21:09Z", "run_attempt": 1,
                     "run_started_at": "2026-11-19T16:58:20Z"},
                    {"id": 11929771530, "name": "app", "node_id": "WFR_kwLOM0mK8c8AAAACxxRx-g", "head_branch": "main",
                     "head_sha": "b2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8", "path": "%8$s", "display_title": "Tag images with the commit SHA",
                     "run_number": 41, "event": "push", "status": "completed", "conclusion": "failure", "workflow_id": %6$d,
                     "url": "%5$s/actions/runs/11929771530", "html_url": "%2$s/actions/runs/11929771530",
                     "created_at": "2026-11-19T15:30:44Z", "updated_at": "2026-11-19T15:36:02Z", "run_attempt": 1,
                     "run_started_at": "2026-11-19T15:30:44Z"},
                    {"id": 11929700118, "name": "infrastructure", "node_id": "WFR_kwLOM0mK8c8AAAACxxRjFg", "head_branch": "main",
                     "head_sha": "3f9a2c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d", "path": "%9$s", "display_title": "Deploy with helm --atomic",
                     "run_number": 17, "event": "push", "status": "completed", "conclusion": "failure", "workflow_id": %7$d,
                     "url": "%5$s/actions/runs/11929700118", "html_url": "%2$s/actions/runs/11929700118",
                     "created_at": "2026-11-19T16:58:20Z", "updated_at": "2026-11-19T17:02:31Z", "run_attempt": 1,
                     "run_started_at": "2026-11-19T16:58:20Z"}
                  ],
                  "environments": {
                    "dev": {
                      "id": 4412905871, "node_id": "EN_kwDONBZ1f88AAAABBwk6jw", "name": "dev",
                      "url": "%5$s/environments/dev", "html_url": "%2$s/deployments/activity_log?environments_filter=dev",
                      "created_at": "2026-11-19T09:20:02Z", "updated_at": "2026-11-19T09:20:02Z", "can_admins_bypass": true,
                      "protection_rules": [], "deployment_branch_policy": null
                    },
                    "production": {
                      "id": 4412906013, "node_id": "EN_kwDONBZ1f88AAAABBwk7HQ", "name": "production",
                      "url": "%5$s/environments/production", "html_url": "%2$s/deployments/activity_log?environments_filter=production",
                      "created_at": "2026-11-19T09:21:37Z", "updated_at": "2026-11-19T09:24:55Z", "can_admins_bypass": false,
                      "protection_rules": [
                        {"id": 30951187, "node_id": "GA_kwDONBZ1f84B2EYT", "type": "wait_timer", "wait_timer": 5},
                        {"id": 30951188, "node_id": "GA_kwDONBZ1f84B2EYU", "prevent_self_review": true, "type": "required_reviewers",
                         "reviewers": [
                           {"type": "User", "reviewer": {"login": "course-reviewer", "id": 190311502, "node_id": "U_kgDOC1faTg",
                                                         "type": "User", "site_admin": false}}
                         ]},
                        {"id": 30951189, "node_id": "GA_kwDONBZ1f84B2EYV", "type": "branch_policy"}
                      ],
                      "deployment_branch_policy": {"protected_branches": false, "custom_branch_policies": true}
                    }
                  }
                }
                """.formatted(REPO, web, NAME, OWNER, api, PIPELINE_ID, INFRA_ID, PIPELINE, INFRA, DEPLOY_ID, DEPLOY);
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
