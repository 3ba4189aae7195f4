package dev.fullchain.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where things are in the target, and the api contract the runtime checks call. Defaults
 * fit the bundled fixtures and common layouts; a fullchain.yaml at the target's root
 * overrides any of them (every key is optional; an unknown key is an error naming it):
 *
 * <pre>
 * compose: app/compose.yaml          # else found as AppProject says (the root, app/, then anywhere)
 * services: {frontend: web, api: backend, db: postgres}
 * images:                            # the Dockerfiles of the built services, when compose does not say
 *   api: backend/Dockerfile          #   (a path, or {dockerfile: ..., context: ...})
 *   frontend: {dockerfile: docker/web.Dockerfile, context: .}
 *   extra: [tools/Dockerfile]        #   more Dockerfiles in scope (a plain list means the same)
 * chart: helm/shop                   # the app chart's directory
 * helmfile: deploy/helmfile.yaml
 * terraform: {root: infra/live, bootstrap: infra/state, modules: infra/modules}   # or terraform: infra/live
 * workflows: {pipeline: .github/workflows/ci.yml, infrastructure: .github/workflows/tf.yml}
 * api: {port: 8000, health: /healthz, ready: /readyz, items: /api/items, metrics: /metrics}
 * frontend: {port: 8080, page: /, proxiedItems: /api/items}
 * monitoring: {prometheus: monitoring/prometheus-operated:9090, loki: logs/loki-gateway:80, lokiTenant: team-a}
 *                                    # also alertmanager:, grafana:; else found by their standard labels
 * </pre>
 *
 * <p>A broken part of fullchain.yaml blocks only what it maps: the accessor of a top-level key
 * that could not be read throws its {@link BadInput}, so the criteria that need that key read
 * blocked, naming the file and line, and the others run with the defaults. A problem that
 * cannot be tied to a key (the file is not a regular file, or nothing in it can be read)
 * is kept under {@link #WHOLE_FILE} and blocks every key.
 */
public record Layout(
        Optional<String> composeFile,
        Services services,
        Map<String, ImageMapping> images,
        List<String> extraImages,
        Optional<String> chart,
        Optional<String> helmfile,
        TerraformPaths terraform,
        WorkflowPaths workflows,
        Api api,
        Frontend frontend,
        Monitoring monitoring,
        Map<String, Integer> lines,
        Map<String, BadInput> broken) {

    public static final String FILE = "fullchain.yaml";
    /** The key under which a problem of the whole file is kept. */
    static final String WHOLE_FILE = "";

    public Layout {
        broken = Map.copyOf(broken);
    }

    public Optional<String> composeFile() {
        return mapped("compose", composeFile);
    }

    public Services services() {
        return mapped("services", services);
    }

    public Map<String, ImageMapping> images() {
        return mapped("images", images);
    }

    public List<String> extraImages() {
        return mapped("images", extraImages);
    }

    public Optional<String> chart() {
        return mapped("chart", chart);
    }

    public Optional<String> helmfile() {
        return mapped("helmfile", helmfile);
    }

    public TerraformPaths terraform() {
        return mapped("terraform", terraform);
    }

    public WorkflowPaths workflows() {
        return mapped("workflows", workflows);
    }

    public Api api() {
        return mapped("api", api);
    }

    public Frontend frontend() {
        return mapped("frontend", frontend);
    }

    public Monitoring monitoring() {
        return mapped("monitoring", monitoring);
    }

    /** The problem that blocks a top-level key, if its part of fullchain.yaml could not be read. */
    public Optional<BadInput> problemWith(String key) {
        BadInput whole = broken.get(WHOLE_FILE);
        return Optional.ofNullable(whole != null ? whole : broken.get(key));
    }

    private <T> T mapped(String key, T value) {
        Optional<BadInput> p = problemWith(key);
        if (p.isPresent()) {
            throw p.get();
        }
        return value;
    }

    public record Services(String frontend, String api, String db) {

        /** The learner's name of a role (frontend, api, db). */
        public String of(String role) {
            return switch (role) {
                case "frontend" -> frontend;
                case "api" -> api;
                case "db" -> db;
                default -> throw new IllegalArgumentException(role);
            };
        }
    }

    /** A service's image as fullchain.yaml gives it: its Dockerfile, and its build context when not the Dockerfile's folder. */
    public record ImageMapping(String dockerfile, Optional<String> context) {
    }

    public record TerraformPaths(Optional<String> root, Optional<String> bootstrap, Optional<String> modules) {
    }

    public record WorkflowPaths(Optional<String> pipeline, Optional<String> infrastructure) {
    }

    /**
     * The api's paths and port, and the names of its request counter and latency histogram
     * (the contract's http_requests_total and http_request_duration_seconds unless mapped).
     */
    public record Api(int port, String health, String ready, String items, String metrics, String requestsMetric,
                      String durationMetric) {

        public static final String REQUESTS = "http_requests_total";
        public static final String DURATION = "http_request_duration_seconds";

        public Api(int port, String health, String ready, String items, String metrics) {
            this(port, health, ready, items, metrics, REQUESTS, DURATION);
        }
    }

    public record Frontend(int port, String page, String proxiedItems) {
    }

    /** A Service in the cluster, as fullchain.yaml names it: {@code namespace/name[:port]}. */
    public record ServiceRef(String namespace, String name, Optional<Integer> port) {

        @Override
        public String toString() {
            return namespace + "/" + name + port.map(p -> ":" + p).orElse("");
        }
    }

    /**
     * Where the observability stack's Services are in the cluster, when not found by their
     * standard labels, and the Loki tenant fullchain queries as (auth_enabled).
     */
    public record Monitoring(Optional<ServiceRef> prometheus, Optional<ServiceRef> alertmanager, Optional<ServiceRef> loki,
                             Optional<ServiceRef> grafana, Optional<String> lokiTenant) {
        public static final Monitoring NONE = new Monitoring(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static Layout defaults() {
        return new Layout(Optional.empty(), new Services("frontend", "api", "db"), Map.of(), List.of(),
                Optional.empty(), Optional.empty(),
                new TerraformPaths(Optional.empty(), Optional.empty(), Optional.empty()),
                new WorkflowPaths(Optional.empty(), Optional.empty()),
                new Api(8000, "/healthz", "/readyz", "/api/items", "/metrics"),
                new Frontend(8080, "/", "/api/items"), Monitoring.NONE, Map.of(), Map.of());
    }

    /** Where fullchain.yaml sets a key (dotted, e.g. "terraform.root"): its line, or the file alone. */
    public Location where(String key) {
        Integer line = lines.get(key);
        return line == null ? Location.of(FILE) : new Location(FILE, line);
    }

    /** Whether fullchain.yaml sets this key (dotted). */
    public boolean sets(String key) {
        return lines.containsKey(key);
    }

    /** fullchain.yaml read through the target's jail and size cap; the defaults when there is none. */
    static Layout load(Target target) {
        return LayoutReader.read(target);
    }

    /** The same layout, with the given key (or {@link #WHOLE_FILE}) blocked by a problem. */
    Layout withProblem(String key, BadInput p) {
        Map<String, BadInput> b = new LinkedHashMap<>(broken);
        b.putIfAbsent(key, p);
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, workflows,
                api, frontend, monitoring, lines, b);
    }

    /** The same layout with the lines of the keys it read. */
    Layout withLines(Map<String, Integer> read) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, workflows,
                api, frontend, monitoring, copy(read), broken);
    }

    Layout withCompose(String v) {
        return new Layout(Optional.of(v), services, images, extraImages, chart, helmfile, terraform, workflows, api, frontend, monitoring, lines, broken);
    }

    Layout withServices(Services v) {
        return new Layout(composeFile, v, images, extraImages, chart, helmfile, terraform, workflows, api, frontend, monitoring, lines, broken);
    }

    Layout withImages(Map<String, ImageMapping> v, List<String> extra) {
        return new Layout(composeFile, services, v, extra, chart, helmfile, terraform, workflows, api, frontend, monitoring, lines, broken);
    }

    Layout withChart(String v) {
        return new Layout(composeFile, services, images, extraImages, Optional.of(v), helmfile, terraform, workflows, api, frontend, monitoring, lines, broken);
    }

    Layout withHelmfile(String v) {
        return new Layout(composeFile, services, images, extraImages, chart, Optional.of(v), terraform, workflows, api, frontend, monitoring, lines, broken);
    }

    Layout withTerraform(TerraformPaths v) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, v, workflows, api, frontend, monitoring, lines, broken);
    }

    Layout withWorkflows(WorkflowPaths v) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, v, api, frontend, monitoring, lines, broken);
    }

    Layout withApi(Api v) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, workflows, v, frontend, monitoring, lines, broken);
    }

    Layout withFrontend(Frontend v) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, workflows, api, v, monitoring, lines, broken);
    }

    Layout withMonitoring(Monitoring v) {
        return new Layout(composeFile, services, images, extraImages, chart, helmfile, terraform, workflows, api, frontend, v, lines, broken);
    }

    static Map<String, Integer> copy(Map<String, Integer> lines) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lines));
    }
}
