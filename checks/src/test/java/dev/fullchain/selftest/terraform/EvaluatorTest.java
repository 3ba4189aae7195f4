package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Functions;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.model.terraform.hcl.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The evaluator: Terraform's semantics on what it knows, UNKNOWN (with why) for the rest, never a guess. */
@Tag("selftest")
class EvaluatorTest {

    /** A scope with some variables; any other var is unknown, like an unset variable. */
    private static Evaluator.Scope vars(Map<String, Value> values) {
        return (root, steps, ev) -> {
            if (root.equals("var") && !steps.isEmpty() && steps.get(0) instanceof Step.Attr a) {
                Value v = values.get(a.name());
                return new Evaluator.Resolved(v != null ? v : Value.unknown("var." + a.name() + " has no value"), 1);
            }
            return new Evaluator.Resolved(Value.unknown(root + " is not known here"), steps.size());
        };
    }

    private static Value eval(String expression, Map<String, Value> values) {
        return new Evaluator(vars(values)).eval(HclParser.parseExpression("t.tf", expression));
    }

    private static Value eval(String expression) {
        return eval(expression, Map.of());
    }

    private static String str(String expression) {
        return eval(expression).asString().orElseThrow(() -> new AssertionError(expression + " gave " + eval(expression).display()));
    }

