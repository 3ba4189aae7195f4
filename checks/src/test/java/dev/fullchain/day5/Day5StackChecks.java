package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.observability.AlloyConfig;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ObservabilityStack.Role;
import dev.fullchain.model.observability.ObservabilityStack.StackRelease;
import dev.fullchain.model.observability.ReleaseValues;
import dev.fullchain.model.observability.StackServices;
import dev.fullchain.target.Location;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Day 5, static: the observability stack the helmfile installs, judged from the values each
 * release is really installed with (the helmfile's values files, per environment). The
 * chart's own defaults are what a key left out means; they are named in the messages.
 */
class Day5StackChecks {

    private static final Pattern EXACT_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]*)?");
    private static final String LOKI_SCHEMA = "loki.schemaConfig.configs: - {from: \"2024-04-01\", store: tsdb, object_store: filesystem,"
            + " schema: v13, index: {prefix: loki_index_, period: 24h}}";

    @Criterion("D5.OBS.STACK")
    void theHelmfileInstallsPrometheusLokiAndACollectorPinned(ObservabilityStack stack) {
        List<StackRelease> releases = stack.releases();
        Findings findings = new Findings();
        Location top = Location.of(stack.helmfile().path());
        for (StackRelease r : releases) {
            pinned(r, findings);
            r.chart().retired().ifPresent(why -> findings.add(r.release().location(), r.describe() + ": " + why,
                    r.chart().role() == Role.COLLECTOR
                            ? "Grafana Alloy (grafana/alloy) collecting the pods' logs into Loki: alloy convert --source-format=promtail"
                                    + " turns a Promtail configuration into Alloy's"
                            : "grafana/loki with deploymentMode: SingleBinary, and Grafana Alloy (grafana/alloy) as the collector"));
        }
        if (stack.byChart("kube-prometheus-stack").isEmpty()) {
            findings.add(top, "no release of kube-prometheus-stack", "a release of prometheus-community/kube-prometheus-stack"
                    + " (Prometheus Operator, Prometheus, Alertmanager, Grafana) with an exact version");
        }
        if (stack.withRole(Role.LOGS).isEmpty()) {
            findings.add(top, "no release of Loki", "a release of grafana/loki in single-binary mode, with an exact version");
        }
        if (stack.withRole(Role.COLLECTOR).isEmpty()) {
            findings.add(top, "no log collector", "a release of grafana/alloy that tails the pods' logs into Loki ("
                    + ObservabilityStack.PROMTAIL_EOL + ")");
        }
        Optional<StackRelease> loki = stack.byChart("loki");
        for (String env : distinctEnvironments(stack, releases)) {
            String in = stack.environments().size() > 1 && distinctEnvironments(stack, releases).size() > 1 ? " (" + env + ")" : "";
            findings.tolerating(() -> loki.ifPresent(l -> loki(l, stack.values(l, env), in, findings)));
            for (StackRelease alloy : releases.stream().filter(r -> r.chart().name().equals("alloy")).toList()) {
                findings.tolerating(() -> alloy(stack, alloy, stack.values(alloy, env), loki, env, in, findings));
            }
        }
        findings.assertNone();
    }

    private static void pinned(StackRelease r, Findings findings) {
        if (r.release().version().isEmpty()) {
            findings.add(r.release().location(), r.describe() + " has no version: each helmfile apply takes whatever is newest",
                    "version: an exact chart version (e.g. 79.5.0)");
        } else if (!EXACT_VERSION.matcher(r.release().version().get()).matches()) {
            findings.add(r.release().location(), r.describe() + ": version \"" + r.release().version().get() + "\" is a range",
                    "an exact chart version (e.g. 79.5.0)");
        }
    }

    /** Environments whose values differ for some release of the stack: the first of each set of identical ones. */
    private static List<String> distinctEnvironments(ObservabilityStack stack, List<StackRelease> releases) {
        List<String> out = new ArrayList<>();
        List<List<List<Object>>> seen = new ArrayList<>();
        for (String env : stack.environments()) {
            List<List<Object>> key = releases.stream().map(r -> r.release().valuesFor(env)).toList();
            if (!seen.contains(key)) {
                seen.add(key);
                out.add(env);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ Loki

    private static void loki(StackRelease r, ReleaseValues v, String in, Findings findings) {
        String who = r.describe() + in;
        Optional<String> mode = v.text("deploymentMode");
        if (mode.isEmpty()) {
            findings.add(v.locate("deploymentMode"), who + " sets no deploymentMode: the chart's default is SimpleScalable"
                    + " (read, write and backend pods on object storage)", "deploymentMode: SingleBinary (monolithic: one pod,"
                    + " filesystem storage)");
        } else if (!mode.get().equals("SingleBinary")) {
            findings.add(v.locate("deploymentMode"), who + ": deploymentMode: " + mode.get(),
                    "deploymentMode: SingleBinary (monolithic); " + mode.get() + " needs object storage and several pods");
        }
        schema(who, v, findings);
        storage(who, v, findings);
        if (mode.filter("SingleBinary"::equals).isPresent()) {
            int replicas = v.integer("singleBinary.replicas").orElse(0);
            if (replicas < 1) {
                findings.add(v.locate("singleBinary.replicas"), who + ": singleBinary.replicas is "
                        + v.text("singleBinary.replicas").orElse("not set (the chart's default is 0)"), "singleBinary.replicas: 1");
            }
            for (String target : List.of("read", "write", "backend")) {
                Optional<Integer> n = v.integer(target + ".replicas");
                if (n.isEmpty() || n.get() != 0) {
                    findings.add(v.locate(target + ".replicas"), who + ": " + target + ".replicas is "
                                    + n.map(String::valueOf).orElse("not set (the chart's default is 3)")
                                    + " beside the single binary: the chart refuses both", target + ".replicas: 0");
                }
            }
            Optional<Integer> factor = v.integer("loki.commonConfig.replication_factor");
            if (replicas == 1 && (factor.isEmpty() || factor.get() != 1)) {
                findings.add(v.locate("loki.commonConfig.replication_factor"), who + ": replication_factor is "
                                + factor.map(String::valueOf).orElse("not set (the chart's default is 3)")
                                + " with one Loki pod: every push fails for want of live replicas",
                        "loki.commonConfig.replication_factor: 1");
            }
        }
    }

    private static void schema(String who, ReleaseValues v, Findings findings) {
        Optional<List<?>> configs = v.list("loki.schemaConfig.configs");
        if (configs.isEmpty() || configs.get().isEmpty()) {
            findings.add(v.locate("loki.schemaConfig"), who + " has no loki.schemaConfig (the chart refuses to render without one,"
                    + " unless useTestSchema, which is for tests)", LOKI_SCHEMA);
            return;
        }
        List<Map<?, ?>> entries = configs.get().stream().filter(Map.class::isInstance).<Map<?, ?>>map(e -> (Map<?, ?>) e).toList();
        for (Map<?, ?> e : entries) {
            for (String key : List.of("from", "store", "object_store", "schema")) {
                if (e.get(key) == null) {
                    findings.add(v.locate("loki.schemaConfig.configs"), who + ": a schemaConfig entry without " + key, LOKI_SCHEMA);
                }
            }
        }
        entries.stream().filter(e -> e.get("from") != null).max(Comparator.comparing(e -> String.valueOf(e.get("from")))).ifPresent(latest -> {
            String store = String.valueOf(latest.get("store"));
            String schema = String.valueOf(latest.get("schema"));
            if (!store.equals("tsdb") || !schema.equals("v13")) {
                findings.add(v.locate("loki.schemaConfig.configs"), who + ": the newest schema (from " + latest.get("from") + ") is "
                        + store + "/" + schema + ": Loki 3 needs tsdb and v13 for structured metadata",
                        "a schemaConfig entry with store: tsdb and schema: v13 (add one with a later from: date to migrate)");
            }
            String storageType = v.text("loki.storage.type").orElse(null);
            Object objectStore = latest.get("object_store");
            if (storageType != null && objectStore != null && !storageType.equals(String.valueOf(objectStore))) {
                findings.add(v.locate("loki.schemaConfig.configs"), who + ": the schema's object_store is " + objectStore
                        + " but loki.storage.type is " + storageType, "the same store in both (filesystem for a single binary)");
            }
        });
    }

    private static void storage(String who, ReleaseValues v, Findings findings) {
        Optional<String> type = v.text("loki.storage.type");
        boolean minio = v.text("minio.enabled").filter("true"::equals).isPresent();
        boolean buckets = v.map("loki.storage.bucketNames").isPresent();
        if (type.isEmpty() && !minio && !buckets) {
            findings.add(v.locate("loki.storage"), who + " sets no loki.storage.type: the chart's default is s3, with no bucket",
                    "loki.storage.type: filesystem (single binary), or an object store with loki.storage.bucketNames");
        } else if (type.isPresent() && !type.get().equals("filesystem") && !minio && !buckets) {
            findings.add(v.locate("loki.storage.type"), who + ": loki.storage.type is " + type.get() + " with no bucketNames",
                    "loki.storage.bucketNames (chunks, ruler) for " + type.get() + ", or loki.storage.type: filesystem");
        }
    }

    // ------------------------------------------------------------------ Alloy

    private static void alloy(ObservabilityStack stack, StackRelease r, ReleaseValues v, Optional<StackRelease> loki, String env,
                              String in, Findings findings) {
        String who = r.describe() + in;
        if (v.text("alloy.configMap.create").filter("false"::equals).isPresent()) {
            findings.cannotTell(v.locate("alloy.configMap.create"), who + " reads an existing ConfigMap ("
                    + v.text("alloy.configMap.name").orElse("alloy.configMap.name") + ") that is not in the repository",
                    "alloy.configMap.content in the values file, so the configuration can be read");
            return;
        }
        Optional<String> content = v.text("alloy.configMap.content").filter(c -> !c.isBlank());
        if (content.isEmpty()) {
            findings.add(v.locate("alloy.configMap"), who + " sets no alloy.configMap.content: Alloy runs the chart's example,"
                    + " which collects no logs", "alloy.configMap.content: discovery.kubernetes, loki.source.kubernetes (or"
                    + " local.file_match and loki.source.file on /var/log/pods) and loki.write to Loki's Service");
            return;
        }
        Location config = v.locate("alloy.configMap.content");
        AlloyConfig alloy = AlloyConfig.parse(content.get());
        boolean viaApi = alloy.has("loki.source.kubernetes") || alloy.has("loki.source.podlogs");
        boolean viaFiles = alloy.has("loki.source.file") && alloy.strings().stream().anyMatch(s -> s.contains("/var/log/pods")
                || s.contains("/var/log/containers"));
        if (!viaApi && !viaFiles) {
            findings.add(config, who + ": the configuration collects no pod logs (components: "
                            + alloy.components().stream().map(AlloyConfig.Component::type).distinct().toList() + ")",
                    "loki.source.kubernetes (through the API), or loki.source.file on /var/log/pods/*/*/*.log with local.file_match");
        }
        if (viaFiles && !viaApi) {
            boolean mounted = v.text("alloy.mounts.varlog").filter("true"::equals).isPresent()
                    || v.list("alloy.mounts.extra").orElse(List.of()).stream()
                    .anyMatch(m -> m instanceof Map<?, ?> mm && String.valueOf(mm.get("mountPath")).startsWith("/var/log"));
            if (!mounted) {
                findings.add(v.locate("alloy.mounts"), who + " reads /var/log/pods but does not mount the node's /var/log:"
                        + " Alloy sees an empty folder", "alloy.mounts.varlog: true");
            }
            String controller = v.text("controller.type").orElse("daemonset");
            if (!controller.equals("daemonset")) {
                findings.add(v.locate("controller.type"), who + ": controller.type " + controller + " reads the log files of one"
                        + " node only", "controller.type: daemonset (the chart's default): one Alloy per node");
            }
        }
        List<AlloyConfig.Component> writes = alloy.components("loki.write");
        if (writes.isEmpty()) {
            findings.add(config, who + ": the configuration has no loki.write: the logs go nowhere",
                    "loki.write \"default\" { endpoint { url = \"http://<loki>.<namespace>.svc.cluster.local:3100/loki/api/v1/push\" } }");
            return;
        }
        loki.ifPresent(l -> findings.tolerating(() -> pushUrl(stack, r, l, alloy, env, config.atLine(
                config.line() > 0 ? config.line() + writes.get(0).line() : 0), who, findings)));
    }

    /** Where Alloy pushes: a Service the Loki release creates, at its port. */
    private static void pushUrl(ObservabilityStack stack, StackRelease alloy, StackRelease loki, AlloyConfig config, String env,
                                Location at, String who, Findings findings) {
        List<String> urls = config.strings().stream().filter(s -> s.startsWith("http://") || s.startsWith("https://")).toList();
        if (urls.isEmpty()) {
            findings.cannotTell(at, who + ": the loki.write endpoint's url is not a plain string", "url = \"http://...\" in loki.write");
            return;
        }
        ReleaseValues lv = stack.values(loki, env);
        // the Services as Loki's chart names them, at their ports (gateway.service.port, the HTTP listen port)
        List<StackServices.Service> services = StackServices.loki(loki.name(), lv, loki.release().namespaceFor(env));
        String from = alloy.release().namespaceFor(env).orElse("default");
        String expected = services.get(0).url() + "/loki/api/v1/push" + (services.size() > 1
                ? " (or the gateway, " + services.get(1).url() + "/loki/api/v1/push)" : "");
        for (String url : urls) {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                findings.add(at, who + ": loki.write url " + url + " is not a URL", expected);
                continue;
            }
            if (u.getHost() == null || !u.getPath().endsWith("/loki/api/v1/push")) {
                continue;
            }
            if (StackServices.resolve(url, from, services).isEmpty()) {
                findings.add(at, who + " pushes to " + url + ", which is no Service of " + loki.describe() + " at that port in"
                        + " namespace " + services.get(0).namespace(), expected);
            }
        }
        boolean auth = lv.text("loki.auth_enabled").map(s -> !s.equals("false")).orElse(true);
        if (auth && !config.code().contains("tenant_id")) {
            findings.add(at, who + " pushes with no tenant while " + loki.describe() + " has auth_enabled"
                    + lv.text("loki.auth_enabled").map(s -> ": " + s).orElse(" (the chart's default)")
                    + ": Loki answers 401 \"no org id\"", "loki.auth_enabled: false (one tenant), or tenant_id in loki.write's endpoint");
        }
    }
}
