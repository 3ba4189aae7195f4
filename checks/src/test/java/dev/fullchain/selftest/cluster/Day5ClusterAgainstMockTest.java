package dev.fullchain.selftest.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.selftest.prometheus.PrometheusProcess;
import dev.fullchain.selftest.prometheus.RealApiProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Day 5 cluster checks against the mock cluster holding the reference stack: a real
 * Prometheus (driven by a fake operator from the ServiceMonitors and PrometheusRules it
 * selects), contract fakes of Loki and Grafana, all reached through the API server's service
 * proxy as on a learner's cluster. Broken states are Day 5 cluster mutants.
 */
@Tag("selftest")
class Day5ClusterAgainstMockTest {

    static final List<String> RUN = List.of("D5.RUN.TARGETS", "D5.RUN.QUERY", "D5.RUN.RULES", "D5.RUN.LOKI", "D5.RUN.GRAFANA",
            "D5.RUN.TRACES");
    /** Seconds a wait may last: Prometheus discovers, scrapes and evaluates every second here. */
    static final int TIMEOUT_SECONDS = 20;

    /**
     * The same, with the real fixture api (a process, on Postgres in a container) answering for
     * the api's pods: Prometheus scrapes its own /metrics, and the lines Loki holds are its own.
     */
    @Test
    void theReferenceStackPassesWithTheRealApiBehindItsPods(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
        assumeTrue(RealApiProcess.runnable(), "Debian's python3 lacks the api's packages (.ci/prepare-api-runtime.sh installs them)");
        var docker = dev.fullchain.env.Docker.availability();
        assumeTrue(docker.available(), docker.reason());
        Path target = Fixtures.root();
        try (var db = RealApiProcess.database()) {
            db.start();
            try (RealApiProcess api = RealApiProcess.start(work, RealApiProcess.settings(db));
                    MockCluster cluster = MockCluster.withRealApi(target, api)) {
                Map<String, Outcome> outcomes = cluster.run(target, MockCluster.DAY5_CLUSTER, TIMEOUT_SECONDS, Map.of());
                assertThat(outcomes.values()).filteredOn(o -> !o.criterion().equals("D5.RUN.TRACES"))
                        .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
                assertThat(api.log()).as("the marker D5.RUN.LOKI found is in the real api's own log").contains("fullchain-loki-");
            }
        }
    }

