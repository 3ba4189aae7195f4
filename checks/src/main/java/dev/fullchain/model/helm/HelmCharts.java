package dev.fullchain.model.helm;

import dev.fullchain.model.Memo;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Day 3 Helm side of the target: its charts, found anywhere (any directory with a
 * Chart.yaml that is not a subchart, i.e. not under another chart's charts/ folder), the app
 * chart among them (see {@link ChartChoice}), and the helmfile, found anywhere too. Charts
 * render in-process (helm-java), without a helm binary or a cluster. Nothing is read before a
 * check asks, except that the first model built starts loading Helm in the background.
 */
public final class HelmCharts {

    public static final String CHART_KEY = "chart";
    public static final String HELMFILE_KEY = "helmfile";
    /** Helmfile's own names for its state file; helmfile.d/ holds several, read in name order. */
    static final List<String> HELMFILE_NAMES = List.of("helmfile.yaml.gotmpl", "helmfile.yaml", "helmfile.yml", "helmfile.gotmpl");
    static final String HELMFILE_DIR = "helmfile.d";
    /** How deep helmfiles: is followed (Helmfile itself has no bound; a chain this deep is not a learner's). */
    static final int MAX_NESTED = 4;

    private final Target target;
    private final Memo<List<HelmChart>> charts;
    private final Memo<ChartChoice> choice;
    private final Memo<Optional<Helmfile>> helmfile;
    private final Map<String, HelmChart> byDir = new LinkedHashMap<>();

    private HelmCharts(Target target) {
        this.target = target;
        this.charts = new Memo<>(this::findCharts);
        this.choice = new Memo<>(() -> ChartChoice.choose(this));
        this.helmfile = new Memo<>(this::readHelmfile);
    }

    public static HelmCharts load(Target target) {
        // Helm's native library and the typed manifest reader take a second or two to get ready: start both now.
        HelmEngine.warmUp();
        ManifestReader.warmUp();
        return new HelmCharts(target);
    }

    /** Starts loading Helm and the manifest reader in the background, before any chart is read. */
    public static void warmUp() {
        HelmEngine.warmUp();
        ManifestReader.warmUp();
    }

    public Target target() {
        return target;
    }

    /** Every chart of the repository that is not a subchart, nearest the root first. Empty when there is none. */
    public List<HelmChart> charts() {
        return charts.get();
    }

    /** The app chart; Missing when the repository has none, BadInput when fullchain.yaml names a directory without one. */
    public HelmChart chart() {
        return choice.get().chart();
    }

    /** Which chart is the app chart and why, for messages when there was a choice to make. */
    public ChartChoice choice() {
        return choice.get();
    }

    /** A chart whose directory is given relative to the root (e.g. a helmfile release's chart). */
    public synchronized HelmChart chartAt(String dir) {
        return byDir.computeIfAbsent(dir, d -> new HelmChart(target, d, this::declaredValues));
    }

    /** The helmfile, if the repository has one (BadInput when it cannot be read). */
    public Optional<Helmfile> helmfile() {
        return helmfile.get();
    }

    /** The helmfile; Missing when the repository has none. */
    public Helmfile requireHelmfile() {
        return helmfile().orElseThrow(() -> new Missing("helmfile (helmfile.yaml, helmfile.yaml.gotmpl or helmfile.d/)",
                List.of("everywhere in the repository" + (target.files().truncated() ? " (the listing stopped at its bound)" : "")),
                HELMFILE_KEY));
    }

    private List<HelmChart> findCharts() {
        List<String> dirs = target.files().named(HelmChart.CHART_YAML).stream()
                .map(f -> f.equals(HelmChart.CHART_YAML) ? "." : f.substring(0, f.length() - HelmChart.CHART_YAML.length() - 1))
                .toList();
        List<HelmChart> out = new ArrayList<>();
        for (String d : dirs) {
            boolean subchart = dirs.stream().anyMatch(parent -> !parent.equals(d)
                    && (d + "/").startsWith(parent.equals(".") ? "charts/" : parent + "/charts/"));
            if (!subchart) {
                out.add(chartAt(d));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The values files a helmfile gives a chart, per environment: the release of that chart
     * with each environment's name in its values paths. Empty when no helmfile releases it.
     */
    private Optional<List<ValuesFile>> declaredValues(HelmChart chart) {
        Optional<Helmfile> h;
        try {
            h = helmfile();
        } catch (BadInput unreadable) {
            return Optional.empty();
        }
        if (h.isEmpty() || h.get().environments().isEmpty()) {
            return Optional.empty();
        }
        Optional<HelmfileRelease> release = h.get().releases().stream()
                .filter(r -> r.chartDir().map(chart.dir()::equals).orElse(false)).findFirst();
        if (release.isEmpty()) {
            return Optional.empty();
        }
        List<ValuesFile> out = new ArrayList<>();
        for (HelmfileEnvironment env : h.get().environments()) {
            List<String> layers = release.get().valuesFilesFor(env.name()).stream()
                    .filter(f -> !f.equals(chart.path(HelmChart.VALUES_YAML)))
                    .filter(f -> !HelmfileRelease.isOutside(target, f)) // a finding of D3.HELMFILE; never read
                    .filter(target::exists)
                    .toList();
            if (!layers.isEmpty()) {
                out.add(new ValuesFile(ValuesFiles.canonical(env.name()), layers.get(layers.size() - 1), layers));
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private Optional<Helmfile> readHelmfile() {
        Layout layout = target.layout();
        if (layout.helmfile().isPresent()) {
            String path = layout.helmfile().get();
            if (!target.exists(path)) {
                throw new BadInput(layout.where(HELMFILE_KEY), "helmfile: " + path + ", which does not exist",
                        "the path of your helmfile, relative to the repository's root");
            }
            return Optional.of(nest(Helmfile.parse(files(path)), new HashSet<>(Set.of(path)), 0));
        }
        List<String> candidates = new ArrayList<>();
        for (String f : target.files().all()) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            String parent = f.contains("/") ? f.substring(0, f.lastIndexOf('/')) : "";
            if (HELMFILE_NAMES.contains(name)) {
                candidates.add(f);
            } else if ((parent.equals(HELMFILE_DIR) || parent.endsWith("/" + HELMFILE_DIR)) && name.matches(".*\\.ya?ml(\\.gotmpl)?|.*\\.gotmpl")
                    && !candidates.contains(parent)) {
                candidates.add(parent);
            }
        }
        // a state file another one pulls in with helmfiles: is not the helmfile to start from
        Set<String> nested = nestedIn(candidates);
        String start = candidates.stream().filter(c -> !nested.contains(c)).findFirst().orElse(candidates.isEmpty() ? null : candidates.get(0));
        return start == null ? Optional.empty() : Optional.of(nest(Helmfile.parse(files(start)), new HashSet<>(Set.of(start)), 0));
    }

    /** The paths the candidates' helmfiles: name (a candidate that cannot be read names none here). */
    private Set<String> nestedIn(List<String> candidates) {
        Set<String> out = new HashSet<>();
        for (String c : candidates) {
            try {
                List<SourceFile> state = files(c);
                if (state.stream().anyMatch(f -> f.text().contains("helmfiles:"))) {
                    Helmfile.parse(state).nested().forEach(n -> out.add(n.path()));
                }
            } catch (BadInput unreadable) {
                // said when it is the helmfile read
            }
        }
        return out;
    }

    /** The helmfile with the state files its helmfiles: pull in, read once each, at most MAX_NESTED deep. */
    private Helmfile nest(Helmfile h, Set<String> seen, int depth) {
        List<Helmfile> children = new ArrayList<>();
        for (Helmfile.Nested n : h.nested()) {
            if (depth >= MAX_NESTED || HelmfileRelease.isOutside(target, n.path()) || !seen.add(n.path())) {
                continue;
            }
            if (!target.exists(n.path())) {
                throw new BadInput(n.location(), "helmfiles: " + n.path() + ", which does not exist",
                        "the path of a state file, relative to the folder of the helmfile that names it");
            }
            children.add(nest(Helmfile.parse(files(n.path())), seen, depth + 1));
        }
        return Helmfile.withNested(h, children);
    }

    /** The state files at a path: the file itself, or a helmfile.d/ folder's files in name order. */
    private List<SourceFile> files(String path) {
        if (!java.nio.file.Files.isDirectory(target.resolve(path))) {
            return List.of(target.read(path));
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        List<SourceFile> out = target.files().all().stream()
                .filter(f -> f.startsWith(prefix) && !f.substring(prefix.length()).contains("/"))
                .filter(f -> f.matches(".*\\.ya?ml(\\.gotmpl)?|.*\\.gotmpl"))
                .sorted().map(target::read).toList();
        if (out.isEmpty()) {
            throw new BadInput(Location.of(path), "a folder without helmfile state files", "helmfile.d/*.yaml files");
        }
        return out;
    }
}
