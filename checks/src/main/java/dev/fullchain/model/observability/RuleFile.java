package dev.fullchain.model.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule groups of a PrometheusRule's spec, read as Prometheus's rule file format
 * (rulefmt), with the structure errors {@code promtool check rules} reports, in its words.
 */
public final class RuleFile {

    /** Rules read per PrometheusRule: each is parsed and placed in its template, so a runaway file is cut here. */
    public static final int MAX_RULES = 2_000;
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:ms|[smhdwy]))+|0");

    /** A rule: its group, its number in the group (from 1), and its fields as written. */
    public record Rule(String group, int number, Optional<String> alert, Optional<String> record, String expr,
                       Optional<String> forDuration, Map<String, String> labels, Map<String, String> annotations) {

        public String name() {
            return alert.or(() -> record).orElse("");
        }

        /** promtool's way to name a rule: {@code group "api", rule 2, "ApiDown"}. */
        public String describe() {
            return "group \"" + group + "\", rule " + number + (name().isEmpty() ? "" : ", \"" + name() + "\"");
        }
    }

    /** A structure error, with the rule it is about (empty for a group's). */
    public record Problem(String group, Optional<Rule> rule, String message) {

        public String describe() {
            return rule.map(r -> r.describe() + ": ").orElse("group \"" + group + "\": ") + message;
        }
    }

    private final List<Rule> rules;
    private final List<Problem> problems;

    private RuleFile(List<Rule> rules, List<Problem> problems) {
        this.rules = List.copyOf(rules);
        this.problems = List.copyOf(problems);
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<Rule> alerts() {
        return rules.stream().filter(r -> r.alert().isPresent()).toList();
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The names the groups record. */
    public Set<String> recorded() {
        Set<String> out = new LinkedHashSet<>();
        rules.forEach(r -> r.record().ifPresent(out::add));
        return out;
    }

    public static RuleFile of(Object spec) {
        List<Rule> rules = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Object groups = spec instanceof Map<?, ?> m ? m.get("groups") : null;
        if (!(groups instanceof List<?> list)) {
            problems.add(new Problem("", Optional.empty(), "spec.groups is not a list of rule groups"));
            return new RuleFile(rules, problems);
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object g : list) {
            if (!(g instanceof Map<?, ?> group)) {
                problems.add(new Problem("", Optional.empty(), "a group is not a mapping"));
                continue;
            }
            String name = text(group.get("name"));
            if (name.isBlank()) {
                problems.add(new Problem(name, Optional.empty(), "groupname must not be empty"));
            } else if (!names.add(name)) {
                problems.add(new Problem(name, Optional.empty(), "groupname: \"" + name + "\" is repeated in the same file"));
            }
            if (group.get("interval") != null && !DURATION.matcher(text(group.get("interval"))).matches()) {
                problems.add(new Problem(name, Optional.empty(), "interval \"" + text(group.get("interval")) + "\" is not a duration"));
            }
            List<?> items = group.get("rules") instanceof List<?> l ? l : List.of();
            int n = 0;
            for (Object r : items) {
                n++;
                if (rules.size() >= MAX_RULES) {
                    problems.add(new Problem(name, Optional.empty(), "more than " + MAX_RULES + " rules: the rest are not read"));
                    return new RuleFile(rules, problems);
                }
                if (r instanceof Map<?, ?> rule) {
                    Rule parsed = rule(name, n, rule);
                    rules.add(parsed);
                    validate(parsed, rule, problems);
                } else {
                    problems.add(new Problem(name, Optional.empty(), "rule " + n + " is not a mapping"));
                }
            }
        }
        return new RuleFile(rules, problems);
    }

    private static Rule rule(String group, int n, Map<?, ?> r) {
        return new Rule(group, n, opt(r.get("alert")), opt(r.get("record")), text(r.get("expr")), opt(r.get("for")),
                strings(r.get("labels")), strings(r.get("annotations")));
    }

    /** rulefmt's Validate, message for message. */
    private static void validate(Rule r, Map<?, ?> raw, List<Problem> problems) {
        if (r.alert().isEmpty() && r.record().isEmpty()) {
            problems.add(new Problem(r.group(), Optional.of(r), "one of 'record' or 'alert' must be set"));
        }
        if (r.alert().isPresent() && r.record().isPresent()) {
            problems.add(new Problem(r.group(), Optional.of(r), "only one of 'record' and 'alert' must be set"));
        }
        if (r.expr().isBlank()) {
            problems.add(new Problem(r.group(), Optional.of(r), "field 'expr' must be set in rule"));
        }
        if (r.record().isPresent()) {
            if (!r.annotations().isEmpty()) {
                problems.add(new Problem(r.group(), Optional.of(r), "invalid field 'annotations' in recording rule"));
            }
            if (r.forDuration().isPresent()) {
                problems.add(new Problem(r.group(), Optional.of(r), "invalid field 'for' in recording rule"));
            }
            if (!METRIC_NAME.matcher(r.record().get()).matches()) {
                problems.add(new Problem(r.group(), Optional.of(r), "invalid recording rule name: " + r.record().get()));
            }
        }
        if (r.alert().isPresent() && r.alert().get().isBlank()) {
            problems.add(new Problem(r.group(), Optional.of(r), "invalid alert name: it is empty"));
        }
        r.forDuration().filter(d -> !DURATION.matcher(d).matches())
                .ifPresent(d -> problems.add(new Problem(r.group(), Optional.of(r), "for: \"" + d + "\" is not a duration")));
        for (String k : r.labels().keySet()) {
            if (!LABEL_NAME.matcher(k).matches() || k.equals("__name__")) {
                problems.add(new Problem(r.group(), Optional.of(r), "invalid label name: " + k));
            }
        }
        for (String k : r.annotations().keySet()) {
            if (!LABEL_NAME.matcher(k).matches()) {
                problems.add(new Problem(r.group(), Optional.of(r), "invalid annotation name: " + k));
            }
        }
        if (r.alert().isPresent()) {
            templates("label", r.labels(), r, problems);
            templates("annotation", r.annotations(), r, problems);
        }
        for (Object key : raw.keySet()) {
            if (!Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations").contains(String.valueOf(key))) {
                problems.add(new Problem(r.group(), Optional.of(r), "field " + key + " not found in type rulefmt.Rule"));
            }
        }
    }

    /** An alert's labels and annotations are Go templates: an action opened and never closed is promtool's "unclosed action". */
    private static void templates(String what, Map<String, String> values, Rule r, List<Problem> problems) {
        values.forEach((k, v) -> {
            int open = v.indexOf("{{");
            while (open >= 0) {
                int close = v.indexOf("}}", open + 2);
                if (close < 0) {
                    int line = 1 + (int) v.substring(0, open).chars().filter(c -> c == '\n').count();
                    problems.add(new Problem(r.group(), Optional.of(r), what + " \"" + k + "\": template: __alert_" + r.name() + ":" + line
                            + ": unclosed action"));
                    return;
                }
                open = v.indexOf("{{", close + 2);
            }
        });
    }

    /** The groups as a Prometheus rule file, for {@code promtool check rules}. */
    public static Map<String, Object> asRuleFile(Object spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("groups", spec instanceof Map<?, ?> m && m.get("groups") != null ? m.get("groups") : List.of());
        return out;
    }

    private static Optional<String> opt(Object o) {
        return o == null ? Optional.empty() : Optional.of(String.valueOf(o));
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }
}
