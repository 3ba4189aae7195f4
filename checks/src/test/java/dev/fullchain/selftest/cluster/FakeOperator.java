package dev.fullchain.selftest.cluster;

import dev.fullchain.probe.Http;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus Operator, reduced to what the Day 5 checks see of it, driving a real Prometheus:
 * every quarter second it reads the Prometheus object and the ServiceMonitors and
 * PrometheusRules of the mock cluster, keeps those the Prometheus selects (matchLabels; a
 * null namespace selector is its own namespace, an empty one every namespace), and writes
 * what the operator would generate: one scrape job per ServiceMonitor endpoint, named
 * serviceMonitor/NS/NAME/I, with a target per ready pod behind a Service port of that name
 * (the api's metrics are served by the stand-in on 127.0.0.1), and one rule file per
 * PrometheusRule, NS-NAME-UID.yaml. Prometheus is reloaded when that changes.
 */
final class FakeOperator implements AutoCloseable {

    static final ResourceDefinitionContext PROMETHEUS = kind("Prometheus", "prometheuses");
    static final ResourceDefinitionContext SERVICE_MONITOR = kind("ServiceMonitor", "servicemonitors");
    static final ResourceDefinitionContext PROMETHEUS_RULE = kind("PrometheusRule", "prometheusrules");

    private final KubernetesClient client;
    private final Path dir;
    private final String prometheusUrl;
    private final int metricsPort;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-prometheus-operator");
        t.setDaemon(true);
        return t;
    });
    private String applied = "";

    /** {@code metricsPort}: where the api's /metrics answer (the stand-in, or a closed port when the api is down). */
    FakeOperator(KubernetesClient client, Path dir, String prometheusUrl, int metricsPort) {
        this.client = client;
        this.dir = dir;
        this.prometheusUrl = prometheusUrl;
        this.metricsPort = metricsPort;
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, 250, TimeUnit.MILLISECONDS);
    }

    private static ResourceDefinitionContext kind(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion("v1").withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    /** The first Prometheus configuration, before any ServiceMonitor: rule files from rules/. */
    static String emptyConfig() {
        return "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: [rules/*.yaml]\nscrape_configs: []\n";
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException | IOException e) {
            // a write raced with the harness or a reload was refused: the next pass tries again
        }
    }

    private void reconcile() throws IOException {
        List<GenericKubernetesResource> prometheuses = client.genericKubernetesResources(PROMETHEUS).inAnyNamespace().list().getItems();
        if (prometheuses.isEmpty()) {
            return;
        }
        GenericKubernetesResource prom = prometheuses.get(0);
        StringBuilder jobs = new StringBuilder();
        for (GenericKubernetesResource sm : client.genericKubernetesResources(SERVICE_MONITOR).inAnyNamespace().list().getItems()) {
            if (selects(prom, "serviceMonitorSelector", "serviceMonitorNamespaceSelector", sm)) {
                jobs.append(jobsOf(sm));
            }
        }
        Map<String, String> ruleFiles = new LinkedHashMap<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(PROMETHEUS_RULE).inAnyNamespace().list().getItems()) {
            if (selects(prom, "ruleSelector", "ruleNamespaceSelector", r)) {
                ruleFiles.put(r.getMetadata().getNamespace() + "-" + r.getMetadata().getName() + "-" + r.getMetadata().getUid() + ".yaml",
                        new Yaml().dump(Map.of("groups", spec(r).getOrDefault("groups", List.of()))));
            }
        }
        String config = emptyConfig().replace("scrape_configs: []\n", jobs.isEmpty() ? "scrape_configs: []\n" : "scrape_configs:\n" + jobs);
        String state = config + ruleFiles;
        if (state.equals(applied)) {
            return;
        }
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (var old = Files.list(rules)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        for (Map.Entry<String, String> f : ruleFiles.entrySet()) {
            Files.writeString(rules.resolve(f.getKey()), f.getValue());
        }
        Files.writeString(dir.resolve("prometheus.yml"), config);
        if (Http.postJson(prometheusUrl + "/-/reload", "").is2xx()) {
            applied = state;
        }
    }

    /** matchLabels only (what the stack's chart writes); a null object selector selects nothing. */
    @SuppressWarnings("unchecked")
    private boolean selects(GenericKubernetesResource prom, String selectorField, String namespaceField, GenericKubernetesResource o) {
        Map<String, Object> spec = spec(prom);
        if (!(spec.get(selectorField) instanceof Map<?, ?> selector)) {
            return false;
        }
        Map<String, String> labels = o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
        Map<String, Object> match = selector.get("matchLabels") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (!match.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())))) {
            return false;
        }
        Object ns = spec.get(namespaceField);
        if (ns == null) {
            return o.getMetadata().getNamespace().equals(prom.getMetadata().getNamespace());
        }
        Map<String, Object> names = ns instanceof Map<?, ?> m && m.get("matchLabels") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
        String name = names.get("kubernetes.io/metadata.name") == null ? null : String.valueOf(names.get("kubernetes.io/metadata.name"));
        return name == null || name.equals(o.getMetadata().getNamespace());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return r.getAdditionalProperties().get("spec") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
    }

    @SuppressWarnings("unchecked")
    private String jobsOf(GenericKubernetesResource sm) throws IOException {
        Map<String, Object> spec = spec(sm);
        String ns = sm.getMetadata().getNamespace();
        List<String> namespaces = spec.get("namespaceSelector") instanceof Map<?, ?> n && n.get("matchNames") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of(ns);
        Map<String, Object> match = spec.get("selector") instanceof Map<?, ?> s && s.get("matchLabels") instanceof Map<?, ?> m
                ? (Map<String, Object>) m : Map.of();
        List<?> endpoints = spec.get("endpoints") instanceof List<?> e ? e : List.of();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < endpoints.size(); i++) {
            Map<String, Object> ep = endpoints.get(i) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String job = "serviceMonitor/" + ns + "/" + sm.getMetadata().getName() + "/" + i;
            List<Map<String, Object>> targets = new ArrayList<>();
            for (String n : namespaces) {
                for (Service svc : client.services().inNamespace(n).list().getItems()) {
                    Map<String, String> labels = svc.getMetadata().getLabels() == null ? Map.of() : svc.getMetadata().getLabels();
                    if (match.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())))) {
                        targets.addAll(targetsOf(svc, String.valueOf(ep.get("port"))));
                    }
                }
            }
            Path sd = Files.createDirectories(dir.resolve("sd")).resolve(job.replace('/', '_') + ".json");
            Files.writeString(sd, io.fabric8.kubernetes.client.utils.Serialization.asJson(targets));
            out.append("  - job_name: ").append(job).append('\n')
                    .append("    metrics_path: ").append(ep.getOrDefault("path", "/metrics")).append('\n')
                    .append("    file_sd_configs: [{files: [").append(sd).append("], refresh_interval: 1s}]\n");
        }
        return out.toString();
    }

    /** A target per ready pod behind the Service port named {@code port} (the operator matches port: by name only). */
    private List<Map<String, Object>> targetsOf(Service svc, String port) {
        Optional<ServicePort> sp = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of()).stream()
                .filter(p -> port.equals(p.getName())).findFirst();
        if (sp.isEmpty() || svc.getSpec().getSelector() == null) {
            return List.of();
        }
        IntOrString target = sp.get().getTargetPort() == null ? new IntOrString(sp.get().getPort()) : sp.get().getTargetPort();
        List<Map<String, Object>> out = new ArrayList<>();
        String ns = svc.getMetadata().getNamespace();
        for (Pod p : client.pods().inNamespace(ns).withLabels(svc.getSpec().getSelector()).list().getItems()) {
            if (!FakeKubelet.ready(p)) {
                continue;
            }
            for (Container c : p.getSpec().getContainers()) {
                for (ContainerPort cp : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                    boolean matches = target.getIntVal() != null ? target.getIntVal().equals(cp.getContainerPort())
                            : target.getStrVal().equals(cp.getName());
                    if (matches) {
                        Map<String, String> labels = new LinkedHashMap<>();
                        labels.put("job", svc.getMetadata().getName());
                        labels.put("namespace", ns);
                        labels.put("service", svc.getMetadata().getName());
                        labels.put("pod", p.getMetadata().getName());
                        labels.put("container", c.getName());
                        labels.put("endpoint", port);
                        labels.put("instance", p.getMetadata().getName() + ":" + cp.getContainerPort());
                        out.add(Map.of("targets", List.of("127.0.0.1:" + metricsPort), "labels", labels));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
