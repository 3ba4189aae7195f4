package dev.fullchain.model.helm;

import static dev.fullchain.check.Text.firstLine;

import com.marcnuri.helm.LintResult;
import dev.fullchain.model.Memo;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.JailedCopy;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import dev.fullchain.target.YamlSyntax;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * One chart directory of the target: its Chart.yaml, its values files (values.yaml and one
 * file per environment: see {@link ValuesFiles}), and, on demand, {@code helm lint} and
 * {@code helm template} per values file, run in-process. Results are kept: each values file
 * is rendered once and linted once per run. A chart that cannot be read is a BadInput naming
 * the file; one that Helm cannot render is a {@link RenderFailure} with Helm's message.
 */
public final class HelmChart {

    public static final String CHART_YAML = "Chart.yaml";
    public static final String VALUES_YAML = "values.yaml";

    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (\\S+)\\s*$");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    /** "template: app/templates/x.yaml:12:3: ..." or "parse error at (app/templates/x.yaml:12): ...". */
    private static final Pattern TEMPLATE_AT = Pattern.compile("([\\w.-]+(?:/charts/[\\w.-]+)*/templates/[^\\s:()]+)(?::(\\d+))?");
    /** "yaml: line 3: ..." in Helm's message about a values file. */
    private static final Pattern YAML_LINE = Pattern.compile("yaml: line (\\d+)");

    private final Target target;
    private final String dir;
    private final Function<HelmChart, Optional<List<ValuesFile>>> declaredValues;
    private final Memo<Map<String, Object>> chartYaml;
    private final Memo<List<ValuesFile>> valuesFiles;
    private final Memo<Path> renderDir;
    private final Memo<Path> installDir;
    private final Map<String, Memo<RenderedChart>> renders = new ConcurrentHashMap<>();
    private final Map<String, Memo<LintReport>> lints = new ConcurrentHashMap<>();

    HelmChart(Target target, String dir) {
        this(target, dir, c -> Optional.empty());
    }

    /** @param declaredValues the values files a helmfile gives this chart per environment, if it does */
    HelmChart(Target target, String dir, Function<HelmChart, Optional<List<ValuesFile>>> declaredValues) {
        this.target = target;
        this.dir = dir;
        this.declaredValues = declaredValues;
        this.chartYaml = new Memo<>(this::readChartYaml);
        this.valuesFiles = new Memo<>(this::findValuesFiles);
        this.renderDir = new Memo<>(this::prepareRenderDir);
        this.installDir = new Memo<>(this::prepareInstallDir);
    }

    public Target target() {
        return target;
    }

    /** The chart's directory relative to the target's root, e.g. "charts/app" ("." for the root). */
    public String dir() {
        return dir;
    }

    public String chartYamlPath() {
        return path(CHART_YAML);
    }

    /** A path inside the chart, relative to the target's root. */
    public String path(String inside) {
        return dir.equals(".") ? inside : dir + "/" + inside;
    }

    public Location location() {
        return Location.of(chartYamlPath());
    }

    /** Chart.yaml as data (apiVersion, name, version, appVersion, dependencies, ...). */
    public Map<String, Object> metadata() {
        return chartYaml.get();
    }

    public String name() {
        return string("name").orElse(dir.substring(dir.lastIndexOf('/') + 1));
    }

    public Optional<String> version() {
        return string("version");
    }

    public Optional<String> appVersion() {
        return string("appVersion");
    }

    public Optional<String> apiVersion() {
        return string("apiVersion");
    }

    /** Chart.yaml's type: "application" (also when not set) or "library". */
    public String type() {
        return string("type").orElse("application");
    }

