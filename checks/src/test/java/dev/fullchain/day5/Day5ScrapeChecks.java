package dev.fullchain.day5;

import static dev.fullchain.day5.AppRenders.at;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.day5.AppRenders.EnvRender;
import dev.fullchain.model.helm.AppWorkloads;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ObservabilityStack.StackRelease;
import dev.fullchain.model.observability.ReleaseValues;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Day 5, static: the app chart's ServiceMonitor, rendered with each environment's values, and
 * whether the stack's Prometheus selects it, computed from the values kube-prometheus-stack is
 * installed with: its serviceMonitorSelector (an empty one means release: <its release> while
 * serviceMonitorSelectorNilUsesHelmValues stays true, the chart's default), and its
 * serviceMonitorNamespaceSelector (the chart writes an empty one, {}, when none is set: every
 * namespace). Then the ServiceMonitor's own selection: the api Service's labels, in a
 * namespace it looks in, on a port it names, at the api's metrics path.
 */
class Day5ScrapeChecks {

    static final String KIND = "ServiceMonitor";
    private static final String NIL_USES_HELM = "prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues";
    private static final String SELECTOR = "prometheus.prometheusSpec.serviceMonitorSelector";
    private static final String NAMESPACE_SELECTOR = "prometheus.prometheusSpec.serviceMonitorNamespaceSelector";
    private static final String IGNORE_NAMESPACE_SELECTORS = "prometheus.prometheusSpec.ignoreNamespaceSelectors";

    /** The Prometheus of the stack, as the chart renders its ServiceMonitor selection from the release's values. */
    record Selection(StackRelease release, LabelSelector monitors, boolean written, String why, Location monitorsAt,
                     LabelSelector namespaces, Location namespacesAt, boolean ignoreNamespaceSelectors) {

        static Selection of(StackRelease r, ReleaseValues v) {
            Optional<Map<?, ?>> written = v.map(SELECTOR).filter(m -> !m.isEmpty());
            boolean nilUsesHelm = v.text(NIL_USES_HELM).map(s -> !s.equals("false")).orElse(true);
            LabelSelector monitors;
            String why;
            Location at;
            if (written.isPresent()) {
                monitors = LabelSelector.of(written.get());
                why = "its serviceMonitorSelector " + monitors.describe();
                at = v.locate(SELECTOR);
            } else if (nilUsesHelm) {
                monitors = LabelSelector.matchLabels(Map.of("release", r.name()));
                why = "an empty serviceMonitorSelector with " + NIL_USES_HELM.substring(NIL_USES_HELM.lastIndexOf('.') + 1)
                        + (v.text(NIL_USES_HELM).isPresent() ? ": true" : " left at the chart's default (true)")
                        + " means release: " + r.name();
                at = v.locate(NIL_USES_HELM);
            } else {
                monitors = LabelSelector.of(null);
                why = NIL_USES_HELM.substring(NIL_USES_HELM.lastIndexOf('.') + 1) + ": false with no serviceMonitorSelector";
                at = v.locate(NIL_USES_HELM);
            }
            LabelSelector namespaces = LabelSelector.of(v.map(NAMESPACE_SELECTOR).filter(m -> !m.isEmpty()).orElse(null));
            boolean ignore = v.text(IGNORE_NAMESPACE_SELECTORS).filter("true"::equals).isPresent();
            return new Selection(r, monitors, written.isPresent(), why, at, namespaces, v.locate(NAMESPACE_SELECTOR), ignore);
        }
    }

    @Criterion("D5.OBS.SERVICEMONITOR")
    void theStacksPrometheusSelectsTheApisServiceMonitor(ObservabilityStack stack, HelmCharts helm) {
        Findings findings = new Findings();
        Optional<StackRelease> metrics;
        Missing noStack = null;
        try {
            metrics = stack.byChart("kube-prometheus-stack");
        } catch (Missing m) {
            metrics = Optional.empty();
            noStack = m;
        }
        List<EnvRender> renders;
        try {
            renders = AppRenders.of(helm, findings);
        } catch (Missing noChart) {
            throw noStack != null ? noStack : noChart;
        }
        boolean anyMonitor = renders.stream().anyMatch(r -> !monitors(r).isEmpty());
        if (!anyMonitor && noStack != null) {
            throw noStack; // Day 5 not started: never failed, nor blocked by a chart Day 3 judges
        }
        Target target = helm.target();
        Set<String> said = new HashSet<>();
        for (EnvRender r : renders) {
            Optional<StackRelease> m = metrics;
            findings.tolerating(() -> judge(target, stack, m, r, said, findings));
        }
        findings.assertNone();
    }

    private static List<RenderedObject> monitors(EnvRender r) {
        return r.rendered().objects().stream().filter(o -> KIND.equals(o.kind())).toList();
    }

    private static void judge(Target target, ObservabilityStack stack, Optional<StackRelease> metrics, EnvRender r,
                              Set<String> said, Findings findings) {
        List<RenderedObject> monitors = monitors(r);
        Optional<Workload> api = AppWorkloads.api(r.rendered(), target.layout());
        Optional<RenderedObject> service = api.flatMap(a -> r.rendered().objectsOfType(Service.class).stream()
                .filter(s -> selects(s.as(Service.class), a.podLabels())).findFirst());
        if (monitors.isEmpty()) {
            notRendered(target, r, said, findings);
            return;
        }
        if (service.isEmpty()) {
            once(said, findings, r.rendered().chart().location(), api.map(a -> "no Service " + r.with() + " selects the pods of "
                    + a.id()).orElse("no api workload " + r.with()) + ": a ServiceMonitor scrapes through a Service",
                    "a Service whose selector matches the api pods' labels, with a named port (name: http)");
            return;
        }
        Service svc = service.get().as(Service.class);
        Map<String, String> svcLabels = labels(svc.getMetadata().getLabels());
        List<RenderedObject> forApi = monitors.stream().filter(o -> selector(o).map(s -> s.matches(svcLabels)).orElse(false)).toList();
        if (forApi.isEmpty()) {
            for (RenderedObject o : monitors) {
                LabelSelector s = selector(o).orElse(null);
                once(said, findings, at(target, o, "selector:"), o.id() + " " + r.with() + ": "
                        + (s == null ? "no spec.selector" : "spec.selector " + s.describe() + " does not match Service/"
                        + svc.getMetadata().getName() + ": " + unmet(s, svcLabels)),
                        "spec.selector.matchLabels with the api Service's labels " + selectorHint(svc));
            }
            return;
        }
        RenderedObject monitor = forApi.get(0);
        String id = monitor.id() + " " + r.with();
        Map<String, Object> spec = spec(monitor);
        if (metrics.isEmpty()) {
            Location where = helm(stack).map(h -> Location.of(h)).orElse(r.rendered().chart().location());
            once(said, findings, where, id + " has no Prometheus to select it: the helmfile"
                    + " releases no kube-prometheus-stack", "a release of prometheus-community/kube-prometheus-stack");
        } else {
            ReleaseValues values = stack.values(metrics.get(), stackEnvironment(stack, r.environment()));
            if (values.text("prometheus.enabled").filter("false"::equals).isPresent()) {
                once(said, findings, values.locate("prometheus.enabled"), id + " has no Prometheus to select it: "
                        + metrics.get().describe() + " sets prometheus.enabled: false", "prometheus.enabled: true (the chart's default)");
                return;
            }
            Selection selection = Selection.of(metrics.get(), values);
            prometheusSelects(target, selection, monitor, id, r, said, findings);
            serviceInNamespaces(target, selection, monitor, spec, id, r, service.get(), said, findings);
        }
        endpoints(target, monitor, spec, id, svc, said, findings);
    }

    /**
     * No ServiceMonitor in an environment's render: none written, one behind a value this
     * environment leaves off, or one behind .Capabilities.APIVersions, which a render without a
     * cluster cannot see (cannot tell, never failed).
     */
    private static void notRendered(Target target, EnvRender r, Set<String> said, Findings findings) {
        String templates = r.rendered().chart().path("templates/");
        Optional<SourceFile> written = target.files().all().stream().filter(f -> f.startsWith(templates))
                .map(f -> {
                    try {
                        return target.readOptional(f);
                    } catch (BadInput unreadable) {
                        return Optional.<SourceFile>empty();
                    }
                }).flatMap(Optional::stream)
                .filter(f -> f.text().contains("kind: ServiceMonitor")).findFirst();
        if (written.isPresent() && written.get().text().contains("Capabilities.APIVersions")) {
            findings.cannotTell(written.get().location(), "the chart's ServiceMonitor renders only on a cluster that serves"
                    + " monitoring.coreos.com/v1 (.Capabilities.APIVersions.Has), which a render without a cluster never is",
                    "a value such as monitoring.enabled that the helmfile turns on, instead of the cluster's capabilities");
            return;
        }
        boolean podMonitor = r.rendered().objects().stream().anyMatch(o -> "PodMonitor".equals(o.kind()));
        once(said, findings, written.map(SourceFile::location).orElse(r.rendered().chart().location()),
                (written.isPresent() ? "the chart's ServiceMonitor is not rendered " + r.with() : "the chart renders no ServiceMonitor "
                        + r.with()) + (podMonitor ? " (a PodMonitor, which scrapes pods, not the api's Service)" : "")
                        + ": the stack's Prometheus does not scrape the api",
                written.isPresent() ? "the value that turns it on, set in the values the helmfile gives this environment"
                        : "a ServiceMonitor (monitoring.coreos.com/v1) for the api's Service, behind a value such as"
                        + " monitoring.enabled that the helmfile turns on");
    }

    /** The labels and namespace of the ServiceMonitor against the Prometheus' selectors. */
    private static void prometheusSelects(Target target, Selection s, RenderedObject monitor, String id, EnvRender r,
                                          Set<String> said, Findings findings) {
        StackRelease p = s.release();
        s.monitors().problems().forEach(problem -> once(said, findings, s.monitorsAt(), p.describe() + ": serviceMonitorSelector: "
                + problem, "a label selector: matchLabels, or matchExpressions with In, NotIn, Exists or DoesNotExist"));
        Map<String, String> labels = labels(monitor.object().getMetadata().getLabels());
        if (!s.monitors().matches(labels)) {
            Map<String, String> wanted = s.monitors().labelsToMatch();
            String relabel = wanted.isEmpty() ? "labels on the ServiceMonitor that meet " + s.monitors().describe()
                    : "metadata.labels: " + yaml(wanted) + " on the ServiceMonitor";
            once(said, findings, at(target, monitor, "labels:"), id + " is not selected by the Prometheus of " + p.describe()
                            + ": " + s.why() + ", and the ServiceMonitor " + unmet(s.monitors(), labels),
                    relabel + ", or " + (s.written() ? "a serviceMonitorSelector in " + s.monitorsAt().path() + " that matches its labels"
                            : NIL_USES_HELM + ": false in " + s.monitorsAt().path() + " (Prometheus then selects every ServiceMonitor)"));
        }
        String ns = r.namespaceOf(monitor);
        s.namespaces().problems().forEach(problem -> once(said, findings, s.namespacesAt(), p.describe()
                + ": serviceMonitorNamespaceSelector: " + problem, "a label selector on the namespaces' labels, e.g. matchLabels:"
                + " {kubernetes.io/metadata.name: " + ns + "}, or {} for every namespace"));
        if (!s.namespaces().isEmpty()) {
            if (r.namespace().isEmpty() && r.namespaceOf(monitor).equals(r.releaseNamespace())) {
                findings.cannotTell(s.namespacesAt(), id + ": the app release's namespace is a helmfile expression fullchain"
                        + " cannot compute, so whether serviceMonitorNamespaceSelector " + s.namespaces().describe() + " selects it",
                        "namespace: a plain name (or {{ .Environment.Name }}) on the app's release");
                return;
            }
            Map<String, String> nsLabels = namespaceLabels(r, ns);
            if (!s.namespaces().matches(nsLabels)) {
                once(said, findings, s.namespacesAt(), id + " is in namespace " + ns + ", which the Prometheus of " + p.describe()
                                + " does not look in: serviceMonitorNamespaceSelector " + s.namespaces().describe() + ", and namespace "
                                + ns + " " + unmet(s.namespaces(), nsLabels),
                        "serviceMonitorNamespaceSelector: {} (every namespace, the chart's default), or one that matches "
                                + "kubernetes.io/metadata.name: " + ns + " (the only label helmfile's createNamespace gives it)");
            }
        }
    }

    /** The ServiceMonitor's namespaceSelector (or its own namespace) holds the api Service's namespace. */
    @SuppressWarnings("unchecked")
    private static void serviceInNamespaces(Target target, Selection s, RenderedObject monitor, Map<String, Object> spec, String id,
                                            EnvRender r, RenderedObject service, Set<String> said, Findings findings) {
        String own = r.namespaceOf(monitor);
        String svcNs = r.namespaceOf(service);
        Object selector = spec.get("namespaceSelector");
        if (s.ignoreNamespaceSelectors() || !(selector instanceof Map<?, ?> ns) || ns.isEmpty()) {
            if (!own.equals(svcNs)) {
                once(said, findings, at(target, monitor, "namespace"), id + " is in namespace " + own + " and looks for Services"
                                + " there only" + (s.ignoreNamespaceSelectors() ? " (" + IGNORE_NAMESPACE_SELECTORS + " is true)" : "")
                                + ", but " + service.id() + " is in " + svcNs,
                        "the ServiceMonitor in the Service's namespace, or spec.namespaceSelector.matchNames: [" + svcNs + "]");
            }
            return;
        }
        if (Boolean.TRUE.equals(ns.get("any")) || "true".equals(String.valueOf(ns.get("any")))) {
            return;
        }
        List<String> names = ns.get("matchNames") instanceof List<?> l ? l.stream().map(String::valueOf).map(r::installed).toList() : List.of();
        if (!names.contains(svcNs)) {
            once(said, findings, at(target, monitor, "namespaceSelector:"), id + ": spec.namespaceSelector.matchNames " + names
                    + " leaves out namespace " + svcNs + ", where " + service.id() + " is", "matchNames: [{{ .Release.Namespace }}]"
                    + " (or leave namespaceSelector out: the ServiceMonitor's own namespace)");
        }
    }

    /** Each endpoint names a port of the Service, by name, and the api's metrics path. */
    @SuppressWarnings("unchecked")
    private static void endpoints(Target target, RenderedObject monitor, Map<String, Object> spec, String id, Service svc,
                                  Set<String> said, Findings findings) {
        List<String> portNames = svc.getSpec().getPorts() == null ? List.of()
                : svc.getSpec().getPorts().stream().map(ServicePort::getName).filter(Objects::nonNull).toList();
        String svcId = "Service/" + svc.getMetadata().getName();
        String named = portNames.isEmpty() ? "name the Service's port (ports: - name: http) and use port: http"
                : "port: " + portNames.get(0) + " (the name of " + svcId + "'s port)";
        Object list = spec.get("endpoints");
        if (!(list instanceof List<?> endpoints) || endpoints.isEmpty()) {
            once(said, findings, at(target, monitor, "endpoints:", "spec:"), id + " has no endpoints: Prometheus scrapes nothing",
                    "endpoints: - port: " + (portNames.isEmpty() ? "http" : portNames.get(0)) + ", path: " + target.layout().api().metrics());
            return;
        }
        String metricsPath = target.layout().api().metrics();
        for (Object e : endpoints) {
            if (!(e instanceof Map<?, ?> endpoint)) {
                continue;
            }
            Object port = endpoint.get("port");
            Object targetPort = endpoint.get("targetPort");
            if (port == null && targetPort == null) {
                once(said, findings, at(target, monitor, "endpoints:"), id + ": an endpoint without port", named);
            } else if (port != null && isNumber(port)) {
                once(said, findings, at(target, monitor, "port: " + port, "port:"), id + ": endpoint port: " + port + " is a number,"
                        + " but a ServiceMonitor's port is the NAME of the Service's port (" + (port instanceof Number
                        ? "the API server refuses a number there" : "no port of " + svcId + " is named \"" + port + "\"") + ")", named);
            } else if (port != null && !portNames.contains(String.valueOf(port))) {
                once(said, findings, at(target, monitor, "port: " + port, "port:"), id + ": endpoint port: " + port + ", but "
                        + svcId + "'s ports are named " + portNames, named);
            } else if (port == null) {
                once(said, findings, at(target, monitor, "targetPort:"), id + ": endpoint targetPort: " + targetPort
                        + (isNumber(targetPort) ? " is a number" : "") + ": targetPort is deprecated and picks the pod's port, not the"
                        + " Service's", named);
            }
            String path = endpoint.get("path") == null ? "/metrics" : String.valueOf(endpoint.get("path"));
            if (!path.equals(metricsPath)) {
                once(said, findings, at(target, monitor, "path:", "endpoints:"), id + ": endpoint path " + path
                        + (endpoint.get("path") == null ? " (the default, none is set)" : "") + ", but the api serves its metrics at "
                        + metricsPath, "path: " + metricsPath + " (the api contract's metrics path, api.metrics: in fullchain.yaml)");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The helmfile's path, when there is one. */
    private static Optional<String> helm(ObservabilityStack stack) {
        try {
            return Optional.of(stack.helmfile().path());
        } catch (Missing none) {
            return Optional.empty();
        }
    }

    /** The helmfile environment of the stack's values for an app environment (the first when the names differ). */
    private static String stackEnvironment(ObservabilityStack stack, String appEnvironment) {
        List<String> envs = stack.environments();
        return envs.contains(appEnvironment) ? appEnvironment : envs.get(0);
    }

    /** Namespace labels as the API server sets them (kubernetes.io/metadata.name), with those of a Namespace the chart renders. */
    private static Map<String, String> namespaceLabels(EnvRender r, String ns) {
        Map<String, String> out = new LinkedHashMap<>();
        r.rendered().objects().stream().filter(o -> "Namespace".equals(o.kind()) && ns.equals(o.name()))
                .forEach(o -> out.putAll(labels(o.object().getMetadata().getLabels())));
        out.put("kubernetes.io/metadata.name", ns);
        return out;
    }

    private static boolean selects(Service s, Map<String, String> podLabels) {
        Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
        return selector != null && !selector.isEmpty() && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(RenderedObject o) {
        if (o.object() instanceof GenericKubernetesResource g && g.getAdditionalProperties().get("spec") instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        return Map.of();
    }

    private static Optional<LabelSelector> selector(RenderedObject o) {
        Object s = spec(o).get("selector");
        return s instanceof Map<?, ?> ? Optional.of(LabelSelector.of(s)) : Optional.empty();
    }

    /** "has release: prometheus, not release: kube-prometheus-stack" / "has no label release". */
    private static String unmet(LabelSelector s, Map<String, String> labels) {
        return String.join("; ", s.unmet(labels).stream().map(q -> {
            String has = labels.containsKey(q.key()) ? "has " + q.key() + ": " + labels.get(q.key()) : "has no label " + q.key();
            return has + " (the selector wants " + q.describe() + ")";
        }).toList());
    }

    private static String selectorHint(Service svc) {
        return svc.getSpec().getSelector() == null ? "" : "(e.g. " + svc.getSpec().getSelector() + ")";
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /** {release: kube-prometheus-stack}, as YAML writes a flow map. */
    private static String yaml(Map<String, String> labels) {
        return "{" + String.join(", ", labels.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + "}";
    }

    private static boolean isNumber(Object v) {
        return v instanceof Number || String.valueOf(v).strip().matches("\\d+");
    }

    /** Adds a finding unless the same one was said for another environment. */
    private static void once(Set<String> said, Findings findings, Location at, String found, String expected) {
        if (said.add(found.replaceAll("\\(with [^)]*\\)", "") + "|" + at)) {
            findings.add(at, found, expected);
        }
    }
}
