package dev.fullchain.day3;

import static dev.fullchain.day3.Renders.at;
import static dev.fullchain.day3.Renders.with;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.HelmMessages;
import dev.fullchain.model.helm.Labels;
import dev.fullchain.model.helm.LintMessage;
import dev.fullchain.model.helm.LintReport;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.model.helm.ValuesPaths;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Day 3, static: the app chart rendered in-process (no helm binary, no cluster) with
 * values.yaml, values-dev.yaml and values-prod.yaml, and each rendered object read as the
 * API server and the kubelet would. A finding names the object, the container, the template
 * and the values file.
 */
class Day3ChartChecks {

    /** DNS-1123 subdomain: what most object names must be. */
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** DNS-1123 label: Service names, container names, port names' cousins. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Set<String> LABEL_NAMED_KINDS = Set.of("Service", "Namespace");

    // ------------------------------------------------------------------ D3.CHART.LINT

    @Criterion("D3.CHART.LINT")
    void helmLintHasNoErrorsWithEachValuesFile(HelmCharts helm) {
        Findings findings = new Findings();
        Renders.chart(helm, findings).ifPresent(chart -> findings.tolerating(() -> {
            List<ValuesFile> files = new java.util.ArrayList<>(List.of(new ValuesFile(ValuesFile.DEFAULT, chart.path(HelmChart.VALUES_YAML))));
            chart.valuesFiles().stream().filter(v -> !v.isDefault()).forEach(files::add);
            Set<String> said = new HashSet<>();
            for (ValuesFile values : files) {
                findings.tolerating(() -> lint(chart, values, said, findings));
            }
        }));
        Renders.judge(helm, findings);
    }

    /** One values file's lint; an error already said with another values file (Chart.yaml's, say) is not said again. */
    private static void lint(HelmChart chart, ValuesFile values, Set<String> alreadySaid, Findings findings) {
        LintReport report = chart.lint(values);
        boolean valuesError = report.errors().stream().anyMatch(e -> e.path().equals(HelmChart.VALUES_YAML));
        for (LintMessage error : report.errors()) {
            if (valuesError && error.text().contains("values don't meet the specifications of the schema")) {
                continue; // the templates rule repeats the values rule's schema error: said once, at the value
            }
            String said = (error.path().isEmpty() || error.text().contains(error.path()) ? "" : error.path() + ": ") + error.text();
            if (!alreadySaid.add(said)) {
                continue;
            }
            Location where = error.path().equals(HelmChart.VALUES_YAML) && !values.isDefault()
                    ? chart.locateValue(values, error.text()) : lintLocation(chart, error);
            findings.add(where, "helm lint " + with(values) + ": [ERROR] " + said,
                    HelmMessages.hintFor(said, "no [ERROR] from helm lint " + chart.dir()
                            + (values.isDefault() ? "" : " -f " + values.path())));
        }
        if (report.failed() && report.errors().isEmpty()) {
            findings.add(chart.location(), "helm lint " + with(values) + " failed: " + report.messages(),
                    "helm lint passing with " + values.path());
        }
    }

    /** The file and line Helm names: a template (file:line in the message), else the path the lint line starts with. */
    private static Location lintLocation(HelmChart chart, LintMessage m) {
        Optional<Location> named = chart.locate(m.text());
        if (named.isPresent()) {
            return named.get();
        }
        if (m.path().isEmpty() || m.path().endsWith("/")) {
            return chart.location();
        }
        if (m.path().equals(HelmChart.CHART_YAML)) {
            return chartYamlLine(chart, m.text());
        }
        if (m.path().startsWith(chart.dir() + "/") || !m.path().startsWith(HelmChart.VALUES_YAML) && m.path().endsWith(".yaml")
                && chart.target().exists(m.path())) {
            // a values file Helm could not parse: at the line its YAML error names
            Matcher line = YAML_LINE.matcher(m.text());
            return line.find() ? Location.of(m.path()).atLine(Integer.parseInt(line.group(1))) : Location.of(m.path());
        }
        String path = m.path().replaceFirst("^" + Pattern.quote(chart.name()) + "/", "");
        return Location.of(chart.path(path));
    }

    private static final Pattern YAML_LINE = Pattern.compile("yaml: line (\\d+)");
    private static final List<String> CHART_YAML_KEYS = List.of("apiVersion", "kubeVersion", "appVersion", "version", "name",
            "dependencies", "type", "icon");

