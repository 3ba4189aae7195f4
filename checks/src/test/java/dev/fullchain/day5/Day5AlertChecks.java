package dev.fullchain.day5;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.day5.AppMonitoring.Installed;
import dev.fullchain.day5.AppMonitoring.PerEnvironment;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.observability.ApiMetrics;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.model.observability.ObservabilityStack;
import dev.fullchain.model.observability.ObservabilityStack.StackRelease;
import dev.fullchain.model.observability.Promtool;
import dev.fullchain.model.observability.ReleaseValues;
import dev.fullchain.model.observability.RuleFile;
import dev.fullchain.model.observability.StackSelection;
import dev.fullchain.model.observability.StackSelection.RuleSelector;
import dev.fullchain.model.observability.promql.Expr;
import dev.fullchain.model.observability.promql.ParseError;
import dev.fullchain.model.observability.promql.PromQL;
import dev.fullchain.report.Evidence;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Day 5, static: the api's alert rules, as the app chart renders them with the helmfile's
 * values, judged as the stack's Prometheus would load them (its ruleSelector and
 * ruleNamespaceSelector, from the values kube-prometheus-stack is installed with) and as
 * {@code promtool check rules} reads them; every expression parsed in-process.
 */
class Day5AlertChecks {

    /** What the api's alerts must cover. */
    private enum Covers { DOWN, ERRORS, LATENCY }

    /** The parsed expressions of a chart's rules: a recorded name stands for its expression when an alert uses it. */
    private record Parsed(Map<RuleFile.Rule, Expr> exprs, Map<String, Expr> recorded) {

        Set<Expr.VectorSelector> selectors(Expr e) {
            Set<Expr.VectorSelector> out = new LinkedHashSet<>();
            expand(e, out, 0);
            return out;
        }

        private void expand(Expr e, Set<Expr.VectorSelector> out, int depth) {
            for (Expr.VectorSelector s : PromQL.selectors(e)) {
                out.add(s);
                Expr r = s.metric().map(recorded::get).orElse(null);
                if (r != null && depth < 8) {
                    expand(r, out, depth + 1);
                }
            }
        }
    }

    /** A PrometheusRule: rendered by the app chart, or made by kube-prometheus-stack from its additionalPrometheusRules values. */
    private record RuleSource(String id, String file, Object spec, Map<String, String> labels, String namespace) {
    }

