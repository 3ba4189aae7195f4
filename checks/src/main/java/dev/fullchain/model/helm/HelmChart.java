package dev.fullchain.model.helm;

import static dev.fullchain.check.Text.firstLine;

import dev.fullchain.model.Memo;
import com.marcnuri.helm.LintResult;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One chart directory of the target: its Chart.yaml, its values files (values.yaml and the
 * values-&lt;env&gt;.yaml next to it), and, on demand, {@code helm lint} and {@code helm template}
 * per values file, run in-process. Results are kept; a chart that cannot be read or rendered
 * is a BadInput naming the file (Chart.yaml, the template and line, or the values file).
 */
public final class HelmChart {

    public static final String CHART_YAML = "Chart.yaml";
    public static final String VALUES_YAML = "values.yaml";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /**
     * fabric8's first unmarshal indexes every model class (about a second and a half), as long
     * as Helm's native library takes to load: do both at once, on first use of a chart.
     */
    private static final java.util.concurrent.CompletableFuture<Object> WARM_UP = java.util.concurrent.CompletableFuture.supplyAsync(
            () -> SERIALIZATION.unmarshal("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: warm-up\n"));
    private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (\\S+)\\s*$");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    /** "template: app/templates/x.yaml:12:3: ..." or "parse error at (app/templates/x.yaml:12): ...". */
    private static final Pattern TEMPLATE_AT = Pattern.compile("([\\w.-]+(?:/charts/[\\w.-]+)*/templates/[^\\s:()]+)(?::(\\d+))?");

    private final Target target;
    private final String dir;
    private final Memo<Map<String, Object>> chartYaml;
    private final Memo<Boolean> hooks;
    private final Map<String, Memo<RenderedChart>> renders = new ConcurrentHashMap<>();
    private final Map<String, Memo<LintReport>> lints = new ConcurrentHashMap<>();

    HelmChart(Target target, String dir) {
        this.target = target;
        this.dir = dir;
        this.chartYaml = new Memo<>(this::readChartYaml);
        this.hooks = new Memo<>(this::findHooks);
    }

    /** The chart's directory relative to the target's root, e.g. "charts/app". */
    public String dir() {
        return dir;
    }

    public String chartYamlPath() {
        return dir + "/" + CHART_YAML;
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

    private Optional<String> string(String key) {
        Object v = metadata().get(key);
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    // ------------------------------------------------------------------ values files

    /** values.yaml first (when present), then values-&lt;env&gt;.yaml in name order. */
    public List<ValuesFile> valuesFiles() {
        List<ValuesFile> out = new ArrayList<>();
        if (target.exists(dir + "/" + VALUES_YAML)) {
            out.add(new ValuesFile(ValuesFile.DEFAULT, dir + "/" + VALUES_YAML));
        }
        try (Stream<Path> files = Files.list(target.resolve(dir))) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("values-[\\w.-]+\\.ya?ml"))
                    .sorted()
                    .forEach(n -> out.add(new ValuesFile(n.substring("values-".length(), n.lastIndexOf('.')), dir + "/" + n)));
        } catch (IOException e) {
            throw new BadInput(Location.of(dir), "cannot list the chart directory: " + e.getMessage(), "a readable chart directory", e);
        }
        return out;
    }

    /** The values file of an environment ("default", "dev", "prod"). */
    public Optional<ValuesFile> values(String environment) {
        return valuesFiles().stream().filter(v -> v.environment().equals(environment)).findFirst();
    }

    // ------------------------------------------------------------------ render

    /** The chart rendered with its own values.yaml only. */
    public RenderedChart render() {
        return render(new ValuesFile(ValuesFile.DEFAULT, dir + "/" + VALUES_YAML));
    }

    /** The chart rendered with a values file over values.yaml (as {@code helm template -f}). */
    public RenderedChart render(ValuesFile values) {
        return renderAs(values, HelmEngine.RELEASE_NAME);
    }

    /** As {@link #render(ValuesFile)}, as the release {@code releaseName} (an installed release's objects are named after it). */
    public RenderedChart renderAs(ValuesFile values, String releaseName) {
        return renders.computeIfAbsent(values.path() + "|" + releaseName,
                k -> new Memo<>(() -> doRender(values, Map.of(), releaseName))).get();
    }

    /**
     * The chart rendered with a values file and {@code --set} overrides, not kept: checks use it
     * to see which rendered fields follow a value (e.g. an image repository).
     */
    public RenderedChart renderWith(ValuesFile values, Map<String, Object> sets) {
        return doRender(values, sets, HelmEngine.RELEASE_NAME);
    }

    /** values.yaml with the values file coalesced over it, as the templates see .Values. */
    public Map<String, Object> mergedValues(ValuesFile values) {
        Map<String, Object> base = yamlMap(dir + "/" + VALUES_YAML, true);
        return values.isDefault() ? base : ValuesMerge.merge(base, yamlMap(values.path(), false));
    }

    private RenderedChart doRender(ValuesFile values, Map<String, Object> sets, String releaseName) {
        metadata();
        Path valuesPath = null;
        if (!values.isDefault()) {
            target.read(values.path());
            valuesPath = target.resolve(values.path());
        }
        String manifest;
        try {
            manifest = hasHooks() ? templateShowingHooks(valuesPath, sets, releaseName)
                    : HelmEngine.template(target.resolve(dir), valuesPath, sets, releaseName);
        } catch (IllegalStateException e) {
            throw renderFailure(values, e);
        }
        List<RenderedObject> objects = parse(manifest, values);
        objects.forEach(o -> HookAnnotations.restore(o.object()));
        RenderedChart rendered = new RenderedChart(this, values, releaseName, manifest, objects);
        registerSecrets(rendered);
        return rendered;
    }