    private Optional<String> string(String key) {
        Object v = metadata().get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    // ------------------------------------------------------------------ values files

    /**
     * values.yaml first (when present), then one file per environment: for an environment of
     * the helmfile that releases this chart, the values that release gets there; for any other
     * environment, the file named after it beside values.yaml (see {@link ValuesFiles}).
     */
    public List<ValuesFile> valuesFiles() {
        return valuesFiles.get();
    }

    private List<ValuesFile> findValuesFiles() {
        List<ValuesFile> out = new ArrayList<>();
        if (target.exists(path(VALUES_YAML))) {
            out.add(new ValuesFile(ValuesFile.DEFAULT, path(VALUES_YAML)));
        }
        List<ValuesFile> declared = declaredValues.apply(this).orElse(List.of());
        out.addAll(declared);
        ValuesFiles.beside(target, this).stream()
                .filter(v -> declared.stream().noneMatch(d -> d.environment().equals(v.environment())))
                .forEach(out::add);
        return List.copyOf(out);
    }

    /** The values file of an environment ("default", "dev", "prod"). */
    public Optional<ValuesFile> values(String environment) {
        return valuesFiles().stream().filter(v -> v.environment().equals(environment)).findFirst();
    }

    // ------------------------------------------------------------------ render

    /** What a render depends on: every layer, in order (one file alone and the same file over another layer differ). */
    private static String key(ValuesFile values) {
        return values.path() + "<" + String.join(",", values.layers());
    }

    /** The chart rendered with its own values.yaml only. */
    public RenderedChart render() {
        return render(new ValuesFile(ValuesFile.DEFAULT, path(VALUES_YAML)));
    }

    /** The chart rendered with a values file over values.yaml (as {@code helm template -f}); a RenderFailure when Helm cannot. */
    public RenderedChart render(ValuesFile values) {
        return renderAs(values, HelmEngine.RELEASE_NAME);
    }

    /** As {@link #render(ValuesFile)}, as the release {@code releaseName} (an installed release's objects are named after it). */
    public RenderedChart renderAs(ValuesFile values, String releaseName) {
        return renders.computeIfAbsent(key(values) + "|" + releaseName,
                k -> new Memo<>(() -> doRender(values, Map.of(), releaseName))).get();
    }

    /**
     * The chart rendered with a values file and {@code --set} overrides, not kept: checks use it
     * to see which rendered fields follow a value (e.g. an image repository).
     */
    public RenderedChart renderWith(ValuesFile values, Map<String, Object> sets) {
        return doRender(values, sets, HelmEngine.RELEASE_NAME);
    }

    /** values.yaml with the values file's layers coalesced over it, as the templates see .Values. */
    public Map<String, Object> mergedValues(ValuesFile values) {
        Map<String, Object> merged = yamlMap(path(VALUES_YAML), true);
        for (String layer : values.layers()) {
            if (!layer.equals(path(VALUES_YAML))) {
                merged = ValuesMerge.merge(merged, yamlMap(layer, false));
            }
        }
        return merged;
    }

    private RenderedChart doRender(ValuesFile values, Map<String, Object> sets, String releaseName) {
        metadata();
        ManifestReader.warmUp();
        List<Path> layers = new ArrayList<>();
        for (String layer : values.layers()) {
            target.read(layer);
            layers.add(target.resolve(layer));
        }
        beyondBounds(values).ifPresent(failure -> {
            throw failure;
        });
        String manifest;
        try {
            manifest = HelmEngine.template(chartKey(), renderDir.get(), layers, sets, releaseName);
        } catch (IllegalStateException e) {
            throw renderFailure(values, e);
        }
        List<RenderedObject> objects = parse(manifest, values);
        objects.forEach(o -> HookAnnotations.restore(o.object()));
        RenderedChart rendered = new RenderedChart(this, values, releaseName, manifest, objects);
        registerSecrets(rendered);
        return rendered;
    }

    /**
     * The first values file (values.yaml, then the layers) that is valid YAML but goes past
     * {@link YamlSyntax}'s bounds, e.g. a billion laughs. fullchain does not hand it to Helm:
     * Helm's own reader would say "excessive aliasing" and name no file. One that does not
     * parse at all is left to Helm, whose message names its line.
     */
    private Optional<RenderFailure> beyondBounds(ValuesFile values) {
        List<String> files = new ArrayList<>();
        if (target.exists(path(VALUES_YAML))) {
            files.add(path(VALUES_YAML));
        }
        files.addAll(values.layers());
        for (String f : files) {
            try {
                YamlSyntax.compose(target.read(f).text());
            } catch (YamlSyntax.Error e) {
                if (e.isBeyondBounds()) {
                    return Optional.of(new RenderFailure(Location.of(f).atLine(e.line()), values,
                            "not run: " + f + " " + e.getMessage(), "a values file whose anchors and aliases (&name, *name) expand to a"
                            + " few thousand values at most, as real values files do", e));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The directory Helm renders: the chart itself, or, when a template declares a hook or
     * calls lookup, a copy made once whose templates show hooks (helm-java's template leaves
     * hook objects out, the helm CLI prints them; {@link HookAnnotations#restore} names them
     * back) and render lookup as {@code helm template} does (see {@link EmptyLookup}).
     */
    private Path prepareRenderDir() {
        try {
            Path tmp = Files.createTempDirectory("fullchain-chart");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tmp)));
            Path copy = jailedCopy(tmp);
            for (Path p : templateFiles(copy)) {
                String text = readQuietly(p);
                String edited = EmptyLookup.rewrite(HookAnnotations.disguise(text));
                if (!edited.equals(text)) {
                    Files.writeString(p, edited);
                }
            }
            return copy;
        } catch (IOException e) {
            throw new BadInput(location(), "cannot copy the chart to render it: " + e.getMessage(), "a readable chart directory", e);
        }
    }

    /**
     * The chart as Helm installs it on a cluster: a copy made once through the target's jail,
     * templates as written (lookup reads the real cluster there), kept until the JVM exits so
     * that a later upgrade or rollback finds it. BadInput naming the entry the jail refuses.
     */
    public Path installableCopy() {
        return installDir.get();
    }

    private Path prepareInstallDir() {
        try {
            Path tmp = Files.createTempDirectory("fullchain-chart");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tmp)));
            return jailedCopy(tmp);
        } catch (IOException e) {
            throw new BadInput(location(), "cannot copy the chart to install it: " + e.getMessage(), "a readable chart directory", e);
        }
    }