    /**
     * The rules kube-prometheus-stack makes from its values (additionalPrometheusRulesMap, additionalPrometheusRules):
     * PrometheusRules in the stack's namespace, labelled with the release and additionalRuleLabels.
     */
    private static List<RuleSource> stackRules(StackRelease kps, ReleaseValues v, Installed in) {
        List<RuleSource> out = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "kube-prometheus-stack");
        labels.put("release", kps.name());
        v.map("additionalRuleLabels").ifPresent(m -> m.forEach((k, x) -> labels.put(String.valueOf(k), String.valueOf(x))));
        String ns = StackSelection.namespace(kps, in.environment(), in.environmentValues()).orElse("");
        v.map("additionalPrometheusRulesMap").ifPresent(m -> m.forEach((name, spec) -> out.add(new RuleSource(
                "PrometheusRule/" + kps.name() + "-" + name + " (additionalPrometheusRulesMap of " + kps.name() + ")",
                v.locate("additionalPrometheusRulesMap").path(), spec, labels, ns))));
        v.list("additionalPrometheusRules").ifPresent(l -> l.stream().filter(Map.class::isInstance).map(Map.class::cast)
                .forEach(r -> out.add(new RuleSource("PrometheusRule/" + kps.name() + "-" + r.get("name") + " (additionalPrometheusRules of "
                        + kps.name() + ")", v.locate("additionalPrometheusRules").path(), r, labels, ns))));
        return out;
    }

    @Criterion("D5.OBS.ALERTS")
    void aPrometheusRuleTheStackLoadsAlertsOnTheApi(ObservabilityStack stack, HelmCharts helm, Target target) {
        Findings findings = new Findings();
        List<Installed> renders = AppMonitoring.renders(stack, helm, findings);
        ApiMetrics api = AppMonitoring.metrics(target, findings);
        Optional<StackRelease> kps = stack.byChart("kube-prometheus-stack");
        PerEnvironment per = new PerEnvironment(renders);
        boolean anyRule = false;
        Map<String, Object> forPromtool = new LinkedHashMap<>();
        for (Installed in : renders) {
            Optional<ReleaseValues> stackValues = kps.map(k -> stack.values(k, in.environment()));
            List<RuleSource> rules = new ArrayList<>();
            in.objects().stream().filter(o -> "PrometheusRule".equals(o.kind())).forEach(o -> rules.add(new RuleSource(o.id(),
                    o.template(), o.object() instanceof GenericKubernetesResource g ? g.getAdditionalProperties().get("spec") : null,
                    StackSelection.labels(o.object().getMetadata().getLabels()), in.namespaceOf(o))));
            kps.ifPresent(k -> rules.addAll(stackRules(k, stackValues.get(), in)));
            anyRule |= !rules.isEmpty();
            if (rules.isEmpty()) {
                per.add(in, in.render().chart().location(), "the app chart renders no PrometheusRule",
                        "a PrometheusRule (monitoring.coreos.com/v1) for the api, switched on by the values the helmfile gives the chart");
                continue;
            }
            Optional<RuleSelector> selector = kps.map(k -> StackSelection.rules(k, stackValues.get(), in.environment(),
                    in.environmentValues()));
            EnumSetHolder covered = new EnumSetHolder();
            for (RuleSource o : rules) {
                selector.ifPresent(sel -> selected(target, in, o, sel, kps.get(), per));
                RuleFile file = RuleFile.of(o.spec());
                forPromtool.putIfAbsent(o.file() + "|" + String.valueOf(o.spec()), RuleFile.asRuleFile(o.spec()));
                judge(target, in, o, file, api, covered, per);
            }
            Location first = Location.of(rules.get(0).file());
            if (covered.unparsed) {
                continue; // what an expression that does not parse watches is not known: its finding says why
            }
            if (!covered.has(Covers.DOWN)) {
                per.add(in, first, "no alert fires when the api is down", "an alert on up{job=\"<the api's Service>\"} == 0"
                        + " (or absent(up{...})), for: 2m, severity: critical");
            }
            if (!covered.has(Covers.ERRORS)) {
                per.add(in, first, "no alert on the api's 5xx error rate", "an alert on sum(rate(" + api.requests()
                        + "{status=~\"5..\"}[5m])) / sum(rate(" + api.requests() + "[5m])) > 0.05");
            }
            if (!covered.has(Covers.LATENCY)) {
                per.add(in, first, "no alert on the api's p95 latency from its histogram", "an alert on histogram_quantile(0.95,"
                        + " sum by (le) (rate(" + api.bucket() + "[5m]))) > 0.5");
            }
        }
        if (kps.isEmpty() && anyRule) {
            findings.add(Location.of(stack.helmfile().path()), "no release of kube-prometheus-stack: no Prometheus loads the rules",
                    "a release of prometheus-community/kube-prometheus-stack (see D5.OBS.STACK)");
        }
        if (!anyRule && findings.isEmpty()) {
            throw new Missing("alert rules for the api (a PrometheusRule)", List.of("the app chart "
                    + renders.stream().findFirst().map(r -> r.render().chart().dir()).orElse("") + " rendered with the helmfile's values"
                    + " in " + String.join(", ", renders.stream().map(Installed::environment).toList())), HelmCharts.CHART_KEY);
        }
        per.into(findings);
        promtool(forPromtool, renders, findings);
        findings.assertNone();
    }

    /** The ruleSelector and the ruleNamespaceSelector both pick the PrometheusRule. */
    private static void selected(Target target, Installed in, RuleSource o, RuleSelector s, StackRelease kps, PerEnvironment per) {
        Map<String, String> labels = o.labels();
        if (!s.selects(labels)) {
            Map<String, String> shown = new TreeMap<>(labels);
            shown.keySet().removeIf(k -> k.startsWith("app.kubernetes.io/") || k.equals("helm.sh/chart"));
            per.add(in, AppMonitoring.at(target, o.file(), 0, "release:", "labels:"), o.id() + " has labels "
                            + LabelSelector.show(shown) + ", which the ruleSelector of release " + kps.name() + " does not select: it is "
                            + LabelSelector.describe(s.selector()) + " (" + s.origin() + "), so Prometheus never loads these rules",
                    "labels that match it" + (s.selector().get("matchLabels") instanceof Map<?, ?> ml ? " (" + LabelSelector.show(ml) + ")" : "") + ", or prometheus.prometheusSpec.ruleSelector in the stack's values"
                            + " (" + s.at() + ") set to the labels your rules carry");
        }
        String ns = o.namespace();
        if (ns.isEmpty()) {
            if (!s.namespaceSelector().isEmpty()) {
                per.cannotTell(in, Location.of(o.file()), "whether " + o.id() + "'s namespace is one the ruleNamespaceSelector ("
                        + LabelSelector.describe(s.namespaceSelector()) + ") picks: the helmfile computes the namespace",
                        "a literal namespace for the app's release");
            }
            return;
        }
        Optional<Boolean> reads = s.readsNamespace(ns);
        if (reads.isEmpty()) {
            per.cannotTell(in, s.namespaceAt(), "whether namespace " + ns + " has the labels the ruleNamespaceSelector ("
                    + LabelSelector.describe(s.namespaceSelector()) + ") asks for: only the cluster knows them",
                    "a ruleNamespaceSelector on kubernetes.io/metadata.name, or none (every namespace)");
        } else if (!reads.get()) {
            per.add(in, s.namespaceAt(), o.id() + " is in namespace " + ns + ", which the ruleNamespaceSelector of " + kps.describe()
                    + " (" + LabelSelector.describe(s.namespaceSelector()) + ") leaves out", "a ruleNamespaceSelector that picks " + ns
                    + " (matchLabels {kubernetes.io/metadata.name: " + ns + "}), or none (every namespace)");
        }
    }

    private static void judge(Target target, Installed in, RuleSource o, RuleFile file, ApiMetrics api, EnumSetHolder covered,
                              PerEnvironment per) {
        String template = o.file();
        for (RuleFile.Problem p : file.problems()) {
            Location at = p.rule().map(r -> ruleLine(target, template, r)).orElseGet(() -> AppMonitoring.at(target, template, 0,
                    "name: " + p.group(), "groups:"));
            per.add(in, at, o.id() + ": " + p.describe(), "a valid rule group (Prometheus's rule file format, as promtool check rules reads it)");
        }
        Map<RuleFile.Rule, Expr> exprs = new LinkedHashMap<>();
        Map<String, Expr> recorded = new LinkedHashMap<>();
        for (RuleFile.Rule r : file.rules()) {
            if (r.expr().isBlank()) {
                continue;
            }
            try {
                Expr e = PromQL.parse(r.expr());
                exprs.put(r, e);
                r.record().ifPresent(name -> recorded.put(name, e));
            } catch (ParseError e) {
                per.add(in, exprLine(target, template, r, e.line()), o.id() + ": " + r.describe() + ": could not parse expression: "
                        + e.getMessage(), "an expression PromQL parses (promtool check rules says the same)");
            }
        }
        Parsed parsed = new Parsed(exprs, recorded);
        exprs.forEach((r, e) -> {
            for (String name : PromQL.metricNames(e)) {
                if (!api.exposed(name, recorded.keySet())) {
                    per.add(in, exprLine(target, template, r, 1), o.id() + ": " + r.describe() + " uses " + name
                            + ", which the api does not expose: the rule never fires", "a metric the api exposes: " + api.describe());
                }
            }
        });
        for (RuleFile.Rule r : file.alerts()) {
            Location at = ruleLine(target, template, r);
            if (r.forDuration().isEmpty() || r.forDuration().get().matches("0+[a-z]*")) {
                per.add(in, at, o.id() + ": alert " + r.name() + " has no for: it fires on the first bad evaluation",
                        "for: a duration the condition must hold (e.g. for: 5m), so one slow scrape pages no one");
            }
            if (r.labels().getOrDefault("severity", "").isBlank()) {
                per.add(in, at, o.id() + ": alert " + r.name() + " has no severity label", "labels: {severity: critical} (or warning):"
                        + " Alertmanager routes on it");
            }
            if (r.annotations().getOrDefault("summary", "").isBlank()) {
                per.add(in, at, o.id() + ": alert " + r.name() + " has no summary annotation", "annotations: {summary: one line saying"
                        + " what is wrong}");
            }
            Expr e = exprs.get(r);
            if (e != null) {
                covers(e, parsed, api).forEach(covered::add);
            } else {
                covered.unparsed = true;
            }
        }
    }

    /** What an alert's expression watches, through the recording rules it reads. */
    private static Set<Covers> covers(Expr e, Parsed parsed, ApiMetrics api) {
        Set<Covers> out = new LinkedHashSet<>();
        Set<Expr.VectorSelector> selectors = parsed.selectors(e);
        Set<String> names = new LinkedHashSet<>();
        selectors.forEach(s -> s.metric().ifPresent(names::add));
        if (names.contains("up") || (!PromQL.calls(e, "absent").isEmpty() || !PromQL.calls(e, "absent_over_time").isEmpty())) {
            out.add(Covers.DOWN);
        }
        boolean errors = selectors.stream().anyMatch(s -> s.metric().filter(api.requests()::equals).isPresent()
                && s.matchers().stream().anyMatch(Day5AlertChecks::selects5xx));
        if (errors) {
            out.add(Covers.ERRORS);
        }
        List<Expr> all = new ArrayList<>(List.of(e));
        parsed.recorded().values().stream().filter(r -> names.stream().anyMatch(n -> parsed.recorded().get(n) == r)).forEach(all::add);
        for (Expr x : all) {
            for (Expr.Call c : PromQL.calls(x, "histogram_quantile")) {
                if (quantile(c.args().get(0)) == 0.95 && parsed.selectors(c.args().get(1)).stream()
                        .anyMatch(s -> s.metric().filter(api.bucket()::equals).isPresent())) {
                    out.add(Covers.LATENCY);
                }
            }
        }
        return out;
    }

    /** Whether the matcher keeps the 5xx answers and drops the 2xx ones (status=~"5..", code="500", status!~"2..|3.."). */
    static boolean selects5xx(Expr.Matcher m) {
        if (!Set.of("status", "code", "status_code").contains(m.label())) {
            return false;
        }
        try {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(m.op().endsWith("~") ? m.value() : java.util.regex.Pattern.quote(m.value()));
            boolean matches500 = p.matcher("500").matches();
            boolean matches200 = p.matcher("200").matches();
            // =~"5.." picks the 5xx; !~"2..|3.." (everything but success) counts them too
            return m.op().startsWith("=") ? matches500 && !matches200 : !matches500 && matches200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static double quantile(Expr e) {
        Expr x = e;
        while (x instanceof Expr.Paren p) {
            x = p.expr();
        }
        return x instanceof Expr.NumberLiteral n ? n.value() : Double.NaN;
    }

    /** promtool check rules on each rule file, when it is on PATH; said in the evidence when it is not. */
    private static void promtool(Map<String, Object> files, List<Installed> renders, Findings findings) {
        Optional<Promtool> tool = Promtool.onPath();
        if (tool.isEmpty()) {
            Evidence.text("promtool", "promtool is not on PATH: the rules were checked by fullchain's own reading only"
                    + " (Debian's prometheus package has promtool)");
            return;
        }
        if (!findings.isEmpty()) {
            return; // what fullchain found is said first, in its own words
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        int n = 0;
        for (Map.Entry<String, Object> f : files.entrySet()) {
            n++;
            String yaml = new Yaml(options).dump(f.getValue());
            Promtool.Result r = tool.get().checkRules(yaml);
            String template = f.getKey().substring(0, f.getKey().indexOf('|'));
            Evidence.text("promtool check rules (" + template + ", " + n + " of " + files.size() + ")", yaml + "\n---\n" + r.output());
            if (!r.ok()) {
                findings.add(Location.of(template), "promtool check rules: " + (r.timedOut() ? "timed out" : r.output().strip()),
                        "rules promtool accepts");
            }
        }
    }

    private static Location ruleLine(Target target, String template, RuleFile.Rule r) {
        return AppMonitoring.at(target, template, 0, (r.alert().isPresent() ? "alert: " : "record: ") + r.name(),
                "\"" + r.name() + "\"", r.name().isEmpty() ? "expr:" : r.name());
    }

    /** The line of the rule's expr:, moved to the expression's line {@code exprLine} inside a block scalar. */
    private static Location exprLine(Target target, String template, RuleFile.Rule r, int exprLine) {
        Location rule = ruleLine(target, template, r);
        Location expr = AppMonitoring.at(target, template, Math.max(rule.line() - 2, 0), "expr:");
        if (expr.line() <= 0) {
            return rule;
        }
        String text = AppMonitoring.read(target, template).map(f -> f.lines().get(expr.line() - 1)).orElse("");
        boolean block = text.strip().matches("(- )?expr:\\s*[|>][-+]?\\d*\\s*(#.*)?");
        return expr.atLine(expr.line() + (block ? exprLine : exprLine - 1));
    }

    /** The kinds covered in one environment. */
    private static final class EnumSetHolder {
        private final Set<Covers> set = java.util.EnumSet.noneOf(Covers.class);
        private boolean unparsed;

        void add(Covers c) {
            set.add(c);
        }

        boolean has(Covers c) {
            return set.contains(c);
        }
    }
}
