package dev.fullchain.day3;

import static dev.fullchain.check.Text.firstLine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.env.cluster.Cluster;
import dev.fullchain.env.cluster.ClusterResolver;
import dev.fullchain.env.cluster.ClusterUnavailable;
import dev.fullchain.env.cluster.HelmReleases;
import dev.fullchain.model.helm.ValuesPaths;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.probe.Http;
import dev.fullchain.probe.cluster.Rollouts;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Day 3, cluster: the chart installed (k3s by default, or -Dcluster=kubeconfig), then used
 * through the Kubernetes API only: rollout status from the API, HTTP through the API
 * server's service proxy, a pod deleted, an upgrade and a rollback with Helm in-process.
 * Ordered so the disruptive checks (persistence, upgrade) come last.
 */
@ExtendWith(ClusterResolver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Day3ClusterChecks {

    // ------------------------------------------------------------------ D3.RUN.INSTALL

    @Criterion("D3.RUN.INSTALL")
    @Order(1)
    void theChartInstallsAndEveryWorkloadBecomesReady(Cluster cluster, Target target) {
        InCluster c = new InCluster(cluster, target.layout());
        if (!cluster.app().installed()) {
            String failure = cluster.app().installFailure().get();
            throw Findings.fail(c.app.chart().location(), "helm install of " + c.app.describe() + " failed: " + failure,
                    missingKind(failure).orElse("helm install succeeding within " + cluster.timeout().toSeconds() + " s"));
        }
        Findings findings = new Findings();
        for (var w : c.rendered().workloads()) {
            if (!(w.rendered().object() instanceof Deployment) && !(w.rendered().object() instanceof StatefulSet)) {
                continue;
            }
            boolean exists = w.rendered().object() instanceof Deployment
                    ? cluster.client().apps().deployments().inNamespace(c.app.namespace()).withName(w.rendered().name()).get() != null
                    : cluster.client().apps().statefulSets().inNamespace(c.app.namespace()).withName(w.rendered().name()).get() != null;
            if (!exists) {
                findings.add(w.rendered().location(), w.id() + " is not in namespace " + c.app.namespace(), "every workload of the chart created by the install");
            }
        }
        if (findings.isEmpty() && !c.waitRolledOut()) {
            for (Rollouts.Status s : c.rollouts.statuses()) {
                if (!s.done()) {
                    Optional<Workload> w = c.rendered().workloads().stream().filter(x -> x.id().equals(s.id())).findFirst();
                    findings.add(c.templateOf(w), s.describe() + " after " + cluster.timeout().toSeconds() + " s; pods: " + c.podsOf(w),
                            "every replica ready (Deployment available, StatefulSet ready)");
                }
            }
            if (c.rollouts.statuses().isEmpty()) {
                findings.add(c.app.chart().location(), "no Deployment or StatefulSet of release " + c.app.name() + " in namespace "
                        + c.app.namespace(), "the chart's workloads, labelled app.kubernetes.io/instance: {{ .Release.Name }}");
            }
        }
        findings.assertNone();
    }

    /** Helm's "no matches for kind" (a kind whose CRD the cluster lacks, e.g. a ServiceMonitor): what to do instead. */
    private static Optional<String> missingKind(String helmMessage) {
        Matcher m = NO_MATCHES_FOR_KIND.matcher(helmMessage);
        if (!m.find()) {
            return Optional.empty();
        }
        String group = m.group(2).contains("/") ? m.group(2).substring(0, m.group(2).indexOf('/')) : m.group(2);
        return Optional.of("the CRD of " + m.group(1) + " (" + group + ") installed before the chart"
                + (group.equals("monitoring.coreos.com") ? " (kube-prometheus-stack brings it: in the helmfile, the app's release"
                        + " needs: [monitoring/kube-prometheus-stack])" : " (the release that brings it, installed first)")
                + ", or the values that render it turned off on a cluster without it");
    }

    private static final Pattern NO_MATCHES_FOR_KIND =
            Pattern.compile("no matches for kind \\W*(\\w+)\\W+in version \\W*([\\w.-]+(?:/[\\w.-]+)?)");

    // ------------------------------------------------------------------ D3.RUN.SERVICE_DNS

    @Criterion("D3.RUN.SERVICE_DNS")
    @Order(2)
    void theFrontendReachesTheApiByItsServiceName(Cluster cluster, Target target) {
        Layout layout = target.layout();
        InCluster c = new InCluster(cluster, layout);
        Findings findings = new Findings();
        if (c.installed(findings)) {
            c.waitRolledOut();
            Optional<Map.Entry<String, Integer>> frontend = c.serviceOf(c.frontend());
            if (frontend.isEmpty()) {
                findings.add(c.templateOf(c.frontend()), "no Service selects the frontend pods", "a Service for the frontend");
            } else {
                String svc = frontend.get().getKey();
                int port = frontend.get().getValue();
                Http.Response page = answer(c, () -> c.proxy.get(svc, port, layout.frontend().page()));
                Http.Response items = answer(c, () -> c.proxy.get(svc, port, layout.frontend().proxiedItems()));
                if (!page.is2xx()) {
                    findings.add(c.templateOf(c.frontend()), "the frontend itself does not answer: " + page.summary() + " "
                            + page.bodyExcerpt(160) + "; pods: " + c.podsOf(c.frontend()), "200 from the frontend's page");
                } else if (!fromTheApi(items)) {
                    findings.add(c.templateOf(c.frontend()), "through the frontend, " + items.summary() + " " + items.bodyExcerpt(160)
                                    + " (api pods: " + c.podsOf(c.api()) + ")",
                            "the api's JSON list of items: the frontend proxies " + layout.frontend().proxiedItems()
                                    + " to the api's Service by name (e.g. http://" + c.serviceOf(c.api()).map(Map.Entry::getKey).orElse("api")
                                    + ":" + layout.api().port() + ")");
                }
            }
        }
        findings.assertNone();
    }

    /**
     * Whether an answer through the frontend came from the api: its JSON, whatever the status
     * (a 500 from the api is D3.RUN.CRUD's business), not the proxy's own 502/503/504 page.
     */
    private static boolean fromTheApi(Http.Response r) {
        if (!r.answered() || r.status() == 502 || r.status() == 503 || r.status() == 504) {
            return false;
        }
        return r.is2xx() ? r.json().filter(JsonNode::isArray).isPresent()
                : r.json().filter(j -> j.isObject() && !"Status".equals(j.path("kind").asText())).isPresent();
    }

    // ------------------------------------------------------------------ D3.RUN.CRUD

    @Criterion("D3.RUN.CRUD")
    @Order(3)
    void theApiRoundTripsAnItemInsideTheCluster(Cluster cluster, Target target) {
        Layout layout = target.layout();
        InCluster c = new InCluster(cluster, layout);
        Findings findings = new Findings();
        if (c.installed(findings)) {
            c.waitRolledOut();
            apiService(c, findings).ifPresent(api -> {
                String marker = "fullchain-k8s-" + UUID.randomUUID();
                createItem(c, api, marker, findings).ifPresent(id -> readBack(c, api, id, marker, "just created", findings));
            });
        }
        findings.assertNone();
    }

    // ------------------------------------------------------------------ D3.RUN.PERSIST

    @Criterion("D3.RUN.PERSIST")
    @Order(4)
    void deletingTheDatabasePodLosesNoData(Cluster cluster, Target target) {
        InCluster c = new InCluster(cluster, target.layout());
        onlyOnAReleaseFullchainInstalled(c, "delete the database pod");
        Findings findings = new Findings();
        if (!c.installed(findings)) {
            findings.assertNone();
        }
        c.waitRolledOut();
        Optional<Workload> db = c.database();
        Location where = c.templateOf(db);
        Optional<StatefulSet> set = db.map(w -> cluster.client().apps().statefulSets().inNamespace(c.app.namespace())
                .withName(w.rendered().name()).get());
        if (set.isEmpty()) {
            throw Findings.fail(where, "no database StatefulSet of release " + c.app.name() + " in namespace " + c.app.namespace(),
                    "Postgres as a StatefulSet with a volume claim");
        }
        List<Pod> pods = c.rollouts.podsOf(set.get().getSpec().getSelector().getMatchLabels());
        if (pods.isEmpty()) {
            throw Findings.fail(where, "no pod of StatefulSet/" + set.get().getMetadata().getName(), "its pod running");
        }
        Pod pod = pods.get(0);
        checkClaims(c, pod, where, findings);
        findings.assertNone();
        Optional<Map.Entry<String, Integer>> api = apiService(c, findings);
        String marker = "fullchain-persist-" + UUID.randomUUID();
        Optional<String> id = api.flatMap(a -> createItem(c, a, marker, findings));
        findings.assertNone();

        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        cluster.client().pods().inNamespace(c.app.namespace()).withName(name).delete();
        boolean back = Rollouts.waitFor(cluster.timeout(), c.poll(), () -> {
            Pod now = cluster.client().pods().inNamespace(c.app.namespace()).withName(name).get();
            return now != null && !Objects.equals(uid, now.getMetadata().getUid()) && ready(now);
        });
        if (!back) {
            Pod now = cluster.client().pods().inNamespace(c.app.namespace()).withName(name).get();
            throw Findings.fail(where, "after deleting pod " + name + ", no new ready pod within " + cluster.timeout().toSeconds()
                    + " s (" + (now == null ? "none" : dev.fullchain.env.cluster.ClusterDiagnostics.podLine(now)) + ")",
                    "the StatefulSet recreating its pod on the same volume claim");
        }
        c.waitRolledOut();
        readBack(c, api.get(), id.get(), marker, "created before the database pod was deleted", findings);
        findings.assertNone();
    }

    private static void checkClaims(InCluster c, Pod pod, Location where, Findings findings) {
        // A claim counts only where a container mounts it: a claim template nobody mounts keeps no data.
        java.util.Set<String> mounted = pod.getSpec().getContainers().stream()
                .flatMap(x -> Optional.ofNullable(x.getVolumeMounts()).orElse(List.of()).stream())
                .map(io.fabric8.kubernetes.api.model.VolumeMount::getName).collect(java.util.stream.Collectors.toSet());
        List<Volume> claims = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getPersistentVolumeClaim() != null && mounted.contains(v.getName())).toList();
        if (claims.isEmpty()) {
            findings.add(where, "pod " + pod.getMetadata().getName() + " mounts no PersistentVolumeClaim: its data dies with it",
                    "a volume claim (volumeClaimTemplates) mounted at Postgres's data directory");
        }
        for (Volume v : claims) {
            String claim = v.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim pvc = c.cluster.client().persistentVolumeClaims().inNamespace(c.app.namespace()).withName(claim).get();
            String phase = pvc == null || pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
            if (!"Bound".equals(phase)) {
                findings.add(where, "PersistentVolumeClaim " + claim + " of pod " + pod.getMetadata().getName() + " is "
                        + (pvc == null ? "missing" : phase == null ? "without a phase" : phase),
                        "the claim Bound to a volume (kubectl get pvc; a default StorageClass provisions it)");
            }
        }
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus()));
    }

    // ------------------------------------------------------------------ D3.RUN.UPGRADE_ROLLBACK

    @Criterion("D3.RUN.UPGRADE_ROLLBACK")
    @Order(5)
    void anUpgradeRollsOutAndARollbackRestoresThePreviousRevision(Cluster cluster, Target target) {
        InCluster c = new InCluster(cluster, target.layout());
        onlyOnAReleaseFullchainInstalled(c, "upgrade and roll back the release");
        Findings findings = new Findings();
        if (!c.installed(findings)) {
            findings.assertNone();
        }
        Optional<Workload> api = c.api();
        Location where = c.templateOf(api);
        Container container = api.flatMap(w -> w.containers().stream().findFirst()).orElseThrow(() ->
                Findings.fail(c.app.chart().location(), "no api workload in the chart", "a Deployment of the api"));
        String before = container.getImage();
        String tagPath = tagValuePath(c, before).orElseThrow(() -> Findings.fail(Location.of(c.app.values().path()),
                "no values key gives the api image's tag (image " + before + ")", "api.image.repository and api.image.tag in values"));
        String upgradedImage;
        try {
            upgradedImage = cluster.imageForUpgrade(before);
        } catch (ClusterUnavailable e) {
            throw new TestAbortedException(e.getMessage());
        }
        String newTag = upgradedImage.substring(upgradedImage.lastIndexOf(':') + 1);
        HelmReleases.Inputs first = cluster.helm().inputsOf(1);
        Map<String, Object> sets = new LinkedHashMap<>(first.sets());
        sets.put(tagPath, newTag);
        String deployment = api.get().rendered().name();
        try {
            cluster.helm().upgrade(c.app.name(), c.app.namespace(), new HelmReleases.Inputs(first.chartDir(), first.valuesFiles(), sets));
        } catch (RuntimeException e) {
            throw Findings.fail(where, "helm upgrade --set " + tagPath + "=" + newTag + " failed: " + firstLine(e.getMessage()),
                    "the upgrade rolling out");
        }
        if (!rolledOutTo(c, deployment, newTag)) {
            findings.add(where, "after helm upgrade --set " + tagPath + "=" + newTag + ", Deployment/" + deployment + " is "
                    + rolloutLine(c, deployment) + "; pods: " + c.podsOf(api), "the new tag rolled out, every replica ready");
        }
        String oldTag = before.substring(before.lastIndexOf(':') + 1);
        try {
            cluster.helm().rollback(c.app.name(), c.app.namespace(), 1);
        } catch (RuntimeException e) {
            throw Findings.fail(where, "rolling back to revision 1 failed: " + firstLine(e.getMessage()), "the rollback succeeding");
        }
        if (!rolledOutTo(c, deployment, oldTag)) {
            findings.add(where, "after rolling back to revision 1, Deployment/" + deployment + " is " + rolloutLine(c, deployment)
                    + "; pods: " + c.podsOf(api), "the previous tag (" + oldTag + ") back, every replica ready");
        }
        var history = cluster.helm().history(c.app.name(), c.app.namespace());
        if (history.size() < 3) {
            findings.add(c.app.chart().location(), "helm history of " + c.app.name() + " has " + history.size() + " revision(s)",
                    "3 revisions: install, upgrade, rollback");
        }
        findings.assertNone();
    }

    /** The values path of the tag next to the repository the api image comes from ("api.image.tag"). */
    private static Optional<String> tagValuePath(InCluster c, String image) {
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        return ValuesPaths.find(c.app.chart().mergedValues(c.app.values()), (k, v) -> k.equals("repository") && repository.equals(v))
                .stream().findFirst().map(e -> e.path().substring(0, e.path().length() - "repository".length()) + "tag");
    }

    private static boolean rolledOutTo(InCluster c, String deployment, String tag) {
        return Rollouts.waitFor(c.cluster.timeout(), c.poll(), () -> {
            Deployment d = c.cluster.client().apps().deployments().inNamespace(c.app.namespace()).withName(deployment).get();
            boolean tagged = d != null && d.getSpec().getTemplate().getSpec().getContainers().stream()
                    .anyMatch(x -> x.getImage() != null && x.getImage().endsWith(":" + tag));
            return tagged && c.rollouts.statuses().stream().filter(s -> s.id().equals("Deployment/" + deployment)).allMatch(Rollouts.Status::done);
        });
    }

    private static String rolloutLine(InCluster c, String deployment) {
        Deployment d = c.cluster.client().apps().deployments().inNamespace(c.app.namespace()).withName(deployment).get();
        String image = d == null ? "missing" : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        return "at image " + image + ", " + c.rollouts.statuses().stream().filter(s -> s.id().equals("Deployment/" + deployment))
                .findFirst().map(Rollouts.Status::describe).orElse("no status");
    }

    // ------------------------------------------------------------------ shared

    private static void onlyOnAReleaseFullchainInstalled(InCluster c, String what) {
        if (!c.app.installedByFullchain()) {
            throw new TestAbortedException("fullchain does not " + what + " of release " + c.app.name()
                    + ", which it did not install: run without -Drelease to check a release of its own");
        }
    }

    private static Optional<Map.Entry<String, Integer>> apiService(InCluster c, Findings findings) {
        Optional<Map.Entry<String, Integer>> api = c.serviceOf(c.api());
        if (api.isEmpty()) {
            findings.add(c.templateOf(c.api()), "no Service selects the api pods", "a Service for the api (named as the frontend calls it)");
        }
        return api;
    }

    /** Retries a request while the API server answers 502/503 (no ready endpoint yet), within the cluster's timeout. */
    private static Http.Response answer(InCluster c, java.util.function.Supplier<Http.Response> call) {
        Http.Response[] last = new Http.Response[1];
        Rollouts.waitFor(c.cluster.timeout(), c.poll(), () -> {
            last[0] = call.get();
            return last[0].is2xx() || (last[0].answered() && last[0].status() != 502 && last[0].status() != 503);
        });
        return last[0];
    }

    private static Optional<String> createItem(InCluster c, Map.Entry<String, Integer> api, String marker, Findings findings) {
        String items = c.layout.api().items();
        Http.Response created = answer(c, () -> c.proxy.postJson(api.getKey(), api.getValue(), items, "{\"name\": " + Http.jsonString(marker) + "}"));
        JsonNode id = created.json().map(b -> b.path("id")).orElse(null);
        if (!created.is2xx() || id == null || id.isMissingNode() || id.isNull() || id.asText().isBlank()) {
            findings.add(c.templateOf(c.api()), "POST " + items + " through Service " + api.getKey() + ": " + created.summary() + " "
                    + created.bodyExcerpt(200) + "; api pods: " + c.podsOf(c.api()), "201 with the stored item as JSON, including its id");
            return Optional.empty();
        }
        return Optional.of(id.asText());
    }

    private static void readBack(InCluster c, Map.Entry<String, Integer> api, String id, String marker, String when, Findings findings) {
        String path = c.layout.api().items() + "/" + id;
        Http.Response read = answer(c, () -> c.proxy.get(api.getKey(), api.getValue(), path));
        String name = read.json().map(j -> j.path("name").asText()).orElse(null);
        if (read.status() != 200 || !marker.equals(name)) {
            findings.add(c.templateOf(c.api()), "GET " + path + " for the item " + when + ": " + read.summary() + " " + read.bodyExcerpt(200),
                    "200 with the item named \"" + marker + "\"");
        }
    }


}
