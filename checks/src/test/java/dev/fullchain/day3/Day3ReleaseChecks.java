package dev.fullchain.day3;

import static dev.fullchain.day3.Renders.at;
import static dev.fullchain.day3.Renders.with;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.helm.AppWorkloads;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.Helmfile;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.model.helm.RenderedObject;
import dev.fullchain.model.helm.ValuesFile;
import dev.fullchain.model.helm.ValuesPaths;
import dev.fullchain.model.helm.Workload;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Day 3, static: what the chart does with the database, its credentials and its
 * environments, and the helmfile that releases it. Rendered in-process like Day3ChartChecks.
 */
class Day3ReleaseChecks {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*://[^/:@\\s]+:[^@\\s]+@.*");
    private static final Pattern EXACT_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]*)?");
    private static final String PROBE_SECRET = "fullchain-probe-existing-secret";

    // ------------------------------------------------------------------ D3.CHART.DATABASE

    @Criterion("D3.CHART.DATABASE")
    void postgresRunsAsAStatefulSetWithAVolumeClaim(HelmCharts helm, Target target) {
        Findings findings = new Findings();
        Optional<HelmChart> chart = Renders.chart(helm, findings);
        Optional<String> dependency = chart.flatMap(c -> postgresDependency(c, findings));
        if (chart.isPresent() && dependency.isEmpty()) {
            for (RenderedChart r : Renders.all(helm, findings)) {
                database(target, r, findings);
            }
        }
        Renders.judge(helm, findings);
    }

    /** A Postgres dependency chart in Chart.yaml: fine when its version is pinned exactly. */
    private static Optional<String> postgresDependency(HelmChart chart, Findings findings) {
        Object deps = chart.metadata().get("dependencies");
        if (!(deps instanceof List<?> list)) {
            return Optional.empty();
        }
        for (Object d : list) {
            if (d instanceof Map<?, ?> dep && String.valueOf(dep.get("name")).contains("postgres")) {
                String version = dep.get("version") == null ? "" : String.valueOf(dep.get("version"));
                if (!EXACT_VERSION.matcher(version).matches()) {
                    findings.add(chart.location(), "dependency " + dep.get("name") + " with version \"" + version + "\"",
                            "an exact version (e.g. 16.4.1), so every install gets the same database chart");
                }
                return Optional.of(String.valueOf(dep.get("name")));
            }
        }
        return Optional.empty();
    }

    private static void database(Target target, RenderedChart r, Findings findings) {
        Optional<Workload> db = AppWorkloads.database(r, target.layout());
        if (db.isEmpty()) {
            findings.add(r.chart().location(), "no workload runs Postgres " + with(r),
                    "a StatefulSet running the postgres image (component " + target.layout().services().db() + ")");
            return;
        }
        Workload w = db.get();
        if (!(w.rendered().object() instanceof StatefulSet set)) {
            boolean pvc = Optional.ofNullable(w.podSpec().getVolumes()).orElse(List.of()).stream()
                    .anyMatch(v -> v.getPersistentVolumeClaim() != null);
            findings.add(at(target, w.rendered(), "kind:"), w.id() + " runs Postgres " + with(r)
                            + (pvc ? " with a claim shared by every replica and rollout" : ": its data goes with the pod"),
                    "kind: StatefulSet with volumeClaimTemplates (a stable identity and its own volume)");
            return;
        }
        var claims = Optional.ofNullable(set.getSpec().getVolumeClaimTemplates()).orElse(List.of());
        if (claims.isEmpty()) {
            findings.add(at(target, w.rendered(), "volumeClaimTemplates", "kind:"), w.id() + " " + with(r) + " has no volumeClaimTemplates",
                    "spec.volumeClaimTemplates: a claim (e.g. data, ReadWriteOnce, 1Gi) mounted at the data directory");
        } else {
            Set<String> claimNames = new LinkedHashSet<>();
            claims.forEach(c -> claimNames.add(c.getMetadata().getName()));
            Container postgres = w.containers().stream().filter(AppWorkloads::runsPostgres).findFirst()
                    .orElse(w.containers().isEmpty() ? null : w.containers().get(0));
            boolean mounted = postgres != null && Optional.ofNullable(postgres.getVolumeMounts()).orElse(List.of()).stream()
                    .anyMatch(m -> claimNames.contains(m.getName()) && m.getMountPath() != null
                            && m.getMountPath().startsWith("/var/lib/postgresql"));
            if (!mounted) {
                findings.add(at(target, w, postgres == null ? new Container() : postgres, "volumeMounts:"), w.id() + " " + with(r)
                                + ": no claim of " + claimNames + " is mounted at Postgres's data directory",
                        "a volumeMount of the claim at /var/lib/postgresql/data (PGDATA in a subdirectory)");
            }
        }
        String serviceName = set.getSpec().getServiceName();
        Optional<Service> headless = r.ofType(Service.class).stream().filter(s -> s.getMetadata().getName().equals(serviceName)).findFirst();
        if (serviceName == null || serviceName.isBlank()) {
            findings.add(at(target, w.rendered(), "serviceName", "spec:"), w.id() + " " + with(r) + " has no serviceName",
                    "serviceName: the headless Service of the StatefulSet");
        } else if (headless.isEmpty()) {
            findings.add(at(target, w.rendered(), "serviceName"), w.id() + " " + with(r) + ": serviceName " + serviceName
                    + ", which the chart does not render", "a Service of that name with clusterIP: None");
        } else if (!"None".equals(headless.get().getSpec().getClusterIP())) {
            findings.add(at(target, r.templateOf(headless.get()), "clusterIP", "spec:"), "Service/" + serviceName + " " + with(r)
                    + " is not headless (clusterIP " + headless.get().getSpec().getClusterIP() + ")", "clusterIP: None");
        }
    }

    // ------------------------------------------------------------------ D3.CHART.SECRETS

    @Criterion("D3.CHART.SECRETS")
    void credentialsComeFromSecretsAndAnExistingSecretCanBeUsed(HelmCharts helm, Target target) {
        Findings findings = new Findings();
        List<RenderedChart> renders = Renders.all(helm, findings);
        for (RenderedChart r : renders) {
            literalCredentials(target, r, findings);
            references(target, r, findings);
        }
        renders.stream().filter(r -> r.values().isDefault()).findFirst()
                .ifPresent(r -> findings.tolerating(() -> existingSecret(target, r, findings)));
        Renders.judge(helm, findings);
    }

    private static void literalCredentials(Target target, RenderedChart r, Findings findings) {
        for (Workload w : r.workloads()) {
            for (Container c : w.allContainers()) {
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    String value = e.getValue();
                    if (value == null || value.isBlank() || e.getName() == null) {
                        continue;
                    }
                    boolean secretName = SECRET_NAME.matcher(e.getName()).matches() && !e.getName().toUpperCase().endsWith("_FILE");
                    if (secretName || URL_WITH_PASSWORD.matcher(value).matches()) {
                        findings.add(at(target, w, c, e.getName()), w.describe(c) + " " + with(r) + ": env " + e.getName()
                                        + " has a literal value (not shown)",
                                "valueFrom.secretKeyRef { name, key } or a Secret volume read through " + e.getName() + "_FILE");
                    }
                }
            }
        }
    }

    /** Every Secret a pod refers to must exist (rendered or given in values), with the keys asked for. */
    private static void references(Target target, RenderedChart r, Findings findings) {
        Map<String, Secret> rendered = new LinkedHashMap<>();
        r.ofType(Secret.class).forEach(s -> rendered.put(s.getMetadata().getName(), s));
        Set<String> configured = configuredSecretNames(r);
        Optional<Workload> db = AppWorkloads.database(r, target.layout());
        for (Workload w : r.workloads()) {
            Set<String> used = secretsUsedBy(w);
            if (db.isPresent() && db.get().id().equals(w.id()) && used.isEmpty()) {
                findings.add(at(target, w.rendered(), "env:", "containers:"), w.id() + " " + with(r) + " gets no credentials from a Secret",
                        "POSTGRES_PASSWORD from valueFrom.secretKeyRef (or POSTGRES_PASSWORD_FILE on a Secret volume)");
            }
            for (Container c : w.allContainers()) {
                for (EnvVar e : Optional.ofNullable(c.getEnv()).orElse(List.of())) {
                    if (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) {
                        continue;
                    }
                    var ref = e.getValueFrom().getSecretKeyRef();
                    Secret secret = rendered.get(ref.getName());
                    if (secret == null && !configured.contains(ref.getName()) && !Boolean.TRUE.equals(ref.getOptional())) {
                        findings.add(at(target, w, c, e.getName()), w.describe(c) + " " + with(r) + ": env " + e.getName()
                                        + " reads Secret " + ref.getName() + ", which the chart does not create nor take from values",
                                "the name of the chart's Secret (the same helper in both templates) or of db.auth.existingSecret");
                    } else if (secret != null && !keys(secret).contains(ref.getKey())) {
                        findings.add(at(target, w, c, e.getName()), w.describe(c) + " " + with(r) + ": env " + e.getName()
                                        + " reads key \"" + ref.getKey() + "\" of Secret " + ref.getName() + ", which has " + keys(secret),
                                "a key the Secret has (the pod would stay in CreateContainerConfigError)");
                    }
                }
            }
            for (Volume v : Optional.ofNullable(w.podSpec().getVolumes()).orElse(List.of())) {
                if (v.getSecret() != null && !rendered.containsKey(v.getSecret().getSecretName())
                        && !configured.contains(v.getSecret().getSecretName()) && !Boolean.TRUE.equals(v.getSecret().getOptional())) {
                    findings.add(at(target, w.rendered(), "secretName"), w.id() + " " + with(r) + ": volume " + v.getName()
                                    + " mounts Secret " + v.getSecret().getSecretName() + ", which the chart does not create nor take from values",
                            "the name of the chart's Secret or of the existing Secret given in values");
                }
            }
        }
    }

    /** Secret names given in the values (e.g. db.auth.existingSecret: creds): created out of band, fine to reference. */
    private static Set<String> configuredSecretNames(RenderedChart r) {
        Set<String> names = new LinkedHashSet<>();
        ValuesPaths.find(r.chart().mergedValues(r.values()), (k, v) -> v instanceof String s && !s.isBlank()
                        && k.toLowerCase().contains("secret"))
                .forEach(e -> names.add((String) e.value()));
        return names;
    }

    private static Set<String> keys(Secret s) {
        Set<String> keys = new LinkedHashSet<>();
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        return keys;
    }

    private static Set<String> secretsUsedBy(Workload w) {
        Set<String> used = new LinkedHashSet<>();
        for (Container c : w.allContainers()) {
            Optional.ofNullable(c.getEnv()).orElse(List.of()).stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> used.add(e.getValueFrom().getSecretKeyRef().getName()));
            Optional.ofNullable(c.getEnvFrom()).orElse(List.of()).stream()
                    .map(EnvFromSource::getSecretRef).filter(Objects::nonNull).forEach(s -> used.add(s.getName()));
        }
        Optional.ofNullable(w.podSpec().getVolumes()).orElse(List.of()).stream()
                .filter(v -> v.getSecret() != null).forEach(v -> used.add(v.getSecret().getSecretName()));
        return used;
    }

    /**
     * Renders with every "existingSecret" value set to a probe name: the pods must then read
     * that Secret, and the chart must stop creating the one they read before.
     */
    private static void existingSecret(Target target, RenderedChart r, Findings findings) {
        HelmChart chart = r.chart();
        Location valuesYaml = at(target, chart.dir() + "/" + HelmChart.VALUES_YAML, "existingSecret", "auth:");
        List<ValuesPaths.Entry> keys = ValuesPaths.find(chart.mergedValues(r.values()),
                (k, v) -> k.toLowerCase().endsWith("existingsecret") && (v == null || v instanceof String));
        if (keys.isEmpty()) {
            findings.add(valuesYaml, "no value to use an existing Secret (no key named existingSecret in values.yaml)",
                    "db.auth.existingSecret: \"\" in values.yaml; when set, the templates use that Secret and create none");
            return;
        }
        Map<String, Object> sets = new LinkedHashMap<>();
        keys.forEach(k -> sets.put(k.path(), PROBE_SECRET));
        RenderedChart probed;
        try {
            probed = chart.renderWith(r.values(), sets);
        } catch (BadInput bad) {
            findings.add(bad.location(), "with " + String.join(", ", sets.keySet()) + " set, the chart does not render: " + bad.problem(),
                    "a chart that renders with an existing Secret");
            return;
        }
        Set<String> before = new LinkedHashSet<>();
        r.workloads().forEach(w -> before.addAll(secretsUsedBy(w)));
        Set<String> after = new LinkedHashSet<>();
        probed.workloads().forEach(w -> after.addAll(secretsUsedBy(w)));
        if (!after.contains(PROBE_SECRET)) {
            findings.add(valuesYaml, "with " + String.join(", ", sets.keySet()) + " set to a Secret's name, no pod reads that Secret"
                            + " (they read " + after + ")",
                    "secretKeyRef.name / secret.secretName from a helper: the existing Secret when given, the chart's own otherwise");
        }
        for (RenderedObject o : probed.objectsOfType(Secret.class)) {
            if (before.contains(o.name()) && !after.contains(o.name())) {
                findings.add(at(target, o, "kind: Secret"), "with " + String.join(", ", sets.keySet())
                                + " set, the chart still creates " + o.id() + ", which no pod reads any more",
                        "{{- if not .Values.db.auth.existingSecret }} around the Secret template");
            }
        }
    }

    // ------------------------------------------------------------------ D3.CHART.ENVIRONMENTS

    @Criterion("D3.CHART.ENVIRONMENTS")
    void prodIsSizedForAvailabilityAndDiffersFromDev(HelmCharts helm, Target target) {
        Findings findings = new Findings();
        Renders.chart(helm, findings).ifPresent(chart -> findings.tolerating(() -> {
            Optional<ValuesFile> dev = chart.values("dev");
            Optional<ValuesFile> prod = chart.values("prod");
            for (var missing : List.of(Map.entry("dev", dev), Map.entry("prod", prod))) {
                if (missing.getValue().isEmpty()) {
                    findings.add(Location.of(chart.dir()), "no values file for " + missing.getKey() + " (looked for values-"
                                    + missing.getKey() + ".yaml, values." + missing.getKey() + ".yaml, values/" + missing.getKey()
                                    + ".yaml, env/" + missing.getKey() + "/values.yaml, and the helmfile's values for its "
                                    + missing.getKey() + " environment)",
                            chart.path("values-" + missing.getKey() + ".yaml") + " with what differs in " + missing.getKey());
                }
            }
            Optional<RenderedChart> devRender = dev.flatMap(v -> Renders.render(chart, v, findings));
            Optional<RenderedChart> prodRender = prod.flatMap(v -> Renders.render(chart, v, findings));
            prodRender.ifPresent(r -> prodAvailability(target, r, findings));
            if (devRender.isPresent() && prodRender.isPresent()) {
                differ(target, devRender.get(), prodRender.get(), findings);
            }
        }));
        Renders.judge(helm, findings);
    }

    private static void prodAvailability(Target target, RenderedChart prod, Findings findings) {
        Optional<Workload> api = AppWorkloads.api(prod, target.layout());
        if (api.isEmpty()) {
            findings.add(prod.values().location(), "no api workload " + with(prod),
                    "a Deployment of the api (component " + target.layout().services().api() + ")");
            return;
        }
        Workload w = api.get();
        int replicas = w.replicas().orElse(1);
        Optional<HorizontalPodAutoscaler> hpa = prod.ofType(HorizontalPodAutoscaler.class).stream()
                .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null
                        && Objects.equals(h.getSpec().getScaleTargetRef().getName(), w.rendered().name())).findFirst();
        int minimum = hpa.map(h -> h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas()).orElse(replicas);
        if (minimum < 2) {
            findings.add(at(target, prod.values().path(), "replicaCount", "replicas"), w.id() + " " + with(prod) + " runs "
                            + minimum + " replica" + (hpa.isPresent() ? " at least (its HorizontalPodAutoscaler's minReplicas)" : ""),
                    "2 or more api replicas in prod (api.replicaCount: 2), so a node drain or a rollout keeps it up");
        }
        List<PodDisruptionBudget> pdbs = prod.ofType(PodDisruptionBudget.class).stream()
                .filter(p -> selects(p, w.podLabels())).toList();
        if (pdbs.isEmpty()) {
            findings.add(prod.values().location(), "no PodDisruptionBudget selects the api pods " + with(prod)
                            + (prod.ofType(PodDisruptionBudget.class).isEmpty() ? "" : " (the ones rendered select other labels)"),
                    "a policy/v1 PodDisruptionBudget with minAvailable: 1 (or maxUnavailable: 1) and the api's selector labels,"
                            + " enabled in values-prod.yaml");
        }
        for (PodDisruptionBudget pdb : pdbs) {
            IntOrString min = pdb.getSpec().getMinAvailable();
            if (min == null && pdb.getSpec().getMaxUnavailable() == null) {
                findings.add(at(target, prod.templateOf(pdb), "minAvailable", "spec:"), "PodDisruptionBudget/" + pdb.getMetadata().getName()
                        + " " + with(prod) + " sets neither minAvailable nor maxUnavailable", "minAvailable: 1 or maxUnavailable: 1");
            } else if (min != null && min.getIntVal() != null && min.getIntVal() >= minimum) {
                findings.add(at(target, prod.templateOf(pdb), "minAvailable"), "PodDisruptionBudget/" + pdb.getMetadata().getName()
                                + " " + with(prod) + ": minAvailable " + min.getIntVal() + " with " + minimum + " replicas: no pod may ever be evicted",
                        "minAvailable below the replica count (e.g. 1 of 2), or maxUnavailable: 1");
            } else if (min != null && "100%".equals(min.getStrVal())) {
                findings.add(at(target, prod.templateOf(pdb), "minAvailable"), "PodDisruptionBudget/" + pdb.getMetadata().getName()
                        + " " + with(prod) + ": minAvailable 100%: no pod may ever be evicted", "minAvailable: 1 or 50%");
            }
        }
    }

    private static boolean selects(PodDisruptionBudget pdb, Map<String, String> podLabels) {
        if (pdb.getSpec() == null || pdb.getSpec().getSelector() == null || pdb.getSpec().getSelector().getMatchLabels() == null
                || pdb.getSpec().getSelector().getMatchLabels().isEmpty()) {
            return false;
        }
        return pdb.getSpec().getSelector().getMatchLabels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
    }

    private static void differ(Target target, RenderedChart dev, RenderedChart prod, Findings findings) {
        Optional<Workload> devApi = AppWorkloads.api(dev, target.layout());
        Optional<Workload> prodApi = AppWorkloads.api(prod, target.layout());
        if (devApi.isEmpty() || prodApi.isEmpty()) {
            return;
        }
        boolean sameReplicas = devApi.get().replicas().equals(prodApi.get().replicas());
        boolean sameResources = Objects.equals(resources(devApi.get()), resources(prodApi.get()));
        if (sameReplicas && sameResources) {
            findings.add(prod.values().location(), "dev and prod render the same api: " + devApi.get().replicas().orElse(1)
                            + " replica(s), resources " + resources(devApi.get()),
                    "prod with more replicas and larger requests/limits than dev (values-prod.yaml), dev kept small");
        }
    }

    private static Map<String, Map<String, Quantity>> resources(Workload w) {
        Map<String, Map<String, Quantity>> out = new LinkedHashMap<>();
        for (Container c : w.containers()) {
            ResourceRequirements r = c.getResources();
            Map<String, Quantity> all = new LinkedHashMap<>();
            if (r != null && r.getRequests() != null) {
                r.getRequests().forEach((k, v) -> all.put("requests." + k, v));
            }
            if (r != null && r.getLimits() != null) {
                r.getLimits().forEach((k, v) -> all.put("limits." + k, v));
            }
            out.put(c.getName(), all);
        }
        return out;
    }

    // ------------------------------------------------------------------ D3.HELMFILE

    @Criterion("D3.HELMFILE")
    void aHelmfileReleasesTheChartPerEnvironmentWithPinnedVersions(HelmCharts helm, Target target) {
        Findings findings = new Findings();
        Helmfile h;
        try {
            h = helm.requireHelmfile();
        } catch (BadInput unreadable) {
            // this criterion is the one that judges the helmfile: one it cannot read fails it
            findings.add(unreadable.location(), unreadable.problem(), unreadable.expected());
            Renders.judge(helm, findings);
            return;
        }
        HelmChart app = helm.chart();
        findings.tolerating(() -> helmfile(h, app, helm, target, findings));
        Renders.judge(helm, findings);
    }

    private static void helmfile(Helmfile h, HelmChart app, HelmCharts helm, Target target, Findings findings) {
        Location top = Location.of(h.path());
        for (String env : List.of("dev", "prod")) {
            if (h.environment(env).isEmpty()) {
                findings.add(top, "no " + env + " environment (environments: "
                                + h.environments().stream().map(e -> e.name()).toList() + ")",
                        "environments: { dev: {}, prod: {} } so helmfile -e " + env + " apply works");
            }
        }
        if (h.releases().isEmpty()) {
            findings.add(top, "no releases", "releases: with your chart (chart: ./<chart>, version:, values:)");
            return;
        }
        boolean releasesApp = false;
        for (HelmfileRelease release : h.releases()) {
            if (release.version().isEmpty()) {
                findings.add(release.location(), "release " + release.name() + " (chart " + release.chart() + ") has no version",
                        "version: pinned (" + (release.isLocalChart() ? "the chart's Chart.yaml version" : "an exact chart version") + ")");
            }
            List<HelmfileRelease.OutsidePath> outside = release.outsidePaths(target, h.environments().stream().map(e -> e.name()).toList());
            for (HelmfileRelease.OutsidePath o : outside) {
                findings.add(o.location(), "release " + release.name() + ": " + o.describe(),
                        "a path inside the repository, relative to the helmfile's folder");
            }
            if (outside.stream().anyMatch(HelmfileRelease.OutsidePath::isChart)) {
                continue;
            }
            if (release.isLocalChart()) {
                String dir = release.chartDir().orElseThrow();
                HelmChart local = helm.chartAt(dir);
                if (!target.exists(dir + "/" + HelmChart.CHART_YAML)) {
                    findings.add(release.location(), "release " + release.name() + ": chart " + release.chart() + " resolves to " + dir
                            + ", which has no Chart.yaml", "chart: the path of your chart, relative to the helmfile");
                    continue;
                }
                releasesApp |= app.dir().equals(dir);
                Optional<String> chartVersion = local.version();
                release.version().filter(v -> chartVersion.isPresent() && !v.equals(chartVersion.get())).ifPresent(v ->
                        findings.add(release.location(), "release " + release.name() + " pins version " + v + " but " + local.chartYamlPath()
                                + " says " + chartVersion.get(), "the same version in both (bump them together)"));
                perEnvironmentValues(target, release, findings);
            } else {
                release.version().filter(v -> !EXACT_VERSION.matcher(v).matches()).ifPresent(v ->
                        findings.add(release.location(), "release " + release.name() + ": version \"" + v + "\" is a range",
                                "an exact version (e.g. 61.3.2)"));
                String repo = release.chart() == null || !release.chart().contains("/") ? null
                        : release.chart().substring(0, release.chart().indexOf('/'));
                if (repo != null && !release.chart().startsWith("oci://")
                        && h.repositories().stream().noneMatch(r -> r.name().equals(repo))) {
                    findings.add(release.location(), "release " + release.name() + ": chart " + release.chart()
                            + " names repository " + repo + ", which is not under repositories:", "repositories: - name: " + repo + ", url: ...");
                }
            }
        }
        if (!releasesApp) {
            findings.add(top, "no release installs " + app.dir(), "a release with chart: " + relativeTo(h, app.dir())
                    + " (relative to the helmfile)");
        }
    }

    /** A chart directory as a helmfile beside or below it names it ("./app", "../helm/app"). */
    private static String relativeTo(Helmfile h, String dir) {
        java.nio.file.Path from = java.nio.file.Path.of(h.path()).getParent();
        String rel = (from == null ? java.nio.file.Path.of(dir) : from.relativize(java.nio.file.Path.of(dir))).toString().replace('\\', '/');
        return rel.startsWith("..") ? rel : "./" + rel;
    }

    private static void perEnvironmentValues(Target target, HelmfileRelease release, Findings findings) {
        List<String> dev = release.valuesFilesFor("dev");
        List<String> prod = release.valuesFilesFor("prod");
        if (dev.equals(prod)) {
            findings.add(release.location(), "release " + release.name() + " gets the same values in dev and prod " + dev,
                    "values: - ./<chart>/values-{{ .Environment.Name }}.yaml");
        }
        Set<String> files = new LinkedHashSet<>(dev);
        files.addAll(prod);
        for (String f : files) {
            if (!HelmfileRelease.isOutside(target, f) && !target.exists(f)) {
                findings.add(release.location(), "release " + release.name() + " uses values file " + f + ", which does not exist",
                        "a path relative to the helmfile's folder");
            }
        }
    }
}