    @Test
    void unknownPropagatesWithItsReason() {
        Value v = eval("\"${var.prefix}-kv\"");
        assertThat(v).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) v).reason()).isEqualTo("var.prefix has no value");
        assertThat(eval("\"${var.prefix}-kv\"", Map.of("prefix", Value.of("app")))).isEqualTo(Value.of("app-kv"));
        assertThat(eval("upper(var.x)")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("var.x == \"a\" ? \"b\" : \"c\"")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("merge({a = 1}, var.tags)")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("length([var.x, 2])")).isEqualTo(Value.of(2));
        assertThat(eval("[var.x, 2]").isKnown()).isTrue();
        assertThat(eval("[var.x, 2]").isWhollyKnown()).isFalse();
        assertThat(eval("join(\"-\", [var.x, \"b\"])")).isInstanceOf(Value.Unknown.class);
        // a known condition picks a branch: the other may stay unknown
        assertThat(eval("true ? \"a\" : var.x")).isEqualTo(Value.of("a"));
        assertThat(eval("false && var.x")).isEqualTo(Value.of(false));
        assertThat(eval("true || var.x")).isEqualTo(Value.of(true));
        assertThat(eval("true && var.x")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("regex(\"a\", \"abc\")")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("timestamp()")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("no_such_function(1)")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void templatesAndLiterals() {
        Map<String, Value> v = Map.of("project", Value.of("fullchain"), "env", Value.of("dev"), "n", Value.of(3),
                "list", Value.list(List.of(Value.of("a"), Value.of("b"))));
        assertThat(eval("\"kv-${var.project}-${var.env}\"", v)).isEqualTo(Value.of("kv-fullchain-dev"));
        assertThat(eval("\"n=${var.n} ${true}\"", v)).isEqualTo(Value.of("n=3 true"));
        assertThat(eval("\"${var.list}\"", v)).isEqualTo(v.get("list"));
        assertThat(eval("\"%{ for x in var.list }${x}.%{ endfor }\"", v)).isEqualTo(Value.of("a.b."));
        assertThat(eval("\"%{ if var.env == \"dev\" }small%{ else }big%{ endif }\"", v)).isEqualTo(Value.of("small"));
        // a lone interpolation is the value itself; null inside text is an error
        assertThat(eval("\"${null}\"")).isEqualTo(Value.NULL);
        assertThat(eval("\"a${null}\"")).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) eval("\"a${null}\"")).error()).isTrue();
        assertThat(eval("{a = 1, \"b\" = [true, null]}")).isEqualTo(Value.map(Map.of("a", Value.of(1),
                "b", Value.list(java.util.Arrays.asList(Value.of(true), Value.NULL)))));
    }

    @Test
    void operators() {
        assertThat(eval("1 + 2 * 3")).isEqualTo(Value.of(7));
        assertThat(eval("(1 + 2) * 3")).isEqualTo(Value.of(9));
        assertThat(eval("7 % 3")).isEqualTo(Value.of(1));
        assertThat(eval("10 / 4")).isEqualTo(new Value.Num(new java.math.BigDecimal("2.5")));
        assertThat(eval("-3 < -2")).isEqualTo(Value.of(true));
        assertThat(eval("\"1\" + 1")).isEqualTo(Value.of(2));
        assertThat(eval("1 == \"1\"")).isEqualTo(Value.of(false));
        assertThat(eval("[1, 2] == [1, 2]")).isEqualTo(Value.of(true));
        assertThat(eval("!true")).isEqualTo(Value.of(false));
        assertThat(eval("1 / 0")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void forExpressionsAndSplats() {
        assertThat(eval("[for s in [\"a\", \"\", \"b\"] : upper(s) if s != \"\"]"))
                .isEqualTo(Value.list(List.of(Value.of("A"), Value.of("B"))));
        assertThat(eval("{for k, v in {a = 1, b = 2} : v => k}"))
                .isEqualTo(Value.map(Map.of("1", Value.of("a"), "2", Value.of("b"))));
        assertThat(eval("{for s in [\"a\", \"b\", \"a\"] : s => s...}").display())
                .isEqualTo("{a = [\"a\", \"a\"], b = [\"b\"]}");
        assertThat(eval("[{n = 1}, {n = 2}][*].n")).isEqualTo(Value.list(List.of(Value.of(1), Value.of(2))));
        assertThat(eval("{a = [10, 20]}.a[1]")).isEqualTo(Value.of(20));
        assertThat(eval("[for x in var.unknown : x]")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void stringFunctionsMatchTerraform() {
        assertThat(str("lower(\"AbC\")")).isEqualTo("abc");
        assertThat(str("upper(\"abc\")")).isEqualTo("ABC");
        assertThat(str("title(\"hello world-wide\")")).isEqualTo("Hello World-Wide");
        assertThat(str("trimspace(\"  a b \\n\")")).isEqualTo("a b");
        assertThat(str("trim(\"?!hello?!\", \"!?\")")).isEqualTo("hello");
        assertThat(str("trimprefix(\"helloworld\", \"hello\")")).isEqualTo("world");
        assertThat(str("trimsuffix(\"helloworld\", \"world\")")).isEqualTo("hello");
        assertThat(str("join(\"-\", [\"a\", \"b\"], [\"c\"])")).isEqualTo("a-b-c");
        assertThat(eval("split(\",\", \"a,b,,c\")")).isEqualTo(Value.list(List.of(Value.of("a"), Value.of("b"), Value.of(""), Value.of("c"))));
        assertThat(str("strrev(\"abc\")")).isEqualTo("cba");
        assertThat(eval("startswith(\"hello\", \"he\")")).isEqualTo(Value.of(true));
    }

    @Test
    void substrFollowsGoCty() {
        assertThat(str("substr(\"hello world\", 1, 4)")).isEqualTo("ello");
        assertThat(str("substr(\"🤔🤷\", 0, 1)")).isEqualTo("🤔");
        assertThat(str("substr(\"hello world\", -5, -1)")).isEqualTo("world");
        assertThat(str("substr(\"hello\", -3, 2)")).isEqualTo("ll");
        assertThat(str("substr(\"hello\", 0, 10)")).isEqualTo("hello");
        assertThat(str("substr(\"hello\", 10, 2)")).isEqualTo("");
        assertThat(str("substr(\"hello\", 1, 0)")).isEqualTo("");
        // go-cty quirks kept: an offset before the start is not clamped, it starts at 0
        assertThat(str("substr(\"abc\", -5, 2)")).isEqualTo("ab");
    }

    @Test
    void replaceIsLiteralOrARegexBetweenSlashes() {
        assertThat(str("replace(\"a-b-c\", \"-\", \"\")")).isEqualTo("abc");
        assertThat(str("replace(\"hello world\", \"/w.*d/\", \"everybody\")")).isEqualTo("hello everybody");
        assertThat(str("replace(\"abc-123\", \"/([a-z]+)-([0-9]+)/\", \"$${2}_$1\")")).isEqualTo("123_abc");
        // Go reads $2_ as the group named "2_": empty (Terraform's documented pitfall)
        assertThat(str("replace(\"abc-123\", \"/([a-z]+)-([0-9]+)/\", \"$2_$1\")")).isEqualTo("abc");
        assertThat(str("replace(\"abc\", \"/(?P<first>a)/\", \"[$${first}]\")")).isEqualTo("[a]bc");
        // Go reads $1x as the group named "1x", which does not exist: empty
        assertThat(str("replace(\"ab\", \"/(a)/\", \"$1x\")")).isEqualTo("b");
        // Go skips an empty match right after a match
        assertThat(str("replace(\"baaac\", \"/a*/\", \"-\")")).isEqualTo("-b-c-");
        // what fullchain cannot evaluate the way RE2 does is unknown, not guessed
        assertThat(eval("replace(\"abc\", \"/(?=b)/\", \"x\")")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void format() {
        assertThat(str("format(\"vm-%02d\", 7)")).isEqualTo("vm-07");
        assertThat(str("format(\"%s-%s\", \"a\", 1)")).isEqualTo("a-1");
        assertThat(str("format(\"%-5s|\", \"ab\")")).isEqualTo("ab   |");
        assertThat(str("format(\"%.2f\", 3.14159)")).isEqualTo("3.14");
        assertThat(str("format(\"%q\", \"a\\\"b\")")).isEqualTo("\"a\\\"b\"");
        assertThat(str("format(\"%t %%\", true)")).isEqualTo("true %");
        assertThat(str("format(\"%x\", 255)")).isEqualTo("ff");
        assertThat(eval("format(\"%s\")")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("format(\"%s\", var.x)")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void collectionFunctions() {
        assertThat(eval("merge({a = 1, b = 2}, null, {b = 3})")).isEqualTo(Value.map(Map.of("a", Value.of(1), "b", Value.of(3))));
        assertThat(eval("lookup({a = \"x\"}, \"a\", \"d\")")).isEqualTo(Value.of("x"));
        assertThat(eval("lookup({a = \"x\"}, \"b\", \"d\")")).isEqualTo(Value.of("d"));
        assertThat(eval("lookup({a = \"x\"}, \"b\")")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("coalesce(null, \"\", \"b\")")).isEqualTo(Value.of("b"));
        assertThat(eval("coalesce(var.x, \"b\")")).isInstanceOf(Value.Unknown.class);
        assertThat(eval("concat([1], [2, 3])")).isEqualTo(Value.list(List.of(Value.of(1), Value.of(2), Value.of(3))));
        assertThat(eval("length(\"héllo\")")).isEqualTo(Value.of(5));
        assertThat(eval("length({a = 1})")).isEqualTo(Value.of(1));
        assertThat(eval("min(3, 1, 2)")).isEqualTo(Value.of(1));
        assertThat(eval("max(3, 1, 2)")).isEqualTo(Value.of(3));
        assertThat(eval("keys({b = 1, a = 2})")).isEqualTo(Value.list(List.of(Value.of("a"), Value.of("b"))));
        assertThat(eval("contains([\"a\", \"b\"], \"b\")")).isEqualTo(Value.of(true));
        assertThat(eval("toset([\"b\", \"a\", \"b\"])")).isEqualTo(Value.list(List.of(Value.of("a"), Value.of("b"))));
        assertThat(eval("flatten([[1], [2, [3]]])")).isEqualTo(Value.list(List.of(Value.of(1), Value.of(2), Value.of(3))));
        assertThat(eval("element([\"a\", \"b\"], 3)")).isEqualTo(Value.of("b"));
        assertThat(eval("alltrue([for k in [\"a\"] : contains(keys({a = 1}), k)])")).isEqualTo(Value.of(true));
        assertThat(eval("anytrue([false, false])")).isEqualTo(Value.of(false));
        assertThat(eval("try(lookup({}, \"a\"), \"fallback\")")).isEqualTo(Value.of("fallback"));
        assertThat(eval("can(lookup({}, \"a\"))")).isEqualTo(Value.of(false));
        assertThat(eval("tostring(1)")).isEqualTo(Value.of("1"));
        assertThat(eval("tonumber(\"2\")")).isEqualTo(Value.of(2));
        assertThat(str("substr(md5(\"fullchain\"), 0, 6)")).hasSize(6).matches("[0-9a-f]{6}");
        assertThat(Functions.supported()).contains("lower", "upper", "replace", "substr", "format", "join", "trimspace",
                "coalesce", "merge", "lookup", "concat", "length", "min", "max");
    }
}
