package dev.fullchain.model.helm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What to do about one of Helm's error messages (render or lint), so a finding's "expected"
 * speaks to that error rather than repeating the criterion's general hint.
 */
public final class HelmMessages {

    private record Advice(Pattern pattern, String hint) {
    }

    private static final List<Advice> ADVICE = List.of(
            new Advice(Pattern.compile("nil pointer evaluating"),
                    "the value the template reads at that line set in the values file, or the use guarded"
                            + " ({{- with .Values.x }} ... {{- end }}, or | default ...)"),
            new Advice(Pattern.compile("execution error at .*: "),
                    "the value that required / fail asks for at that line, set in the values file"),
            new Advice(Pattern.compile("(?i)values don't meet the specifications of the schema|^(values.yaml: )?- at '/"),
                    "values that match values.schema.json (the property and the rule are named above)"),
            new Advice(Pattern.compile("failed to parse .*|error converting YAML to JSON.*values|unable to parse YAML.*values"),
                    "a valid YAML mapping in the values file: fix the syntax at the line Helm names"),
            new Advice(Pattern.compile("error converting YAML to JSON|unable to parse YAML"),
                    "a template that renders valid YAML: check indentation at that line (nindent / toYaml), and quote"
                            + " values that YAML would read otherwise (\"yes\", \"1.10\", \"*\")"),
            new Advice(Pattern.compile("parse error|unexpected|unclosed action|function \".*\" not defined|undefined variable"),
                    "a template that parses: every {{ }} closed, every {{ if }} / {{ range }} / {{ with }} ended,"
                            + " functions and variables spelt as defined"),
            new Advice(Pattern.compile("no template \".*\" associated"),
                    "a named template defined (in templates/_helpers.tpl) under the exact name the include uses"),
            new Advice(Pattern.compile("chart requires kubeVersion"),
                    "a kubeVersion range in Chart.yaml that admits current Kubernetes (e.g. \">=1.25.0-0\")"),
            new Advice(Pattern.compile("(?i)apiVersion is required|chart.metadata.apiVersion"),
                    "apiVersion: v2 in Chart.yaml"),
            new Advice(Pattern.compile("(?i)name is required"),
                    "name: in Chart.yaml, the chart's directory name"),
            new Advice(Pattern.compile("(?i)version is required|not a valid SemVer|version .* is not|metadata.version"),
                    "version: a SemVer in Chart.yaml (e.g. 0.1.0), bumped when the chart changes"),
            new Advice(Pattern.compile("(?i)found in Chart.yaml, but missing in charts/ directory|dependenc"),
                    "each dependency of Chart.yaml under charts/ (helm dependency build), with the version Chart.yaml pins"),
            new Advice(Pattern.compile("(?i)does not conform to Kubernetes naming|metadata.name: Invalid value"),
                    "object names that are DNS names: lowercase letters, digits and '-' (trunc 63 | trimSuffix \"-\" in the helper)"),
            new Advice(Pattern.compile("(?i)deprecated|removed in"),
                    "the current apiVersion of that kind (apps/v1, policy/v1, autoscaling/v2, networking.k8s.io/v1)"),
            new Advice(Pattern.compile("(?i)selector"),
                    "spec.selector.matchLabels matching the pod template's labels"));

    private HelmMessages() {
    }

    /** Advice for this message, or the fallback when none fits. */
    public static String hintFor(String helmMessage, String fallback) {
        for (Advice a : ADVICE) {
            if (a.pattern().matcher(helmMessage).find()) {
                return a.hint();
            }
        }
        return fallback;
    }
}