    /** Chart.yaml at the line of the key a lint message is about ("version '1.0' is not a valid SemVer": the version: line). */
    private static Location chartYamlLine(HelmChart chart, String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        for (String key : CHART_YAML_KEYS) {
            if (lower.contains(key.toLowerCase(java.util.Locale.ROOT))) {
                List<String> lines = chart.target().read(chart.chartYamlPath()).lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith(key + ":")) {
                        return chart.location().atLine(i + 1);
                    }
                }
                return chart.location();
            }
        }
        return chart.location();
    }

    // ------------------------------------------------------------------ D3.CHART.RENDER

    @Criterion("D3.CHART.RENDER")
    void everyValuesFileRendersValidObjects(HelmCharts helm) {
        Findings findings = new Findings();
        for (Renders.Outcome outcome : Renders.outcomes(helm, findings)) {
            outcome.failure().ifPresent(f -> findings.add(f.location(), "helm template " + with(f.values()) + " fails: "
                    + f.helmMessage(), f.expected()));
            outcome.rendered().ifPresent(r -> checkRender(helm, r, findings));
        }
        Renders.judge(helm, findings);
    }

    private static void checkRender(HelmCharts helm, RenderedChart r, Findings findings) {
        if (r.objects().isEmpty()) {
            findings.add(r.chart().location(), "helm template " + with(r) + " renders no object",
                    "the app's Deployments, StatefulSet, Services and Secret");
        }
        Map<String, RenderedObject> seen = new HashMap<>();
        for (RenderedObject o : r.objects()) {
            checkObject(helm.target(), r, o, findings);
            if (o.name() != null) {
                RenderedObject before = seen.putIfAbsent(o.kind() + "/" + o.name(), o);
                if (before != null) {
                    findings.add(o.location(), o.id() + " rendered twice " + with(r) + ", also from " + before.template(),
                            "one object per kind and name: helm install refuses duplicates");
                }
            }
        }
        for (Workload w : r.workloads()) {
            checkWorkload(helm.target(), r, w, findings);
        }
    }

    private static void checkObject(Target target, RenderedChart r, RenderedObject o, Findings findings) {
        if (o.object().getApiVersion() == null || o.object().getApiVersion().isBlank()) {
            findings.add(o.location(), o.kind() + " " + with(r) + " without apiVersion", "apiVersion: (e.g. apps/v1, v1)");
        }
        String name = o.name();
        if (name == null || name.isBlank()) {
            findings.add(o.location(), "a " + o.kind() + " " + with(r) + " without metadata.name", "metadata.name: a DNS name");
            return;
        }
        boolean labelNamed = LABEL_NAMED_KINDS.contains(o.kind());
        int max = labelNamed ? 63 : 253;
        if (name.length() > max || !(labelNamed ? DNS_LABEL : SUBDOMAIN).matcher(name).matches()) {
            findings.add(at(target, o, "name:"), o.id() + " " + with(r) + ": \"" + name + "\" is not a valid "
                            + (labelNamed ? "DNS label" : "DNS subdomain name"),
                    "lowercase letters, digits and '-'" + (labelNamed ? "" : " or '.'") + ", starting and ending with a letter"
                            + " or digit, at most " + max + " characters (trunc 63 | trimSuffix \"-\" in the helper)");
        }
        if (o.object() instanceof Service s && s.getSpec() != null && s.getSpec().getPorts() != null) {
            s.getSpec().getPorts().forEach(p -> {
                if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
                    findings.add(at(target, o, "port:"), o.id() + " " + with(r) + ": port " + p.getPort(), "a port between 1 and 65535");
                }
            });
        }
    }

    private static void checkWorkload(Target target, RenderedChart r, Workload w, Findings findings) {
        if (w.containers().isEmpty()) {
            findings.add(w.rendered().location(), w.id() + " " + with(r) + " has no containers",
                    "spec.template.spec.containers with at least one container");
        }
        Set<String> names = new HashSet<>();
        for (Container c : w.allContainers()) {
            if (c.getName() == null || !DNS_LABEL.matcher(c.getName()).matches() || c.getName().length() > 63) {
                findings.add(w.rendered().location(), w.id() + " " + with(r) + ": container name \"" + c.getName() + "\"",
                        "a DNS label: lowercase letters, digits and '-'");
            } else if (!names.add(c.getName())) {
                findings.add(at(target, w, c), w.id() + " " + with(r) + ": two containers named " + c.getName(),
                        "unique container names in a pod");
            }
            if (c.getImage() == null || c.getImage().isBlank()) {
                findings.add(at(target, w, c, "image:"), w.describe(c) + " " + with(r) + " has no image", "image: repository:tag");
            }
        }
        Map<String, String> selector = selector(w);
        if (selector != null) {
            if (selector.isEmpty()) {
                findings.add(at(target, w.rendered(), "selector:"), w.id() + " " + with(r) + " has no spec.selector.matchLabels",
                        "spec.selector.matchLabels matching the pod template's labels (the API server refuses it otherwise)");
            }
            selector.forEach((k, v) -> {
                if (!v.equals(w.podLabels().get(k))) {
                    findings.add(at(target, w.rendered(), "selector:"), w.id() + " " + with(r) + ": selector " + k + "=" + v
                                    + " but the pod template has " + k + "=" + w.podLabels().get(k),
                            "spec.selector.matchLabels contained in spec.template.metadata.labels (the API server refuses it otherwise)");
                }
            });
        }
    }

    private static Map<String, String> selector(Workload w) {
        if (w.rendered().object() instanceof Deployment d && d.getSpec() != null) {
            return d.getSpec().getSelector() == null || d.getSpec().getSelector().getMatchLabels() == null
                    ? Map.of() : d.getSpec().getSelector().getMatchLabels();
        }
        if (w.rendered().object() instanceof StatefulSet s && s.getSpec() != null) {
            return s.getSpec().getSelector() == null || s.getSpec().getSelector().getMatchLabels() == null
                    ? Map.of() : s.getSpec().getSelector().getMatchLabels();
        }
        return null;
    }

    // ------------------------------------------------------------------ D3.CHART.LABELS

    @Criterion("D3.CHART.LABELS")
    void everyObjectCarriesTheRecommendedLabels(HelmCharts helm) {
        Findings findings = new Findings();
        for (RenderedChart r : Renders.all(helm, findings)) {
            for (RenderedObject o : r.objects()) {
                Map<String, String> labels = Optional.ofNullable(o.object().getMetadata().getLabels()).orElse(Map.of());
                List<String> missing = Labels.ON_EVERY_OBJECT.stream().filter(l -> !labels.containsKey(l)).toList();
                if (!missing.isEmpty()) {
                    findings.add(at(helm.target(), o, "labels:"), o.id() + " " + with(r) + " lacks " + String.join(", ", missing),
                            "metadata.labels with " + String.join(", ", Labels.ON_EVERY_OBJECT) + " (include the labels helper)");
                }
                String instance = labels.get(Labels.INSTANCE);
                if (instance != null && !instance.equals(r.releaseName())) {
                    findings.add(at(helm.target(), o, Labels.INSTANCE), o.id() + " " + with(r) + ": " + Labels.INSTANCE + "="
                                    + instance + " when the release is called " + r.releaseName(),
                            Labels.INSTANCE + ": {{ .Release.Name }} (two releases must not share labels)");
                }
                String managedBy = labels.get(Labels.MANAGED_BY);
                if (managedBy != null && !managedBy.equals("Helm")) {
                    findings.add(at(helm.target(), o, Labels.MANAGED_BY), o.id() + " " + with(r) + ": " + Labels.MANAGED_BY + "=" + managedBy,
                            Labels.MANAGED_BY + ": {{ .Release.Service }} (Helm)");
                }
            }
            List<Workload> workloads = r.workloads();
            Map<String, Workload> components = new LinkedHashMap<>();
            for (Workload w : workloads) {
                for (String l : List.of(Labels.NAME, Labels.INSTANCE)) {
                    if (!w.podLabels().containsKey(l)) {
                        findings.add(at(helm.target(), w.rendered(), "template:"), w.id() + " " + with(r) + ": its pods lack " + l,
                                "the labels helper in spec.template.metadata.labels too");
                    }
                }
                if (workloads.size() > 1) {
                    Optional<String> component = w.component();
                    if (component.isEmpty()) {
                        findings.add(at(helm.target(), w.rendered(), "labels:"), w.id() + " " + with(r) + " has no " + Labels.COMPONENT
                                        + " while the chart runs " + workloads.size() + " workloads",
                                Labels.COMPONENT + " (api, frontend, db) on the object, its pods and its selector, so Services select one tier");
                    } else {
                        Workload other = components.putIfAbsent(component.get(), w);
                        if (other != null) {
                            findings.add(at(helm.target(), w.rendered(), Labels.COMPONENT), w.id() + " " + with(r) + " and " + other.id()
                                    + " share " + Labels.COMPONENT + "=" + component.get(), "one component value per workload");
                        }
                    }
                }
            }
        }
        Renders.judge(helm, findings);
    }

    // ------------------------------------------------------------------ D3.CHART.PROBES

    @Criterion("D3.CHART.PROBES")
    void everyContainerHasReadinessAndLivenessProbes(HelmCharts helm) {
        Findings findings = new Findings();
        for (RenderedChart r : Renders.all(helm, findings)) {
            for (Workload w : r.workloads()) {
                if (w.runsToCompletion()) {
                    continue; // a Job's pod is done when it exits: nothing to route traffic to, nothing to restart
                }
                for (Container c : w.containers()) {
                    probe(helm.target(), r, w, c, "readinessProbe", c.getReadinessProbe(), findings);
                    probe(helm.target(), r, w, c, "livenessProbe", c.getLivenessProbe(), findings);
                }
            }
        }
        Renders.judge(helm, findings);
    }

    private static void probe(Target target, RenderedChart r, Workload w, Container c, String kind, Probe p, Findings findings) {
        if (p == null) {
            findings.add(at(target, w, c), w.describe(c) + " " + with(r) + " has no " + kind,
                    kind + ": httpGet on a health path (or exec/tcpSocket) of this container");
            return;
        }
        IntOrString port = null;
        if (p.getHttpGet() != null) {
            port = p.getHttpGet().getPort();
        } else if (p.getTcpSocket() != null) {
            port = p.getTcpSocket().getPort();
        } else if (p.getExec() == null && p.getGrpc() == null) {
            findings.add(at(target, w, c, kind), w.describe(c) + " " + with(r) + ": " + kind + " without a handler",
                    kind + " with httpGet, tcpSocket, exec or grpc");
            return;
        }
        if (port != null && port.getStrVal() != null) {
            String named = port.getStrVal();
            List<ContainerPort> ports = Optional.ofNullable(c.getPorts()).orElse(List.of());
            if (ports.stream().noneMatch(cp -> named.equals(cp.getName()))) {
                findings.add(at(target, w, c, kind), w.describe(c) + " " + with(r) + ": " + kind + " uses port \"" + named
                                + "\", which the container does not declare",
                        "a port name from the container's ports ("
                                + ports.stream().map(ContainerPort::getName).filter(Objects::nonNull).toList() + ") or a number");
            }
        }
    }

    // ------------------------------------------------------------------ D3.CHART.RESOURCES

    @Criterion("D3.CHART.RESOURCES")
    void everyContainerHasRequestsAndAMemoryLimit(HelmCharts helm) {
        Findings findings = new Findings();
        for (RenderedChart r : Renders.all(helm, findings)) {
            for (Workload w : r.workloads()) {
                for (Container c : w.allContainers()) {
                    resources(helm.target(), r, w, c, findings);
                }
            }
        }
        Renders.judge(helm, findings);
    }

    private static void resources(Target target, RenderedChart r, Workload w, Container c, Findings findings) {
        Map<String, Quantity> requests = c.getResources() == null || c.getResources().getRequests() == null
                ? Map.of() : c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources() == null || c.getResources().getLimits() == null
                ? Map.of() : c.getResources().getLimits();
        Location where = at(target, w, c, "resources:");
        for (String missing : List.of("cpu", "memory")) {
            if (!requests.containsKey(missing)) {
                findings.add(where, w.describe(c) + " " + with(r) + " has no requests." + missing,
                        "resources.requests." + missing + " (the scheduler places pods by their requests)");
            }
        }
        if (!limits.containsKey("memory")) {
            findings.add(where, w.describe(c) + " " + with(r) + " has no limits.memory",
                    "resources.limits.memory (a leak otherwise takes the node's memory)");
        }
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request != null && limit != null) {
                Optional<BigDecimal> req = amount(request);
                Optional<BigDecimal> lim = amount(limit);
                if (req.isEmpty() || lim.isEmpty()) {
                    findings.add(where, w.describe(c) + " " + with(r) + ": " + resource + " " + request + " / " + limit
                            + " is not a Kubernetes quantity", "quantities such as 100m, 0.5, 128Mi, 1Gi");
                } else if (lim.get().compareTo(req.get()) < 0) {
                    findings.add(where, w.describe(c) + " " + with(r) + ": limits." + resource + " " + limit
                            + " below requests." + resource + " " + request, "a limit at or above the request");
                }
            }
        }
    }

    private static Optional<BigDecimal> amount(Quantity q) {
        try {
            return Optional.of(Quantity.getAmountInBytes(q));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ D3.CHART.SECURITY

    @Criterion("D3.CHART.SECURITY")
    void everyPodMeetsPodSecurityRestricted(HelmCharts helm) {
        Findings findings = new Findings();
        for (RenderedChart r : Renders.all(helm, findings)) {
            for (Workload w : r.workloads()) {
                podSecurity(helm.target(), r, w, findings);
            }
        }
        Renders.judge(helm, findings);
    }

    private static void podSecurity(Target target, RenderedChart r, Workload w, Findings findings) {
        var spec = w.podSpec();
        Location pod = at(target, w.rendered(), "securityContext:", "spec:");
        for (var host : List.of(Map.entry("hostNetwork", Boolean.TRUE.equals(spec.getHostNetwork())),
                Map.entry("hostPID", Boolean.TRUE.equals(spec.getHostPID())),
                Map.entry("hostIPC", Boolean.TRUE.equals(spec.getHostIPC())))) {
            if (host.getValue()) {
                findings.add(at(target, w.rendered(), host.getKey()), w.id() + " " + with(r) + ": " + host.getKey() + ": true",
                        "no " + host.getKey() + " (it shares the node's namespace with the pod)");
            }
        }
        for (Volume v : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
            if (v.getHostPath() != null) {
                findings.add(at(target, w.rendered(), "hostPath"), w.id() + " " + with(r) + ": volume " + v.getName()
                        + " is a hostPath (" + v.getHostPath().getPath() + ")", "emptyDir, a PersistentVolumeClaim, a Secret or a ConfigMap");
            }
        }
        PodSecurityContext psc = spec.getSecurityContext();
        boolean podNonRoot = psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot());
        boolean podSeccomp = psc != null && allowedSeccomp(psc.getSeccompProfile());
        if (psc != null && psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
            findings.add(pod, w.id() + " " + with(r) + ": securityContext.runAsUser: 0", "a non-zero uid (e.g. 10001)");
        }
        if (psc != null && psc.getSeccompProfile() != null && !allowedSeccomp(psc.getSeccompProfile())) {
            findings.add(pod, w.id() + " " + with(r) + ": seccompProfile " + psc.getSeccompProfile().getType(),
                    "seccompProfile.type: RuntimeDefault");
        }
        for (Container c : w.allContainers()) {
            SecurityContext sc = c.getSecurityContext();
            Location where = at(target, w, c, "securityContext:");
            String who = w.describe(c) + " " + with(r);
            boolean nonRoot = sc != null && sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podNonRoot;
            if (!nonRoot) {
                findings.add(where, who + ": runAsNonRoot is not true (pod or container)",
                        "securityContext.runAsNonRoot: true in the pod (or each container)");
            }
            if (sc != null && sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                findings.add(where, who + ": runAsUser: 0", "a non-zero uid");
            }
            boolean seccomp = sc != null && sc.getSeccompProfile() != null ? allowedSeccomp(sc.getSeccompProfile()) : podSeccomp;
            if (!seccomp) {
                findings.add(where, who + ": no seccompProfile RuntimeDefault (pod or container)",
                        "securityContext.seccompProfile.type: RuntimeDefault in the pod");
            }
            if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                findings.add(where, who + ": allowPrivilegeEscalation is not false", "securityContext.allowPrivilegeEscalation: false");
            }
            if (sc != null && Boolean.TRUE.equals(sc.getPrivileged())) {
                findings.add(where, who + ": privileged: true", "no privileged containers");
            }
            Capabilities caps = sc == null ? null : sc.getCapabilities();
            List<String> drop = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
            if (!drop.contains("ALL")) {
                findings.add(where, who + ": capabilities.drop " + (drop.isEmpty() ? "not set" : drop),
                        "securityContext.capabilities.drop: [\"ALL\"]");
            }
            List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
            add.stream().filter(a -> !a.equals("NET_BIND_SERVICE")).forEach(a ->
                    findings.add(where, who + ": capabilities.add " + a, "no added capability (only NET_BIND_SERVICE is allowed)"));
            for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
                if (p.getHostPort() != null && p.getHostPort() != 0) {
                    findings.add(at(target, w, c, "hostPort"), who + ": hostPort " + p.getHostPort(),
                            "no hostPort: reach the pod through a Service");
                }
            }
        }
    }

    private static boolean allowedSeccomp(SeccompProfile profile) {
        return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
    }

    // ------------------------------------------------------------------ D3.CHART.IMAGES

    /** A repository value the chart's images must follow; "-fullchain-probe" is appended to see which images move. */
    private static final String PROBE_SUFFIX = "-fullchain-probe";

    @Criterion("D3.CHART.IMAGES")
    void imagesComeFromValuesWithAVersionTag(HelmCharts helm) {
        Findings findings = new Findings();
        for (RenderedChart r : Renders.all(helm, findings)) {
            for (Workload w : r.workloads()) {
                for (Container c : w.allContainers()) {
                    if (c.getImage() != null) {
                        tag(helm.target(), r, w, c, findings);
                    }
                }
            }
            findings.tolerating(() -> fromValues(helm.target(), r, findings));
        }
        Renders.judge(helm, findings);
    }

    private static void tag(Target target, RenderedChart r, Workload w, Container c, Findings findings) {
        String image = c.getImage();
        if (image.contains("@sha256:")) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String tag = colon > slash ? image.substring(colon + 1) : "";
        if (tag.isEmpty() || tag.equals("latest")) {
            findings.add(at(target, w, c, "image:"), w.describe(c) + " " + with(r) + ": image " + image
                            + (tag.isEmpty() ? " (no tag: latest)" : ""),
                    "a version tag from values (e.g. " + (colon > slash ? image.substring(0, colon) : image) + ":1.0.0) or a digest");
        }
    }

    /**
     * Renders again with every values string that makes up an image's repository changed
     * (a "repository" key, a registry prefix, or the whole "repo:tag" string a template takes
     * as it is): an image that does not change with them is written in the template.
     * Workloads and containers are paired by position, since a changed value may rename them.
     */
    private static void fromValues(Target target, RenderedChart r, Findings findings) {
        Map<String, Object> values = r.chart().mergedValues(r.values());
        Set<String> repositories = new HashSet<>();
        r.workloads().forEach(w -> w.allContainers().stream().map(Container::getImage).filter(Objects::nonNull)
                .forEach(image -> repositories.add(repositoryOf(image))));
        Map<String, Object> sets = new LinkedHashMap<>();
        ValuesPaths.find(values, (k, v) -> v instanceof String s && s.length() >= 2 && !s.isBlank()
                        && repositories.stream().anyMatch(repo -> repo.contains(repositoryOf(s))))
                .forEach(e -> sets.put(e.setPath(), marked((String) e.value())));
        RenderedChart probed = sets.isEmpty() ? r : r.chart().renderWith(r.values(), sets);
        List<Workload> before = r.workloads();
        List<Workload> after = probed.workloads();
        for (int i = 0; i < before.size(); i++) {
            Workload w = before.get(i);
            List<Container> moved = i < after.size() && after.get(i).kind().equals(w.kind()) ? after.get(i).allContainers() : List.of();
            List<Container> containers = w.allContainers();
            for (int j = 0; j < containers.size(); j++) {
                Container c = containers.get(j);
                String image = j < moved.size() ? moved.get(j).getImage() : null;
                if (c.getImage() != null && (image == null || !image.contains(PROBE_SUFFIX))) {
                    findings.add(at(target, w, c, "image:"), w.describe(c) + " " + with(r) + ": image " + c.getImage()
                                    + " is written in the template" + (sets.isEmpty() ? " (no values string makes up its repository)" : ""),
                            "image: \"{{ .Values.<component>.image.repository }}:{{ .Values.<component>.image.tag"
                                    + " | default .Chart.AppVersion }}\" with repository and tag in values.yaml"
                                    + " (or the whole \"repository:tag\" string in values)");
                }
            }
        }
    }

    /** "registry/app:1.0" and "registry/app@sha256:..." to "registry/app"; a value without a tag stays as it is. */
    private static String repositoryOf(String image) {
        String s = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        return colon > slash ? s.substring(0, colon) : s;
    }

    /** The value with the probe marker in its repository part, so a whole "repo:tag" stays a valid image. */
    private static String marked(String value) {
        String repository = repositoryOf(value);
        return repository + PROBE_SUFFIX + value.substring(repository.length());
    }

}
