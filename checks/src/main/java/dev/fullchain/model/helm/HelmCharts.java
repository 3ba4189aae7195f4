package dev.fullchain.model.helm;

import dev.fullchain.model.Memo;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Day 3 Helm side of the target: the charts under {@code charts/*} (each a directory with
 * a Chart.yaml) and the helmfile. Charts render in-process (helm-java), without a helm binary
 * or a cluster. Nothing is read before a check asks.
 */
public final class HelmCharts {

    public static final String CHARTS_DIR = "charts";
    /** Where a helmfile may be, first match wins. Helmfile v1 renders templates only in *.gotmpl. */
    public static final List<String> HELMFILE_CANDIDATES = List.of(
            "helmfile.yaml.gotmpl", "helmfile.yaml", "charts/helmfile.yaml.gotmpl", "charts/helmfile.yaml");

    private final Target target;
    private final Memo<List<HelmChart>> charts;
    private final Memo<Optional<Helmfile>> helmfile;

    private HelmCharts(Target target) {
        this.target = target;
        this.charts = new Memo<>(this::findCharts);
        this.helmfile = new Memo<>(this::readHelmfile);
    }

    public static HelmCharts load(Target target) {
        return new HelmCharts(target);
    }

    public Target target() {
        return target;
    }

    /** The charts found as {@code charts/<dir>/Chart.yaml}, in directory order. Empty when there are none. */
    public List<HelmChart> charts() {
        return charts.get();
    }

    /** The one chart a check looks at; BadInput when there is none. */
    public HelmChart chart() {
        return charts().stream().findFirst().orElseThrow(() -> new BadInput(Location.of(CHARTS_DIR),
                "no chart: no " + CHARTS_DIR + "/*/Chart.yaml", "a Helm chart directory, e.g. charts/app/Chart.yaml"));
    }

    /** A chart by its directory name or Chart.yaml name. */
    public Optional<HelmChart> chart(String name) {
        return charts().stream().filter(c -> c.dir().endsWith("/" + name) || name.equals(c.name())).findFirst();
    }

    /** A chart whose directory is given relative to the root (e.g. a helmfile release's chart). */
    public HelmChart chartAt(String dir) {
        return charts().stream().filter(c -> c.dir().equals(dir)).findFirst().orElseGet(() -> new HelmChart(target, dir));
    }

    public Optional<Helmfile> helmfile() {
        return helmfile.get();
    }

    private List<HelmChart> findCharts() {
        Path root = target.resolve(CHARTS_DIR);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(HelmChart.CHART_YAML)))
                    .map(d -> CHARTS_DIR + "/" + d.getFileName())
                    .sorted()
                    .map(d -> new HelmChart(target, d))
                    .toList();
        } catch (IOException e) {
            throw new BadInput(Location.of(CHARTS_DIR), "cannot list: " + e.getMessage(), "a readable directory", e);
        }
    }

    private Optional<Helmfile> readHelmfile() {
        return HELMFILE_CANDIDATES.stream().filter(target::exists).findFirst()
                .map(p -> Helmfile.parse(target.read(p)));
    }
}
