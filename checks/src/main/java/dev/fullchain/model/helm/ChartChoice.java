package dev.fullchain.model.helm;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Missing;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which chart of the repository is the app chart, and why. In this order:
 * <ol>
 * <li>the directory {@code chart:} in fullchain.yaml names;</li>
 * <li>the only application chart there is (library charts render nothing);</li>
 * <li>the chart a helmfile release installs (the first such release);</li>
 * <li>the first chart, nearest the root, whose templates declare a Deployment or StatefulSet;</li>
 * <li>the chart nearest the root.</li>
 * </ol>
 * No chart at all is {@link Missing}.
 */
public record ChartChoice(HelmChart chart, String reason, List<HelmChart> others) {

    private static final Pattern WORKLOAD = Pattern.compile("(?m)^\\s*kind:\\s*[\"']?(Deployment|StatefulSet)\\b");

    /** Whether there was more than one chart to choose from (then messages say which was taken, and why). */
    public boolean hadAChoice() {
        return !others.isEmpty();
    }

    /** "helm/northwind (the chart the helmfile's release northwind installs; also found: tools/chart)". */
    public String describe() {
        return chart.dir() + " (" + reason + (others.isEmpty() ? "" : "; also found: "
                + String.join(", ", others.stream().map(HelmChart::dir).toList())) + ")";
    }

    static ChartChoice choose(HelmCharts helm) {
        Layout layout = helm.target().layout();
        if (layout.chart().isPresent()) {
            String dir = layout.chart().get().replaceAll("/+$", "");
            HelmChart chart = helm.chartAt(dir.isEmpty() ? "." : dir);
            if (!helm.target().exists(chart.chartYamlPath())) {
                throw new BadInput(layout.where(HelmCharts.CHART_KEY), "chart: " + dir + ", which has no " + HelmChart.CHART_YAML,
                        "the directory of your chart (the one holding Chart.yaml), relative to the repository's root");
            }
            return new ChartChoice(chart, "named by chart: in fullchain.yaml", others(helm, chart));
        }
        List<HelmChart> apps = helm.charts().stream().filter(ChartChoice::isApplication).toList();
        if (apps.isEmpty()) {
            throw new Missing("Helm chart (a directory with " + HelmChart.CHART_YAML + ", not a subchart)",
                    List.of("everywhere in the repository (charts/, helm/, deploy/, ...)"
                            + (helm.target().files().truncated() ? ", until the listing stopped at its bound" : "")),
                    HelmCharts.CHART_KEY);
        }
        if (apps.size() == 1) {
            return new ChartChoice(apps.get(0), "the only chart in the repository", others(helm, apps.get(0)));
        }
        Optional<ChartChoice> released = releasedByHelmfile(helm, apps);
        if (released.isPresent()) {
            return released.get();
        }
        for (HelmChart c : apps) {
            if (deploysWorkloads(helm, c)) {
                return new ChartChoice(c, "the first chart, nearest the root, whose templates declare a Deployment or StatefulSet",
                        others(helm, c));
            }
        }
        return new ChartChoice(apps.get(0), "the chart nearest the root", others(helm, apps.get(0)));
    }

    private static Optional<ChartChoice> releasedByHelmfile(HelmCharts helm, List<HelmChart> apps) {
        try {
            return helm.helmfile().flatMap(h -> h.releases().stream()
                    .flatMap(r -> r.chartDir().stream().flatMap(d -> apps.stream().filter(c -> c.dir().equals(d))
                            .map(c -> new ChartChoice(c, "the chart the helmfile's release " + r.name() + " installs", others(helm, c)))))
                    .findFirst());
        } catch (BadInput unreadable) {
            return Optional.empty();
        }
    }

    private static boolean isApplication(HelmChart chart) {
        try {
            return !"library".equals(chart.type());
        } catch (BadInput unreadable) {
            return true; // a chart whose Chart.yaml cannot be read is still the chart to report on
        }
    }

    private static boolean deploysWorkloads(HelmCharts helm, HelmChart chart) {
        String templates = chart.path("templates/");
        return helm.target().files().all().stream().filter(f -> f.startsWith(templates) || chart.dir().equals(".") && f.startsWith("templates/"))
                .anyMatch(f -> {
                    try {
                        return WORKLOAD.matcher(helm.target().read(f).text()).find();
                    } catch (BadInput unreadable) {
                        return false;
                    }
                });
    }

    private static List<HelmChart> others(HelmCharts helm, HelmChart chosen) {
        return helm.charts().stream().filter(c -> !c.dir().equals(chosen.dir()) && isApplication(c)).toList();
    }
}
