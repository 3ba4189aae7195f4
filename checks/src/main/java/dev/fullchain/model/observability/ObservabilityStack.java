package dev.fullchain.model.observability;

import dev.fullchain.model.Memo;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.Helmfile;
import dev.fullchain.model.helm.HelmfileEnvironment;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.ValuesFiles;
import dev.fullchain.model.helm.ValuesMerge;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Day 5's stack as the helmfile declares it: the releases of the community charts for
 * metrics, logs and log collection, recognised by the chart's name whatever the release is
 * called (prometheus-community/kube-prometheus-stack, an OCI reference, a mirror), each with
 * the values it is installed with per environment. A helmfile with none of them has no Day 5:
 * Missing, once; one that has some is judged.
 */
public final class ObservabilityStack {

    /** What a chart does in the stack. */
    public enum Role { METRICS, LOGS, COLLECTOR }

    /**
     * A chart fullchain recognises. {@code retired} says why a learner should not install it
     * any more (with what to use instead), empty for a current chart.
     */
    public record KnownChart(String name, Role role, Optional<String> retired) {
    }

    /** A release of a recognised chart. */
    public record StackRelease(HelmfileRelease release, KnownChart chart) {

        public String name() {
            return release.name();
        }

        /** "release loki (grafana/loki)", for messages. */
        public String describe() {
            return "release " + release.name() + " (" + release.chart() + ")";
        }
    }

    public static final String PROMTAIL_EOL = "Promtail reached end of life on 2026-03-02 (no more fixes, security ones included)";

    private static final List<KnownChart> KNOWN = List.of(
            new KnownChart("kube-prometheus-stack", Role.METRICS, Optional.empty()),
            new KnownChart("loki", Role.LOGS, Optional.empty()),
            new KnownChart("loki-stack", Role.LOGS, Optional.of("grafana/loki-stack is deprecated: it installs Loki 2.x and Promtail;"
                    + " " + PROMTAIL_EOL)),
            new KnownChart("loki-distributed", Role.LOGS, Optional.of("grafana/loki-distributed is deprecated (Loki 2.x):"
                    + " grafana/loki installs every mode, monolithic included")),
            new KnownChart("alloy", Role.COLLECTOR, Optional.empty()),
            new KnownChart("k8s-monitoring", Role.COLLECTOR, Optional.empty()),
            new KnownChart("promtail", Role.COLLECTOR, Optional.of(PROMTAIL_EOL)),
            new KnownChart("fluent-bit", Role.COLLECTOR, Optional.empty()),
            new KnownChart("vector", Role.COLLECTOR, Optional.empty()),
            new KnownChart("opentelemetry-collector", Role.COLLECTOR, Optional.empty()));

    private final Target target;
    private final Supplier<HelmCharts> helm;
    private final Memo<List<StackRelease>> releases;

    private ObservabilityStack(Target target, Supplier<HelmCharts> helm) {
        this.target = target;
        this.helm = helm;
        this.releases = new Memo<>(this::find);
    }

    /** The stack of the target's helmfile; {@code helm} is asked for on first use (the same model the Day 3 checks read). */
    public static ObservabilityStack of(Target target, Supplier<HelmCharts> helm) {
        return new ObservabilityStack(target, helm);
    }

    public Target target() {
        return target;
    }

    public Helmfile helmfile() {
        return helm.get().requireHelmfile();
    }

    /** The stack's releases in helmfile order; Missing when the helmfile (or any of them) is not there. */
    public List<StackRelease> releases() {
        return releases.get();
    }

    public List<StackRelease> withRole(Role role) {
        return releases().stream().filter(r -> r.chart().role() == role).toList();
    }

    public Optional<StackRelease> byChart(String chartName) {
        return releases().stream().filter(r -> r.chart().name().equals(chartName)).findFirst();
    }

    /** The environments the helmfile installs (just "default" when it declares none). */
    public List<String> environments() {
        List<String> names = helmfile().environments().stream().map(HelmfileEnvironment::name).toList();
        return names.isEmpty() ? List.of("default") : names;
    }

    /**
     * The release's values in an environment, merged in the helmfile's order. BadInput when a
     * values file cannot be read or is not a YAML mapping; one that leaves the repository is
     * not read (D3.HELMFILE judges it) and counts as empty.
     */
    @SuppressWarnings("unchecked")
    public ReleaseValues values(StackRelease r, String environment) {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<SourceFile> files = new ArrayList<>();
        for (Object v : r.release().valuesFor(environment)) {
            if (v instanceof Map<?, ?> inline) {
                merged = ValuesMerge.merge(merged, (Map<String, Object>) inline);
            } else if (v instanceof String path && !HelmfileRelease.isOutside(target, path)) {
                SourceFile file = target.read(path);
                files.add(file);
                merged = ValuesMerge.merge(merged, ValuesFiles.mapping(file));
            }
        }
        return new ReleaseValues(merged, files, r.release().location());
    }

    /** The chart's name in a release's chart: reference ("grafana/loki", "oci://ghcr.io/x/charts/loki", "loki"). */
    static String chartName(String chart) {
        if (chart == null) {
            return "";
        }
        String c = chart.strip();
        int slash = c.lastIndexOf('/');
        String last = slash < 0 ? c : c.substring(slash + 1);
        int at = last.indexOf('@');
        return (at < 0 ? last : last.substring(0, at)).toLowerCase(java.util.Locale.ROOT);
    }

    private List<StackRelease> find() {
        Helmfile h = helm.get().requireHelmfile();
        List<StackRelease> out = new ArrayList<>();
        for (HelmfileRelease r : h.releases()) {
            if (r.isLocalChart()) {
                continue;
            }
            String name = chartName(r.chart());
            KNOWN.stream().filter(k -> k.name().equals(name)).findFirst().ifPresent(k -> out.add(new StackRelease(r, k)));
        }
        if (out.isEmpty()) {
            throw new Missing("observability stack (releases of kube-prometheus-stack, grafana/loki and a log collector such as"
                    + " grafana/alloy)", List.of("the releases of " + h.path()), "helmfile");
        }
        return List.copyOf(out);
    }
}
