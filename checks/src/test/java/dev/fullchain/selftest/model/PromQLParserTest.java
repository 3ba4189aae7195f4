package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.observability.promql.Expr;
import dev.fullchain.model.observability.promql.GrafanaVariables;
import dev.fullchain.model.observability.promql.ParseError;
import dev.fullchain.model.observability.promql.PromQL;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("selftest")
class PromQLParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "up",
            "up{job=\"api\", namespace!=\"x\", status=~\"5..\", route!~\"/metrics\",}",
            "up == 0 or absent(up{job=\"api\"})",
            "sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05",
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.5",
            "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket[5m])) without (instance, pod))",
            "rate(http_requests_total[5m] offset 1h)",
            "rate(http_requests_total[5m] @ 1609746000 offset -5m)",
            "max_over_time(rate(http_requests_total[1m])[1h:5m])",
            "max_over_time(rate(http_requests_total[1m])[1h:])",
            "sum by (route) (increase(http_requests_total[1h30m]))",
            "a * on (job) group_left (route) b",
            "a / ignoring (status) group_right b",
            "a > bool 1",
            "1 + 2 * 3 ^ 2 ^ 2 - -1",
            "clamp_min(sum(rate(http_requests_total[5m])), 1)",
            "label_replace(up, \"x\", \"$1\", \"job\", \"(.*)\")",
            "topk(3, sum by (route) (rate(http_requests_total[5m])))",
            "count_values(\"status\", http_requests_total)",
            "quantile(0.9, up)",
            "# a comment\nup # and one after\n",
            "{__name__=\"up\"}",
            "up atan2 up",
            "a unless b and c or d",
            "0x1f + 1e3 + .5 + Inf - NaN",
            "irate(http_requests_total[30s])",
            "time() - 3",
            "vector(1)",
            "sum(up) by (job)",
            "`raw` ",
            "absent_over_time(up[5m])",
            "round(up, 0.1) + round(up)"})
    void parsesWhatRulesAndDashboardsUse(String expr) {
        PromQL.parse(expr);
    }

    @Test
    void errorsSayTheColumnInPromtoolsWords() {
        assertThatThrownBy(() -> PromQL.parse("sum(rate(x[5m])) * * 2"))
                .isInstanceOf(ParseError.class).hasMessage("1:20: parse error: unexpected <op:*>");
        assertThatThrownBy(() -> PromQL.parse("sum(rate(x[5m])")).hasMessage("1:16: parse error: unclosed left parenthesis");
        assertThatThrownBy(() -> PromQL.parse("sum(x))")).hasMessage("1:8: parse error: unexpected right parenthesis ')'");
        assertThatThrownBy(() -> PromQL.parse("x{a=\"b\"")).hasMessage("1:8: parse error: unexpected end of input inside braces");
        assertThatThrownBy(() -> PromQL.parse("rate(x[5m)")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> PromQL.parse("sum(x,)")).hasMessage("1:6: parse error: trailing commas not allowed in function call args");
        assertThatThrownBy(() -> PromQL.parse("up{job=api}")).hasMessageContaining("1:8: parse error: unexpected identifier \"api\" in label matching, expected string");
        assertThatThrownBy(() -> PromQL.parse("rate(x)")).hasMessage("1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
        assertThatThrownBy(() -> PromQL.parse("sum(x)[5m]")).hasMessage("1:7: parse error: ranges only allowed for vector selectors");
        assertThatThrownBy(() -> PromQL.parse("1 > 2")).hasMessage("1:3: parse error: comparisons between scalars must use BOOL modifier");
        assertThatThrownBy(() -> PromQL.parse("x{a=\"b}")).hasMessage("1:5: parse error: unterminated quoted string");
        assertThatThrownBy(() -> PromQL.parse("rat(x[5m])")).hasMessageContaining("1:1: parse error: unknown function with name \"rat\"");
        assertThatThrownBy(() -> PromQL.parse("sum(x)[5m]")).hasMessageContaining("ranges only allowed for vector selectors");
        assertThatThrownBy(() -> PromQL.parse("{}")).hasMessageContaining("vector selector must contain at least one non-empty matcher");
        assertThatThrownBy(() -> PromQL.parse("1 > 2")).hasMessageContaining("comparisons between scalars must use BOOL modifier");
        assertThatThrownBy(() -> PromQL.parse("(x +\n  )")).hasMessage("2:3: parse error: unexpected \")\"");
        assertThatThrownBy(() -> PromQL.parse("x{a=\"b}")).hasMessageContaining("unterminated quoted string");
        assertThatThrownBy(() -> PromQL.parse("sum(x) offset 5m")).hasMessage("1:1: parse error: offset modifier must be preceded by an instant"
                + " vector selector or range vector selector or a subquery");
        assertThatThrownBy(() -> PromQL.parse("x[5x]")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> PromQL.parse("")).hasMessageContaining("no expression found in input");
        assertThatThrownBy(() -> PromQL.parse("x =~ y")).isInstanceOf(ParseError.class);
        assertThatThrownBy(() -> PromQL.parse("x{a=~\"(\"}")).hasMessageContaining("error parsing regexp");
    }

    @Test
    void precedenceIsPrometheuss() {
        Expr.Binary or = (Expr.Binary) PromQL.parse("a or b and c");
        assertThat(or.op()).isEqualTo("or");
        Expr.Binary minus = (Expr.Binary) PromQL.parse("a - b * c");
        assertThat(minus.op()).isEqualTo("-");
        Expr.Binary pow = (Expr.Binary) PromQL.parse("a ^ b ^ c");
        assertThat(pow.rhs()).isInstanceOf(Expr.Binary.class);
        Expr.Binary gt = (Expr.Binary) PromQL.parse("a / b > 0.05");
        assertThat(gt.op()).isEqualTo(">");
        Expr.Binary on = (Expr.Binary) PromQL.parse("a * on(job) group_left(route) b");
        assertThat(on.matching().orElseThrow().labels()).containsExactly("job");
        assertThat(on.matching().orElseThrow().include()).containsExactly("route");
    }

    @Test
    void listsEveryMetricName() {
        Expr e = PromQL.parse("sum(rate(http_requests_total{status=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))"
                + " or absent(up) or {__name__=\"http_request_duration_seconds_bucket\"}");
        assertThat(PromQL.metricNames(e)).containsExactly("http_requests_total", "up", "http_request_duration_seconds_bucket");
    }

    @Test
    void depthAndSizeAreBounded() {
        String deep = "(".repeat(200) + "1" + ")".repeat(200);
        assertThatThrownBy(() -> PromQL.parse(deep)).hasMessageContaining("nests deeper than 128");
        String unary = "-".repeat(10_000) + "1";
        assertThatThrownBy(() -> PromQL.parse(unary)).hasMessageContaining("nests deeper than 128");
        String wide = "up" + "+up".repeat(12_000);
        assertThatThrownBy(() -> PromQL.parse(wide)).hasMessageContaining("tokens");
        String huge = "x".repeat(PromQL.MAX_CHARS + 1);
        assertThatThrownBy(() -> PromQL.parse(huge)).hasMessageContaining("longer than");
        String many = "up" + " + up".repeat(5_000);
        assertThat(PromQL.metricNames(PromQL.parse(many))).containsExactly("up");
    }

    @Test
    void grafanaVariablesAreSubstitutedFirst() {
        String q = GrafanaVariables.substitute("sum(rate(http_requests_total{namespace=\"$namespace\", job=~\"${job:regex}\","
                + " instance=~\"[[instance]]\"}[$__rate_interval])) / $__interval_ms");
        Expr e = PromQL.parse(q.replace("/ 4000000000ms", "/ 1"));
        Expr.Call rate = PromQL.calls(e, "rate").get(0);
        Expr.MatrixSelector m = (Expr.MatrixSelector) rate.args().get(0);
        assertThat(GrafanaVariables.isRateInterval(m.range())).isTrue();
        assertThat(GrafanaVariables.isRateInterval(((Expr.MatrixSelector) PromQL.calls(PromQL.parse("rate(x[5m])"), "rate")
                .get(0).args().get(0)).range())).isFalse();
        assertThat(List.of(q)).allMatch(s -> !s.contains("$"));
    }

    @Test
    void aDashboardsOwnVariablesFitWhereTheyStand() {
        String q = "sum by ($label) (rate(${metric}_total{job=\"$job\"}[$window])) > $threshold";
        Expr e = PromQL.parse(GrafanaVariables.substitute(q));
        assertThat(PromQL.metricNames(e)).containsExactly("metric_total", "threshold");
        assertThat(GrafanaVariables.writtenIn(q, "metric_total")).isFalse();
        assertThat(GrafanaVariables.writtenIn(q, "threshold")).isFalse();
        assertThat(GrafanaVariables.writtenIn("rate(http_requests_total[5m])", "http_requests_total")).isTrue();
        assertThat(GrafanaVariables.dependsOnVariables(q)).isTrue();
        assertThat(GrafanaVariables.dependsOnVariables("rate(x{ns=\"$ns\"}[$__rate_interval])")).isFalse();
        Expr.MatrixSelector m = (Expr.MatrixSelector) PromQL.calls(e, "rate").get(0).args().get(0);
        assertThat(m.range().text()).isEqualTo(GrafanaVariables.VARIABLE_RANGE);
    }

    /** Where promtool is installed, it accepts and refuses the same expressions as this parser, and says the same position. */
    @Test
    void promtoolAgreesWherePresent() {
        java.util.Optional<dev.fullchain.model.observability.Promtool> tool = dev.fullchain.model.observability.Promtool.onPath();
        org.junit.jupiter.api.Assumptions.assumeTrue(tool.isPresent(), "promtool is not on PATH");
        List<String> valid = List.of("up{job=\"api\", status=~\"5..\",}", "sum by (le) (rate(x_bucket[5m])) > bool 0.5",
                "max_over_time(rate(x[1m])[1h:5m] offset 1h)", "a * on (job) group_left (route) b", "-x ^ 2 + 1 unless y",
                "label_replace(up, \"x\", \"$1\", \"job\", \"(.*)\")", "count_values(\"s\", x) or vector(1)");
        List<String> invalid = List.of("sum(rate(x[5m])) * * 2", "sum(rate(x[5m])", "up{job=api}", "rate(x)", "rat(x[5m])",
                "sum(x)[5m]", "{}", "1 > 2", "sum(x) offset 5m", "sum(x))", "x{a=\"b\"", "sum(x,)");
        for (String e : valid) {
            PromQL.parse(e);
            assertThat(tool.get().checkRules(rule(e)).ok()).as(e).isTrue();
        }
        for (String e : invalid) {
            String ours = org.assertj.core.api.Assertions.catchThrowableOfType(() -> PromQL.parse(e), ParseError.class).getMessage();
            String theirs = tool.get().checkRules(rule(e)).output();
            assertThat(theirs).as(e).contains("could not parse expression: " + ours);
        }
    }

    private static String rule(String expr) {
        return "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: '" + expr.replace("'", "''") + "'\n";
    }
}