    /** fullchain.yaml's monitoring: names the Services to use; a name the cluster lacks is said, a malformed one blocks. */
    @Test
    void theMonitoringKeyOfFullchainYamlNamesTheStacksServices(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
        Path mapped = dev.fullchain.selftest.Mutant.parse("layout/monitoring", """
                why: the stack's Services named in fullchain.yaml
                kills: []
                edits:
                  - file: fullchain.yaml
                    write: "monitoring:\\n  prometheus: monitoring/kube-prometheus-stack-prometheus:9090\\n  loki: monitoring/loki-gateway\\n  grafana: monitoring/nowhere:80\\n"
                """).materialise(Fixtures.root(), tmp.resolve("mapped"));
        try (MockCluster cluster = MockCluster.start(mapped, ClusterFaults.NONE)) {
            int setUp = cluster.api.requests().size();
            Map<String, Outcome> outcomes = cluster.run(mapped, MockCluster.DAY5_CLUSTER, TIMEOUT_SECONDS, Map.of());
            for (String id : List.of("D5.RUN.TARGETS", "D5.RUN.QUERY", "D5.RUN.RULES", "D5.RUN.LOKI")) {
                assertThat(outcomes.get(id).status()).as("%s", outcomes.get(id)).isEqualTo(Outcome.Status.PASSED);
            }
            assertThat(outcomes.get("D5.RUN.GRAFANA").status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(outcomes.get("D5.RUN.GRAFANA").message())
                    .contains("fullchain.yaml", "monitoring.grafana in fullchain.yaml names monitoring/nowhere:80, which the cluster does not have");
            List<MockKubernetes.Request> requests = cluster.api.requests().subList(setUp, cluster.api.requests().size());
            assertThat(requests).as("the Services fullchain.yaml names, on the port it gives or the Service's own")
                    .anyMatch(r -> r.path().startsWith("/api/v1/namespaces/monitoring/services/kube-prometheus-stack-prometheus:9090/proxy/api/v1/"))
                    .anyMatch(r -> r.path().startsWith("/api/v1/namespaces/monitoring/services/loki-gateway:80/proxy/loki/"))
                    .noneMatch(r -> r.path().contains("/services/prometheus-operated:"));
        }
        Path malformed = dev.fullchain.selftest.Mutant.parse("layout/monitoring-malformed", """
                why: a Service named without its namespace
                kills: []
                edits:
                  - {file: fullchain.yaml, write: "monitoring: {prometheus: prometheus-operated}\\n"}
                """).materialise(Fixtures.root(), tmp.resolve("malformed"));
        try (MockCluster cluster = MockCluster.start(malformed, ClusterFaults.NONE)) {
            Outcome targets = cluster.run(malformed, MockCluster.DAY5_CLUSTER, TIMEOUT_SECONDS, Map.of()).get("D5.RUN.TARGETS");
            assertThat(targets.status()).as("%s", targets).isEqualTo(Outcome.Status.BLOCKED);
            assertThat(targets.message()).contains("fullchain.yaml:1", "is not namespace/service[:port]");
        }
    }

    /** A Loki that keeps auth_enabled holds each line under its tenant: fullchain queries as the tenant_id Alloy pushes as. */
    @Test
    void aMultiTenantLokiIsQueriedAsTheTenantAlloyPushesAs(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
        Path tenant = dev.fullchain.selftest.Mutant.parse("stack/loki-tenant", """
                why: Loki with auth_enabled, Alloy pushing as tenant team-a
                kills: []
                edits:
                  - {file: charts/monitoring/loki.yaml, replace: "  auth_enabled: false\\n", with: "  auth_enabled: true\\n"}
                  - file: charts/monitoring/alloy.yaml
                    replace: "url = \\"http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push\\"\\n"
                    with: "url = \\"http://loki.monitoring.svc.cluster.local:3100/loki/api/v1/push\\"\\n          tenant_id = \\"team-a\\"\\n"
                """).materialise(Fixtures.root(), tmp.resolve("tenant"));
        try (MockCluster cluster = MockCluster.start(tenant, ClusterFaults.NONE)) {
            Outcome loki = cluster.run(tenant, MockCluster.DAY5_CLUSTER, TIMEOUT_SECONDS, Map.of()).get("D5.RUN.LOKI");
            assertThat(loki.status()).as("%s", loki).isEqualTo(Outcome.Status.PASSED);
        }
    }

    @Test
    void theReferenceStackPassesEveryDay5ClusterCheckReadOnlyAndThroughTheServiceProxy() {
        assumeTrue(PrometheusProcess.binary().isPresent(), "no prometheus on PATH (.ci/run puts Debian's there)");
        Path target = Fixtures.root();
        try (MockCluster cluster = MockCluster.start(target, ClusterFaults.NONE)) {
            int setUp = cluster.api.requests().size();
            Map<String, Outcome> outcomes = cluster.run(target, MockCluster.DAY5_CLUSTER, TIMEOUT_SECONDS, Map.of());

            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(RUN);
            assertThat(outcomes.values()).filteredOn(o -> !o.criterion().equals("D5.RUN.TRACES"))
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            assertThat(outcomes.get("D5.RUN.TRACES").status()).isEqualTo(Outcome.Status.SKIPPED);
            assertThat(outcomes.get("D5.RUN.TRACES").message()).contains("bonus", "not deployed", "tempo");
            List<MockKubernetes.Request> requests = cluster.api.requests().subList(setUp, cluster.api.requests().size());
            assertThat(requests).as("Prometheus and Loki reached through the service proxy, Grafana (which needs its login) through a port-forward")
                    .anyMatch(r -> r.path().startsWith("/api/v1/namespaces/monitoring/services/prometheus-operated:9090/proxy/api/v1/targets"))
                    .anyMatch(r -> r.path().startsWith("/api/v1/namespaces/monitoring/services/loki:3100/proxy/loki/api/v1/query_range"))
                    .anyMatch(r -> r.path().matches("/api/v1/namespaces/monitoring/pods/kube-prometheus-stack-grafana-[^/]+/portforward\\?ports=3000.*"))
                    .noneMatch(r -> r.path().contains("/services/kube-prometheus-stack-grafana:80/proxy/api/search"));
            assertThat(requests).as("fullchain's own client sent requests").anyMatch(MockKubernetes.Request::byFullchain);
            assertThat(requests).as("fullchain changes nothing in the cluster: only reads, apart from the traffic it sends through"
                            + " the proxy and port-forwards, and deleting the namespace it created for its release")
                    .filteredOn(r -> r.byFullchain() && !r.path().contains("/proxy/") && !r.path().contains("/portforward")
                            && !(r.method().equals("DELETE") && r.path().matches("/api/v1/namespaces/fullchain-check-[0-9a-f]{6}")))
                    .allSatisfy(r -> assertThat(r.method()).as("%s", r).isEqualTo("GET"));
            assertThat(outcomes.values()).as("Grafana's admin password, read from its Secret, is in no message")
                    .allSatisfy(o -> assertThat(o.message()).doesNotContain(FakeStack.GRAFANA_PASSWORD));
            assertThat(outcomes.get("D5.RUN.GRAFANA").message()).as("the data sources' health checks ran, but not the Alertmanager one's")
                    .doesNotContain("Plugin unavailable");
        }
    }
}