    /** Whether a template of the chart (or of a subchart) declares a Helm hook. */
    private boolean hasHooks() {
        return hooks.get();
    }

    private boolean findHooks() {
        try (Stream<Path> files = Files.walk(target.resolve(dir))) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().contains("/templates/"))
                    .anyMatch(p -> HookAnnotations.declaresHook(readQuietly(p)));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /**
     * helm-java's template leaves hook objects out (the helm CLI prints them). Render a copy
     * whose hook annotations are renamed, so hooks come out as plain objects; {@link
     * HookAnnotations#restore} names them back.
     */
    private String templateShowingHooks(Path valuesPath, Map<String, Object> sets, String releaseName) {
        return onCopy("render its hooks", copy -> {
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).filter(f -> f.toString().contains("/templates/"))::iterator) {
                    String text = readQuietly(p);
                    if (HookAnnotations.declaresHook(text)) {
                        Files.writeString(p, HookAnnotations.disguise(text));
                    }
                }
            }
        }, copy -> HelmEngine.template(copy, valuesPath, sets, releaseName));
    }

    /** What prepares a copy of the chart; may fail on I/O. */
    private interface CopyEdit {
        void apply(Path copy) throws IOException;
    }

    /**
     * Runs Helm on a temporary copy of the chart directory (same directory name, as Helm's
     * messages use it), edited first; the copy is deleted after.
     */
    private <T> T onCopy(String why, CopyEdit edit, java.util.function.Function<Path, T> helm) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("fullchain-chart");
            Path copy = tmp.resolve(target.resolve(dir).getFileName());
            copyTree(target.resolve(dir), copy);
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
            Object parsed;
            try {
                parsed = SERIALIZATION.unmarshal(doc);
            } catch (RuntimeException e) {
                throw new BadInput(Location.of(template), "rendered with " + values.path()
                        + ", does not give a Kubernetes object: " + firstLine(e.getMessage()),
                        "YAML with apiVersion, kind and metadata.name");
            }
            if (parsed instanceof KubernetesList list) {
                list.getItems().forEach(item -> out.add(new RenderedObject(item, template)));
            } else if (parsed instanceof HasMetadata object) {
                out.add(new RenderedObject(object, template));
            } else {
                throw new BadInput(Location.of(template), "rendered with " + values.path() + ", gives "
                        + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()) + ", not a Kubernetes object",
                        "YAML with apiVersion, kind and metadata.name");
            }
        }
        return List.copyOf(out);
    }

    private static boolean hasContent(String doc) {
        return doc.lines().map(String::strip).anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    private BadInput renderFailure(ValuesFile values, IllegalStateException e) {
        String message = relativize(String.valueOf(e.getMessage()));
        String first = firstLine(message);
        if (first.contains("error calling lookup")) {
            return new BadInput(templateLocation(first).orElse(location()), "helm template with " + values.path()
                    + " fails: the chart calls lookup, which needs a cluster (" + first + ")",
                    "a chart that renders without a cluster: lookup's result guarded, e.g. {{ if $existing }}");
        }
        if (first.contains(values.path()) && !values.isDefault()) {
            return new BadInput(values.location(), "helm template cannot read it: " + first, "a valid YAML values file");
        }
        Location where = templateLocation(first).orElseGet(() -> first.contains(VALUES_YAML)
                ? Location.of(dir + "/" + VALUES_YAML) : location());
        return new BadInput(where, "helm template with " + values.path() + " fails: " + first,
                "a chart that renders with " + values.path(), e);
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
        return slash < 0 ? dir + "/" + helmPath : dir + helmPath.substring(slash);
    }

    private String relativize(String message) {
        String root = target.root().toString();
        return message.replace(root + "/", "").replace(root, ".");
    }


    private static void registerSecrets(RenderedChart rendered) {
        for (Secret s : rendered.ofType(Secret.class)) {
            if (s.getData() != null) {
                s.getData().values().forEach(v -> {
                    try {
                        Secrets.register(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException notBase64) {
                        Secrets.register(v);
                    }
                });
            }
            if (s.getStringData() != null) {
                s.getStringData().values().forEach(Secrets::register);
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
        return lints.computeIfAbsent(values.path(), k -> new Memo<>(() -> doLint(values))).get();
    }

    private LintReport doLint(ValuesFile values) {
        metadata();
        if (values.isDefault()) {
            return report(values, HelmEngine.lint(target.resolve(dir)));
        }
        Map<String, Object> merged = mergedValues(values);
        return onCopy("lint it", copy -> Files.writeString(copy.resolve(VALUES_YAML), new Yaml().dump(merged)),
                copy -> report(values, HelmEngine.lint(copy)));
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
        SourceFile file = target.read(path);
        Object data;
        try {
            data = new Yaml(new SafeConstructor(new LoaderOptions())).load(file.text());
        } catch (YAMLException e) {
            throw new BadInput(file.location(), "not valid YAML: " + firstLine(e.getMessage()), "a YAML mapping of values");
        }
        if (data == null) {
            return Map.of();
        }
        if (!(data instanceof Map<?, ?> map)) {
            throw new BadInput(file.location(), "the top level is not a mapping", "a YAML mapping of values");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) map;
        return values;
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

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, dest);
                }
            }
        }
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
