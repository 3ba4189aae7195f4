package dev.fullchain.model.helm;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import dev.fullchain.target.YamlSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a chart's per-environment values files are, when no helmfile says: the names
 * learners use beside values.yaml, relative to the chart's directory.
 * <ul>
 * <li>{@code values-dev.yaml}, {@code values.dev.yaml}, {@code values_dev.yaml}, {@code dev-values.yaml},
 *     {@code dev.values.yaml};</li>
 * <li>{@code values/dev.yaml}, {@code values/values-dev.yaml};</li>
 * <li>{@code env/dev/values.yaml} (also {@code envs/}, {@code environments/}).</li>
 * </ul>
 * Environment names are read as Helm users write them: development and develop are dev,
 * production and prd are prod. The first file found for an environment is its file.
 */
public final class ValuesFiles {

    private static final List<Pattern> NAMES = List.of(
            Pattern.compile("values[-._](?<env>[\\w-]+)\\.ya?ml"),
            Pattern.compile("(?<env>[\\w-]+)[-.]values\\.ya?ml"),
            Pattern.compile("values/(?:values[-._])?(?<env>[\\w-]+)\\.ya?ml"),
            Pattern.compile("(?:env|envs|environments)/(?<env>[\\w-]+)/values\\.ya?ml"));

    private ValuesFiles() {
    }

    /** The environments' values files beside the chart's values.yaml, by environment name order of discovery. */
    static List<ValuesFile> beside(Target target, HelmChart chart) {
        String prefix = chart.dir().equals(".") ? "" : chart.dir() + "/";
        Map<String, ValuesFile> byEnvironment = new LinkedHashMap<>();
        List<String> files = new ArrayList<>(target.files().all().stream()
                .filter(f -> f.startsWith(prefix))
                .map(f -> f.substring(prefix.length()))
                .filter(f -> !f.startsWith("charts/") && !f.startsWith("templates/"))
                .sorted()
                .toList());
        for (Pattern name : NAMES) {
            for (String f : files) {
                Matcher m = name.matcher(f);
                if (m.matches()) {
                    String env = canonical(m.group("env"));
                    if (!env.equals(ValuesFile.DEFAULT) && !env.equals("schema")) {
                        byEnvironment.putIfAbsent(env, new ValuesFile(env, prefix + f));
                    }
                }
            }
        }
        return List.copyOf(byEnvironment.values());
    }

    /** "production" → "prod", "development" → "dev"; other names as written, lower case. */
    public static String canonical(String environment) {
        String e = environment.toLowerCase(Locale.ROOT);
        return switch (e) {
            case "development", "develop", "devel" -> "dev";
            case "production", "prd", "live" -> "prod";
            case "stage" -> "staging";
            default -> e;
        };
    }

    /**
     * A values file's text as the mapping Helm reads: a syntax error at its line, an empty
     * file as no values, a top level that is not a mapping refused. Helm keeps the last value
     * of a repeated key, and so does this reader.
     */
    public static Map<String, Object> mapping(SourceFile file) {
        Object data;
        try {
            data = YamlSyntax.load(file.text(), true);
        } catch (YamlSyntax.Error e) {
            throw new BadInput(file.at(e.line()), e.getMessage(), "a YAML mapping of values");
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
}
