package dev.fullchain.selftest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Outcome;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import dev.fullchain.env.Environments;
import dev.fullchain.env.cluster.ClusterDiagnostics;
import dev.fullchain.probe.cluster.Rollouts;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Day 3 cluster checks against the mock cluster (the k3s image cannot be pulled here):
 * the reference chart installs, serves, persists, upgrades and rolls back; fullchain removes
 * what it installed and nothing else; with -Drelease it checks an existing release without
 * touching it. Broken states are in ClusterMutantsTest.
 */
@Tag("selftest")
class ClusterChecksAgainstMockTest {

    static final List<String> RUN = List.of("D3.RUN.INSTALL", "D3.RUN.SERVICE_DNS", "D3.RUN.CRUD", "D3.RUN.PERSIST",
            "D3.RUN.UPGRADE_ROLLBACK");

    @Test
    void theReferenceChartPassesEveryClusterCheckAndOnlyWhatFullchainInstalledIsRemoved() {
        Path target = Fixtures.root();
        try (MockCluster cluster = MockCluster.start(target, ClusterFaults.NONE)) {
            ConfigMap learners = cluster.client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("learners-own").endMetadata().addToData("keep", "me").build()).create();

            Map<String, Outcome> outcomes = cluster.runDay3(target, Map.of());

            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(RUN);
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            List<MockKubernetes.Request> requests = cluster.api.requests();
            assertThat(requests).as("HTTP to the app went through the API server's service proxy, to the frontend and the api")
                    .anyMatch(r -> r.path().matches("/api/v1/namespaces/fullchain-check-[0-9a-f]{6}/services/fullchain-fullchain-app-frontend:8080/proxy/api/items"))
                    .anyMatch(r -> r.method().equals("POST") && r.path().matches("/api/v1/namespaces/fullchain-check-[0-9a-f]{6}/services/api:8000/proxy/api/items"));
            int uninstall = requests.indexOf(requests.stream()
                    .filter(r -> r.method().equals("DELETE") && r.path().endsWith("/statefulsets/fullchain-fullchain-app-db")).findFirst().orElseThrow());
            assertThat(requests.subList(0, uninstall)).as("the database pod was deleted once (D3.RUN.PERSIST), before the uninstall")
                    .filteredOn(r -> r.method().equals("DELETE") && r.path().endsWith("/pods/fullchain-fullchain-app-db-0")).hasSize(1);
            assertThat(cluster.client.secrets().inAnyNamespace().list().getItems())
                    .as("no Helm release left behind").noneMatch(s -> s.getMetadata().getName().startsWith("sh.helm.release.v1."));
            assertThat(cluster.client.namespaces().list().getItems()).as("the namespace fullchain created is deleted")
                    .noneMatch(n -> n.getMetadata().getName().startsWith("fullchain-check-"));
            assertThat(cluster.client.configMaps().inNamespace("default").withName("learners-own").get())
                    .as("what fullchain did not create is untouched").isNotNull()
                    .satisfies(c -> assertThat(c.getData()).isEqualTo(learners.getData()));
        }
    }

    @Test
    void anExistingReleaseIsCheckedWithoutBeingChanged() throws Exception {
        Path target = Fixtures.root();
        Path chart = target.resolve("charts/fullchain-app");
        try (MockCluster cluster = MockCluster.start(target, ClusterFaults.NONE)) {
            cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fullchain-dev").endMetadata().build()).create();
            new Helm(chart).install().withKubeConfig(cluster.api.kubeconfig()).withName("learner").withNamespace("fullchain-dev")
                    .disableOpenApiValidation().withValuesFile(chart.resolve("values-dev.yaml")).call();

            Map<String, Outcome> outcomes = cluster.runDay3(target, Map.of("release", "learner", "cluster.namespace", "fullchain-dev"));

            assertThat(outcomes.get("D3.RUN.INSTALL").status()).as("%s", outcomes.get("D3.RUN.INSTALL")).isEqualTo(Outcome.Status.PASSED);
            assertThat(outcomes.get("D3.RUN.SERVICE_DNS").status()).isEqualTo(Outcome.Status.PASSED);
            assertThat(outcomes.get("D3.RUN.CRUD").status()).isEqualTo(Outcome.Status.PASSED);
            for (String disruptive : List.of("D3.RUN.PERSIST", "D3.RUN.UPGRADE_ROLLBACK")) {
                assertThat(outcomes.get(disruptive).status()).as(disruptive).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(outcomes.get(disruptive).message()).contains("which it did not install", "without -Drelease");
            }
            assertThat(Helm.history("learner").withKubeConfig(cluster.api.kubeconfig()).withNamespace("fullchain-dev").call())
                    .as("the learner's release keeps its one revision").hasSize(1);
            assertThat(cluster.api.requests()).as("no pod of the learner's release was deleted")
                    .noneMatch(r -> r.method().equals("DELETE") && r.path().contains("/namespaces/fullchain-dev/pods/"));
            assertThat(cluster.client.apps().deployments().inNamespace("fullchain-dev").list().getItems()).hasSize(2);
        }
    }

    @Test
    void theDiagnosticsAttachedToAFailureShowThePodsAsKubectlWould() {
        Path target = Fixtures.root();
        Path chart = target.resolve("charts/fullchain-app");
        ClusterFaults crashing = ClusterFaults.from(Map.of("crash-looping", List.of("frontend")));
        try (MockCluster cluster = MockCluster.start(target, crashing)) {
            new Helm(chart).install().withKubeConfig(cluster.api.kubeconfig()).withName("learner").withNamespace("fullchain-dev")
                    .createNamespace().disableOpenApiValidation().withValuesFile(chart.resolve("values-dev.yaml")).call();
            boolean crashed = Rollouts.waitFor(Duration.ofSeconds(10), Duration.ofMillis(100), () -> {
                var pods = cluster.client.pods().inNamespace("fullchain-dev").list().getItems();
                return pods.size() == 3 && pods.stream().allMatch(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                        && !p.getStatus().getContainerStatuses().isEmpty()) && pods.stream().anyMatch(p -> !FakeKubelet.ready(p));
            });
            assertThat(crashed).as("the fake kubelet reported the frontend's crash loop").isTrue();

            Map<String, String> diagnostics = ClusterDiagnostics.of(cluster.client, "fullchain-dev");

            assertThat(diagnostics).containsKeys("pods in fullchain-dev", "events in fullchain-dev");
            assertThat(diagnostics.get("pods in fullchain-dev"))
                    .containsPattern("learner-fullchain-app-frontend-[0-9a-f]{8}-[a-z]{5}  Pending  ready 0/1  restarts 5  frontend: CrashLoopBackOff")
                    .containsPattern("learner-fullchain-app-api-[0-9a-f]{8}-[a-z]{5}  Running  ready 1/1  restarts 0");
            assertThat(diagnostics.keySet()).as("a log entry per container").anyMatch(k -> k.startsWith("logs learner-fullchain-app-frontend-"));
        }
    }

    @Test
    void aMissingKubeconfigOrAnApiServerThatDoesNotAnswerSkipsEveryClusterCheckWithTheReason() throws Exception {
        Path target = Fixtures.root();
        Map<String, Outcome> missing = runWithout(target, Map.of("cluster", "kubeconfig",
                "kubeconfig", target.resolve("no-such-kubeconfig.yaml").toString()));
        assertThat(missing.values()).hasSize(RUN.size()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
            assertThat(o.message()).contains("no-such-kubeconfig.yaml is not readable", "-Dkubeconfig=PATH");
        });

        Path stale = Files.createTempFile("fullchain-stale-kubeconfig-", ".yaml");
        try {
            try (MockKubernetes gone = MockKubernetes.start()) {
                Files.copy(gone.kubeconfig(), stale, StandardCopyOption.REPLACE_EXISTING);
            }
            long t0 = System.nanoTime();
            Map<String, Outcome> silent = runWithout(target, Map.of("cluster", "kubeconfig", "kubeconfig", stale.toString()));
            assertThat(silent.values()).hasSize(RUN.size()).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).contains("does not answer", "kubectl cluster-info");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("one attempt, remembered for every check").isLessThan(Duration.ofSeconds(30));
        } finally {
            Files.deleteIfExists(stale);
        }
    }

    private static Map<String, Outcome> runWithout(Path target, Map<String, String> params) {
        try {
            return HarnessRun.run(target, MockCluster.DAY3_CLUSTER, params);
        } finally {
            Environments.closeFor(Target.open(target));
        }
    }

    /**
     * Helm reads the chart's files itself when it installs: fullchain renders first, within
     * Helm's limits, and installs a copy made through the target's jail. A template that runs
     * away is not installed (and says which limit), a file linked out of the repository is
     * not installed either (and never shown), and nothing reaches the cluster.
     */
    @Test
    void aChartThatRunsAwayOrLinksOutsideIsNotInstalledAndSaysWhy(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        Path outside = Files.writeString(Files.createDirectories(work.resolve("outside")).resolve("key.txt"), "outside-install-marker-51c2");
        Path runaway = work.resolve("runaway");
        dev.fullchain.selftest.Mutant.copyTree(Fixtures.root(), runaway);
        Files.writeString(runaway.resolve("charts/fullchain-app/templates/loop.yaml"), "{{- range until 100000000 }}# x\n{{- end }}\n");
        Path linked = work.resolve("linked");
        dev.fullchain.selftest.Mutant.copyTree(Fixtures.root(), linked);
        Files.createSymbolicLink(linked.resolve("charts/fullchain-app/key.txt"), outside);

        System.setProperty("fullchain.helm.timeout", "3");
        try (MockCluster cluster = MockCluster.start(runaway, ClusterFaults.NONE)) {
            Outcome install = cluster.runDay3(runaway, Map.of()).get("D3.RUN.INSTALL");
            assertThat(install.status()).as("%s", install).isNotEqualTo(Outcome.Status.PASSED);
            assertThat(install.message()).contains("did not finish within 3 s").contains("templates/loop.yaml");
            assertThat(cluster.client.secrets().inAnyNamespace().list().getItems())
                    .as("nothing installed").noneMatch(s -> s.getMetadata().getName().startsWith("sh.helm.release.v1."));
        } finally {
            System.clearProperty("fullchain.helm.timeout");
        }
        try (MockCluster cluster = MockCluster.start(linked, ClusterFaults.NONE)) {
            Outcome install = cluster.runDay3(linked, Map.of()).get("D3.RUN.INSTALL");
            assertThat(install.status()).as("%s", install).isNotEqualTo(Outcome.Status.PASSED);
            assertThat(install.message()).contains("charts/fullchain-app/key.txt").contains("outside the repository")
                    .doesNotContain("outside-install-marker-51c2");
            assertThat(cluster.client.secrets().inAnyNamespace().list().getItems())
                    .as("nothing installed").noneMatch(s -> s.getMetadata().getName().startsWith("sh.helm.release.v1."));
        }
    }
}