    /**
     * The chart copied under {@code tmp} (same folder name: Helm's messages use it) through the
     * target's jail, so Helm, which reads files itself (.Files included), sees nothing outside
     * the repository and no special file. Anything the jail refuses blocks the chart, named.
     */
    private Path jailedCopy(Path tmp) throws IOException {
        Path copy = tmp.resolve(target.resolve(dir).getFileName().toString());
        JailedCopy.Result result = JailedCopy.copy(target, dir, copy, java.util.Set.of());
        if (!result.refused().isEmpty()) {
            BadInput first = result.refused().get(0);
            int more = result.refused().size() - 1;
            throw new BadInput(first.location(), first.problem() + (more > 0 ? " (and " + more + " more such entries in the chart)" : ""),
                    first.expected());
        }
        return copy;
    }

    /** The files under the templates/ folders of the chart and of its subcharts. */
    private static List<Path> templateFiles(Path chart) {
        try (Stream<Path> files = Files.walk(chart)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> ("/" + chart.relativize(p).toString().replace('\\', '/')).contains("/templates/"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /** What prepares a copy of the chart; may fail on I/O. */
    private interface CopyEdit {
        void apply(Path copy) throws IOException;
    }

    /**
     * Runs Helm on a temporary copy of the chart directory (same directory name, as Helm's
     * messages use it), edited first; the copy is deleted after.
     */
    private <T> T onCopy(String why, CopyEdit edit, Function<Path, T> helm) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("fullchain-chart");
            Path copy = jailedCopy(tmp);
            edit.apply(copy);
            return helm.apply(copy);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy " + dir + " to " + why + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
    }

    private List<RenderedObject> parse(String manifest, ValuesFile values) {
        List<RenderedObject> out = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(manifest)) {
            Matcher source = SOURCE.matcher(doc);
            String template = source.find() ? toTargetPath(source.group(1)) : chartYamlPath();
            if (!hasContent(doc)) {
                continue;
            }
            try {
                ManifestReader.read(doc).forEach(object -> out.add(new RenderedObject(object, template)));
            } catch (RuntimeException e) {
                throw new RenderFailure(Location.of(template), values, "the rendered document is not a Kubernetes object: "
                        + firstLine(e.getMessage()), "YAML with apiVersion, kind and metadata.name", e);
            }
        }
        return List.copyOf(out);
    }

    private static boolean hasContent(String doc) {
        return doc.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    private RenderFailure renderFailure(ValuesFile values, IllegalStateException e) {
        if (e instanceof HelmLimitExceeded limit) {
            return limitFailure(values, limit);
        }
        String message = relativize(String.valueOf(e.getMessage()))
                .replace("Use --debug flag to render out invalid YAML", "").strip();
        // Helm's whole message: a schema error lists each property that fails on lines of its own
        String said = String.join("\n", message.lines().map(String::stripTrailing).filter(l -> !l.isBlank()).limit(12).toList());
        String first = firstLine(message);
        Location where = templateLocation(first).orElseGet(() -> SCHEMA_PROPERTY.matcher(said).find()
                ? schemaLocation(values, said) : valuesLocation(values, first));
        String hint = HelmMessages.hintFor(said, "a chart that renders with " + values.fileName()
                + " (helm template " + dir + " -f " + values.path() + ")");
        return new RenderFailure(where, values, said, hint, e);
    }

    /**
     * A render stopped at one of fullchain's limits: the limit, and the template line that most
     * likely loops (Helm, stopped, cannot say where it was), else the chart.
     */
    private RenderFailure limitFailure(ValuesFile values, HelmLimitExceeded limit) {
        List<LoopSuspects.Suspect> suspects = limit.suspects();
        Location where = suspects.isEmpty() ? location()
                : new Location(dir + "/" + suspects.get(0).template(), suspects.get(0).line());
        String said = limit.getMessage() + (suspects.isEmpty() ? ""
                : "; the likely cause: " + where + " calls `" + suspects.get(0).call() + "`"
                        + (suspects.size() > 1 ? " (and " + (suspects.size() - 1) + " more such calls)" : ""));
        return new RenderFailure(where, values, said,
                "templates that end quickly: range over values and lists, not over until, seq or repeat of huge counts"
                        + " (a render that runs away would time out a CI job and a helm install too)", limit);
    }

    /** "- at '/frontend/replicaCount': minimum: ..." (or, older Helm, "- frontend.replicaCount: Must be ...") in a schema error. */
    private static final Pattern SCHEMA_PROPERTY = Pattern.compile("(?m)^- (?:at '/?([^']*)'|([\\w.\\[\\]-]+)): ");

    /**
     * Where a Helm message about values points: the line of the values file (the
     * environment's own first) that sets the first property a schema error names, else the
     * environment's file.
     */
    public Location locateValue(ValuesFile values, String helmMessage) {
        return SCHEMA_PROPERTY.matcher(helmMessage).find() ? schemaLocation(values, helmMessage) : values.location();
    }

    /** The line of the values file (the environment's own first) that sets the first property the schema refuses. */
    private Location schemaLocation(ValuesFile values, String message) {
        Matcher m = SCHEMA_PROPERTY.matcher(message);
        m.find();
        String property = m.group(1) != null ? m.group(1) : m.group(2);
        String key = property.substring(Math.max(property.lastIndexOf('.'), property.lastIndexOf('/')) + 1).replaceAll("\\[\\d+]$", "");
        if (key.isEmpty() || key.chars().allMatch(Character::isDigit)) {
            return values.location();
        }
        List<String> files = new ArrayList<>(values.layers());
        java.util.Collections.reverse(files);
        files.add(path(VALUES_YAML));
        for (String f : files) {
            Optional<SourceFile> file = target.readOptional(f);
            if (file.isPresent()) {
                List<String> lines = file.get().lines();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).strip().startsWith(key + ":")) {
                        return Location.of(f).atLine(i + 1);
                    }
                }
            }
        }
        return values.location();
    }

    /** The values file (and line) a message names ("failed to parse helm/app/values-dev.yaml: ... yaml: line 3"), else Chart.yaml. */
    private Location valuesLocation(ValuesFile values, String message) {
        List<String> files = new ArrayList<>(values.layers());
        files.add(path(VALUES_YAML));
        for (String f : files) {
            if (message.contains(f)) {
                Matcher line = YAML_LINE.matcher(message);
                return line.find() ? Location.of(f).atLine(Integer.parseInt(line.group(1))) : Location.of(f);
            }
        }
        return location();
    }

    /** The template file and line a Helm message names ("fullchain-app/templates/x.yaml:12"), as a target location. */
    public Optional<Location> locate(String helmMessage) {
        return templateLocation(helmMessage);
    }

    private Optional<Location> templateLocation(String message) {
        Matcher m = TEMPLATE_AT.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new Location(toTargetPath(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
    }

    /** "app/templates/x.yaml" (Helm's name, starting with the chart's name) to "charts/app/templates/x.yaml". */
    private String toTargetPath(String helmPath) {
        int slash = helmPath.indexOf('/');
        return slash < 0 ? path(helmPath) : path(helmPath.substring(slash + 1));
    }

    private String relativize(String message) {
        String root = target.root().toString();
        return message.replace(root + "/", "").replace(root, ".");
    }

    /** Keys of a Secret that name things rather than hold a secret: their values are not masked. */
    private static final Pattern NOT_SECRET_KEY = Pattern.compile("(?i)(.*[_.-])?(user(name)?|database|db(name)?|host(name)?|port)");

    /** The values of the rendered Secrets are masked wherever fullchain writes text (the user name and database are not secrets). */
    private static void registerSecrets(RenderedChart rendered) {
        for (Secret s : rendered.ofType(Secret.class)) {
            if (s.getData() != null) {
                s.getData().forEach((k, v) -> {
                    if (!NOT_SECRET_KEY.matcher(k).matches()) {
                        try {
                            Secrets.register(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                        } catch (IllegalArgumentException notBase64) {
                            Secrets.register(v);
                        }
                    }
                });
            }
            if (s.getStringData() != null) {
                s.getStringData().forEach((k, v) -> {
                    if (!NOT_SECRET_KEY.matcher(k).matches()) {
                        Secrets.register(v);
                    }
                });
            }
        }
    }

    // ------------------------------------------------------------------ lint

    /**
     * {@code helm lint} with a values file. Helm's lint takes no values file here, so the chart
     * is linted from a temporary copy whose values.yaml is the values file coalesced over the
     * chart's own; message paths are the chart's.
     */
    public LintReport lint(ValuesFile values) {
        return lints.computeIfAbsent(key(values), k -> new Memo<>(() -> doLint(values))).get();
    }

    private LintReport doLint(ValuesFile values) {
        metadata();
        Optional<RenderFailure> unbounded = beyondBounds(values);
        if (unbounded.isPresent()) {
            return new LintReport(values, true, List.of(new LintMessage(LintMessage.Severity.ERROR,
                    unbounded.get().location().path(), unbounded.get().helmMessage())));
        }
        if (values.isDefault()) {
            return lintOnCopy(values, copy -> { }); // Helm reads files itself: the jailed copy
        }
        Map<String, Object> merged;
        try {
            merged = mergedValues(values);
        } catch (BadInput unreadable) {
            // helm lint -f stops at a values file it cannot parse, with the message helm template gives
            try {
                render(values);
            } catch (RenderFailure failure) {
                return new LintReport(values, true, List.of(new LintMessage(LintMessage.Severity.ERROR,
                        failure.location().path(), failure.helmMessage())));
            }
            throw unreadable;
        }
        return lintOnCopy(values, copy -> Files.writeString(copy.resolve(VALUES_YAML), new Yaml().dump(merged)));
    }

    private LintReport lintOnCopy(ValuesFile values, CopyEdit edit) {
        try {
            return report(values, onCopy("lint it", edit, copy -> HelmEngine.lint(chartKey(), copy)));
        } catch (HelmLimitExceeded limit) {
            RenderFailure f = limitFailure(values, limit);
            return new LintReport(values, true, List.of(new LintMessage(LintMessage.Severity.ERROR, f.location().path(), f.helmMessage())));
        }
    }

    /** The chart as Helm's limits remember it: its real folder, so two targets' charts of the same name never share a verdict. */
    private String chartKey() {
        return target.resolve(dir).toString();
    }

    private static LintReport report(ValuesFile values, LintResult result) {
        List<LintMessage> messages = result.getMessages().stream()
                .filter(l -> !l.isBlank()).map(LintMessage::parse).toList();
        return new LintReport(values, result.isFailed(), messages);
    }

    private Map<String, Object> yamlMap(String path, boolean optional) {
        if (optional && !target.exists(path)) {
            return Map.of();
        }
        return ValuesFiles.mapping(target.read(path));
    }

    private Map<String, Object> readChartYaml() {
        if (!target.exists(chartYamlPath())) {
            throw new BadInput(location(), "file not found", "a Chart.yaml (apiVersion: v2, name, version)");
        }
        Map<String, Object> data = yamlMap(chartYamlPath(), false);
        if (data.isEmpty()) {
            throw new BadInput(location(), "the file is empty", "a Chart.yaml (apiVersion: v2, name, version)");
        }
        return data;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    @Override
    public String toString() {
        return dir;
    }
}
