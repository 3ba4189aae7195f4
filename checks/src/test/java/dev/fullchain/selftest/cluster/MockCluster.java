package dev.fullchain.selftest.cluster;

import dev.fullchain.criteria.Tier;
import dev.fullchain.env.Environments;
import dev.fullchain.selection.Selection;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A cluster for the Day 3 cluster checks without k3s: the mock API server, the fake kubelet
 * and controllers, and the fake app behind the service proxy, all in-process on 127.0.0.1.
 * The harness reaches it exactly as it reaches a learner's cluster: -Dcluster=kubeconfig.
 */
final class MockCluster implements AutoCloseable {

    static final Selection DAY3_CLUSTER = new Selection(Set.of(3), EnumSet.of(Tier.CLUSTER));
    /** Seconds any wait of the checks may last here: the fake reacts within 0.1 s, a broken state never does. */
    static final int TIMEOUT_SECONDS = 3;

    static final Selection DAY5_CLUSTER = new Selection(Set.of(5), EnumSet.of(Tier.CLUSTER));

    final MockKubernetes api;
    final KubernetesClient client;
    private final FakeKubelet kubelet;
    /** The observability stack, where the target has the reference layout's stack values and a prometheus binary is on PATH. */
    final java.util.Optional<FakeStack> stack;

    private MockCluster(Path target, ClusterFaults faults, java.util.Optional<dev.fullchain.selftest.prometheus.RealApiProcess> realApi) {
        api = MockKubernetes.start(!faults.noMonitoringCrds());
        client = api.client();
        kubelet = new FakeKubelet(client, faults);
        FakeApps apps = new FakeApps(api.store(), target);
        realApi.ifPresent(r -> apps.forwardApiTo(r.url("")));
        stack = faults.noMonitoringCrds() ? java.util.Optional.empty() : FakeStack.install(client, target, faults, realApi);
        stack.ifPresent(s -> apps.observe(s.api()));
        api.serveServiceProxy(stack.map(s -> s.proxy(apps)).orElse(apps));
        stack.ifPresent(s -> api.servePortForwards(s.pods()));
    }

    static MockCluster start(Path target, ClusterFaults faults) {
        return new MockCluster(target, faults, java.util.Optional.empty());
    }

    /** With the real fixture api (a process) answering for the api's containers: its metrics scraped, its log lines collected. */
    static MockCluster withRealApi(Path target, dev.fullchain.selftest.prometheus.RealApiProcess realApi) {
        return new MockCluster(target, ClusterFaults.NONE, java.util.Optional.of(realApi));
    }

    /** The Day 3 cluster checks over {@code target}, against this cluster, with extra run settings. */
    Map<String, Outcome> runDay3(Path target, Map<String, String> extra) {
        return run(target, DAY3_CLUSTER, TIMEOUT_SECONDS, extra);
    }

    /** The cluster checks of {@code days} over {@code target}, against this cluster, each wait bounded by {@code timeoutSeconds}. */
    Map<String, Outcome> run(Path target, Selection days, int timeoutSeconds, Map<String, String> extra) {
        Map<String, String> params = new LinkedHashMap<>(api.params(timeoutSeconds));
        params.putAll(extra);
        try {
            return HarnessRun.run(target, days, params);
        } finally {
            Environments.closeFor(Target.open(target));
        }
    }

    @Override
    public void close() {
        stack.ifPresent(FakeStack::close);
        kubelet.close();
        client.close();
        api.close();
    }
}
