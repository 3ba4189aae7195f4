package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.observability.ApiMetrics;
import dev.fullchain.model.observability.GrafanaDashboard;
import dev.fullchain.model.observability.LabelSelector;
import dev.fullchain.model.observability.RuleFile;
import dev.fullchain.model.observability.StackSelection;
import dev.fullchain.model.observability.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@Tag("selftest")
class ObservabilityRulesAndDashboardsTest {

    @Test
    void labelSelectorsMatchAsTheApiServerDoes() {
        Map<String, String> labels = Map.of("release", "metrics", "team", "a");
        assertThat(LabelSelector.matches(Map.of(), labels)).isTrue();
        assertThat(LabelSelector.matches(Map.of("matchLabels", Map.of("release", "metrics")), labels)).isTrue();
        assertThat(LabelSelector.matches(Map.of("matchLabels", Map.of("release", "kube-prometheus-stack")), labels)).isFalse();
        assertThat(LabelSelector.matches(Map.of("matchExpressions", List.of(Map.of("key", "team", "operator", "In",
                "values", List.of("a", "b")))), labels)).isTrue();
        assertThat(LabelSelector.matches(Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "Exists"))), labels)).isFalse();
        assertThat(LabelSelector.matches(Map.of("matchExpressions", List.of(Map.of("key", "tier", "operator", "DoesNotExist"))), labels))
                .isTrue();
        assertThat(LabelSelector.matchesKnowing(Map.of("matchLabels", Map.of("env", "dev")), Map.of(), Set.of("kubernetes.io/metadata.name")))
                .isEmpty();
    }

    @Test
    void aNamespaceWrittenAsAnEnvironmentValueIsRead() {
        List<Object> env = List.of(Map.of("namespace", "kestrel-dev"));
        assertThat(StackSelection.resolve("{{ .Values.namespace }}", env)).contains("kestrel-dev");
        assertThat(StackSelection.resolve("app-{{ .Values.other }}", env)).isEmpty();
        assertThat(StackSelection.resolve("plain", env)).contains("plain");
    }

    @Test
    void ruleFilesAreReadAsPromtoolReadsThem() {
        Object spec = new Yaml().load("""
                groups:
                  - name: api
                    rules:
                      - alert: Down
                        expr: up == 0
                        for: 2m
                        labels: {severity: critical}
                        annotations: {summary: down}
                      - record: "bad name"
                        expr: up
                        for: 1m
                      - expr: up
                      - alert: X
                        record: y
                        expr: ""
                        labels: {"bad-label": x}
                        annotations: {summary: "{{ $value }} and {{ $labels.job"}
                        extra: 1
                  - name: api
                    rules: []
                """);
        RuleFile f = RuleFile.of(spec);
        assertThat(f.alerts()).extracting(RuleFile.Rule::name).containsExactly("Down", "X");
        assertThat(f.problems()).extracting(RuleFile.Problem::describe).contains(
                "group \"api\", rule 2, \"bad name\": invalid recording rule name: bad name",
                "group \"api\", rule 2, \"bad name\": invalid field 'for' in recording rule",
                "group \"api\", rule 3: one of 'record' or 'alert' must be set",
                "group \"api\", rule 4, \"X\": only one of 'record' and 'alert' must be set",
                "group \"api\", rule 4, \"X\": field 'expr' must be set in rule",
                "group \"api\", rule 4, \"X\": invalid label name: bad-label",
                "group \"api\", rule 4, \"X\": field extra not found in type rulefmt.Rule",
                "group \"api\", rule 4, \"X\": annotation \"summary\": template: __alert_X:1: unclosed action",
                "group \"api\": groupname: \"api\" is repeated in the same file");
        assertThat(RuleFile.of(Map.of()).problems()).extracting(RuleFile.Problem::message).containsExactly("spec.groups is not a list of rule groups");
    }

    @Test
    void theApiExposesTheContractsNames() {
        ApiMetrics contract = ApiMetrics.contract();
        assertThat(contract.exposed("http_requests_total", Set.of())).isTrue();
        assertThat(contract.exposed("http_request_duration_seconds_bucket", Set.of())).isTrue();
        assertThat(contract.exposed("up", Set.of())).isTrue();
        assertThat(contract.exposed("process_resident_memory_bytes", Set.of())).isTrue();
        assertThat(contract.exposed("http_request_latency_seconds_bucket", Set.of())).isFalse();
        assertThat(contract.exposed("job:errors:ratio", Set.of("job:errors:ratio"))).isTrue();
        ApiMetrics mapped = ApiMetrics.of(new dev.fullchain.target.Layout.Api(8000, "/healthz", "/readyz", "/api/items", "/metrics",
                "shop_requests_total", "shop_request_seconds"));
        assertThat(mapped.exposed("shop_request_seconds_bucket", Set.of())).isTrue();
        assertThat(mapped.exposed("shop_requests_created", Set.of())).isTrue();
        assertThat(mapped.exposed("http_requests_total", Set.of())).isFalse();
        assertThat(mapped.describe()).contains("as fullchain.yaml maps it");
    }

    @Test
    void dashboardsAreReadRowsAndVariablesIncluded() {
        GrafanaDashboard d = GrafanaDashboard.parse("""
                {"title": "t",
                 "templating": {"list": [{"name": "ds", "type": "datasource", "query": "prometheus"},
                                         {"name": "logs", "type": "datasource", "query": "loki"}]},
                 "panels": [{"title": "row", "type": "row", "panels": [{"title": "inner", "datasource": "[[ds]]",
                             "targets": [{"refId": "A", "expr": "up"}]}]}],
                 "rows": [{"panels": [{"title": "logs", "type": "logs", "datasource": {"uid": "${logs}"},
                           "targets": [{"refId": "A", "expr": "{app=\\"api\\"}"}]}]}]}
                """);
        assertThat(d.panels()).extracting(GrafanaDashboard.Panel::title).containsExactly("row", "inner", "logs");
        GrafanaDashboard.Panel inner = d.panels().get(1);
        assertThat(GrafanaDashboard.variable(inner.datasource())).contains("ds");
        assertThat(d.kind(inner.queries().get(0).datasource())).contains("prometheus");
        assertThat(d.kind(d.panels().get(2).datasource())).contains("loki");
        assertThat(d.kind(null)).isEqualTo(Optional.empty());
    }

    @Test
    void brokenJsonSaysItsLineAndColumn() {
        assertThatThrownBy(() -> GrafanaDashboard.parse("{\n  \"a\": 1\n  \"b\": 2\n}"))
                .isInstanceOfSatisfying(GrafanaDashboard.JsonError.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(3);
                });
        assertThatThrownBy(() -> GrafanaDashboard.parse("[".repeat(500))).isInstanceOf(GrafanaDashboard.JsonError.class);
        assertThatThrownBy(() -> GrafanaDashboard.parse("[1]")).hasMessageContaining("not a JSON object");
    }

    @Test
    void promtoolRunsOnAFileFullchainWrites(@TempDir Path dir) throws IOException {
        Path fake = dir.resolve("promtool");
        Files.writeString(fake, "#!/bin/sh\n[ \"$1 $2\" = \"check rules\" ] || exit 2\ngrep -q 'expr: up ==' \"$3\" || exit 3\n"
                + "echo \"Checking $3\"; echo '  FAILED:'; echo \"$3: group \\\"api\\\", rule 1: could not parse expression\"; exit 1\n");
        fake.toFile().setExecutable(true);
        Promtool.Result r = Promtool.at(fake).checkRules("groups:\n  - name: api\n    rules:\n      - alert: Down\n        expr: up == 0\n");
        assertThat(r.ok()).isFalse();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("rules.yaml: group \"api\", rule 1: could not parse expression").doesNotContain(dir.toString());
        assertThat(Promtool.at(dir.resolve("absent")).checkRules("groups: []").output()).contains("could not run");
    }

    @Test
    void runawayRuleFilesAndDashboardsAreCut() {
        List<Object> rules = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rules.add(Map.of("record", "r" + i, "expr", "up"));
        }
        RuleFile f = RuleFile.of(Map.of("groups", List.of(Map.of("name", "g", "rules", rules))));
        assertThat(f.rules()).hasSize(RuleFile.MAX_RULES);
        assertThat(f.problems()).extracting(RuleFile.Problem::message).containsExactly("more than 2000 rules: the rest are not read");
        StringBuilder json = new StringBuilder("{\"title\": \"t\", \"panels\": [");
        for (int i = 0; i < 3_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"title\": \"p").append(i).append("\"}");
        }
        GrafanaDashboard d = GrafanaDashboard.parse(json.append("]}").toString());
        assertThat(d.panels()).hasSize(GrafanaDashboard.MAX_PANELS);
        assertThat(d.truncated()).isTrue();
    }

    /** Where Debian's promtool is installed (.ci/run installs it), the real one reads what fullchain writes. */
    @Test
    void theRealPromtoolAcceptsTheRuleFileFullchainWritesAndRefusesABadOne() {
        Optional<Promtool> tool = Promtool.onPath();
        org.junit.jupiter.api.Assumptions.assumeTrue(tool.isPresent(), "promtool is not on PATH");
        Promtool.Result ok = tool.get().checkRules("groups:\n  - name: api\n    rules:\n      - alert: Down\n        expr: up == 0\n"
                + "        for: 2m\n        labels: {severity: critical}\n        annotations: {summary: \"{{ $labels.job }} is down\"}\n");
        assertThat(ok.ok()).as(ok.output()).isTrue();
        Promtool.Result bad = tool.get().checkRules("groups:\n  - name: api\n    rules:\n      - alert: Down\n        expr: up == 0\n"
                + "        annotations: {summary: \"{{ $labels.job \"}\n");
        assertThat(bad.ok()).isFalse();
        assertThat(bad.output()).contains("rules.yaml");
    }
}
