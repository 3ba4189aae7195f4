package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.model.terraform.hcl.Step;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator's bounds: values that would grow past the size bound, chains of references
 * deeper than the depth bound, and work past the step bound are unknown with the bound in the
 * reason, never a guess, an OutOfMemoryError or a StackOverflowError. Fast, on a small stack.
 */
@Tag("selftest")
class EvaluationBoundsTest {

    @TempDir
    Path dir;

    /** Runs on a thread with the JVM's default stack (1 MiB), within three seconds; nothing may escape. */
    private static <T> T bounded(Callable<T> work) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(work.call());
            } catch (Throwable e) {
                out.set(e);
            }
        }, "eval-bounds", 1024 * 1024);
        long start = System.nanoTime();
        t.start();
        t.join(Duration.ofSeconds(20).toMillis());
        assertThat(t.isAlive()).as("evaluation ended").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(out.get()).as("no throwable escapes").isNotInstanceOf(Throwable.class);
        @SuppressWarnings("unchecked")
        T result = (T) out.get();
        return result;
    }

    private TerraformProject project(String mainTf) throws IOException {
        Files.createDirectories(dir.resolve("terraform"));
        Files.writeString(dir.resolve("terraform/main.tf"), mainTf);
        return TerraformProject.load(Target.open(dir));
    }

    private static Value local(TerraformProject tf, String name) {
        TfEnvironment env = tf.environments().get(0);
        return tf.instantiate(env).local(name);
    }

    private static Value eval(String expression, Map<String, Value> vars) {
        Evaluator.Scope scope = (root, steps, ev) -> root.equals("var") && steps.get(0) instanceof Step.Attr a && vars.containsKey(a.name())
                ? new Evaluator.Resolved(vars.get(a.name()), 1) : new Evaluator.Resolved(Value.unknown(root + " is not known"), steps.size());
        return new Evaluator(scope).eval(HclParser.parseExpression("terraform/main.tf", expression));
    }

    private static void unknownBecause(Value v, String reason) {
        assertThat(v).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) v).error()).as("past a bound the value is unknown, not an error").isFalse();
        assertThat(((Value.Unknown) v).reason()).contains(reason);
    }

    @Test
    void localsThatDoubleSixtyTimesAreUnknownPastTheSizeBound() throws Exception {
        StringBuilder b = new StringBuilder("locals {\n  d0 = \"xx\"\n");
        for (int i = 1; i <= 60; i++) {
            b.append("  d").append(i).append(" = \"${local.d").append(i - 1).append("}${local.d").append(i - 1).append("}\"\n");
        }
        b.append("  name = substr(local.d60, 0, 3)\n  small = local.d10\n}\n");
        TerraformProject tf = project(b.toString());
        unknownBecause(bounded(() -> local(tf, "name")), "larger than 1048576 characters");
        unknownBecause(bounded(() -> local(tf, "d60")), "larger than 1048576 characters");
        assertThat(bounded(() -> local(tf, "small")).asString()).hasValueSatisfying(s -> assertThat(s).hasSize(2048));
    }

    @Test
    void aLongChainOfLocalsIsUnknownPastTheDepthBound() throws Exception {
        StringBuilder b = new StringBuilder("locals {\n  a0 = \"x\"\n");
        for (int i = 1; i <= 5_000; i++) {
            b.append("  a").append(i).append(" = local.a").append(i - 1).append("\n");
        }
        b.append("}\n");
        TerraformProject tf = project(b.toString());
        unknownBecause(bounded(() -> local(tf, "a5000")), "nested deeper than 200 levels");
        assertThat(bounded(() -> local(tf, "a100"))).isEqualTo(Value.of("x"));
    }

    @Test
    void workPastTheStepBoundIsUnknown() throws Exception {
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            items.add(Value.of(i));
        }
        Map<String, Value> vars = Map.of("l", Value.list(items));
        unknownBecause(bounded(() -> eval("[for a in var.l : [for b in var.l : a + b]]", vars)), "more than 250000 evaluation steps");
        unknownBecause(bounded(() -> eval("\"%{ for a in var.l }%{ for b in var.l }%{ endfor }%{ endfor }\"", vars)),
                "more than 250000 evaluation steps");
        // the next evaluation starts afresh
        assertThat(eval("length(var.l)", vars)).isEqualTo(Value.of(2_000));
    }

    @Test
    void functionsThatWouldBuildHugeValuesAreUnknown() throws Exception {
        Map<String, Value> vars = Map.of("big", Value.of("x".repeat(600_000)), "lines", Value.of("a\n".repeat(1_000)),
                "list", Value.list(List.of(Value.of("a"), Value.of("b"), Value.of("c"))));
        unknownBecause(bounded(() -> eval("join(var.big, [\"a\", \"b\", \"c\"])", vars)), "larger than 1048576");
        unknownBecause(bounded(() -> eval("indent(1000000000, var.lines)", vars)), "larger than 1048576");
        unknownBecause(bounded(() -> eval("format(\"%999999999999d\", 1)", vars)), "larger than 1048576");
        unknownBecause(bounded(() -> eval("replace(var.big, \"x\", \"yyyy\")", vars)), "larger than 1048576");
        unknownBecause(bounded(() -> eval("concat([var.big], [var.big])", vars)), "larger than 1048576");
        unknownBecause(bounded(() -> eval("\"${var.big}${var.big}\"", vars)), "larger than 1048576");
        assertThat(eval("join(\"-\", var.list)", vars)).isEqualTo(Value.of("a-b-c"));
    }

    @Test
    void aBacktrackingRegularExpressionIsStopped() throws Exception {
        unknownBecause(bounded(() -> eval("replace(\"" + "a".repeat(30) + "\", \"/(.*a){12}x/\", \"\")", Map.of())), "backtracks too long");
        assertThat(eval("replace(\"a-b\", \"/-/\", \"_\")", Map.of())).isEqualTo(Value.of("a_b"));
    }

    @Test
    void hugeNumbersAreUnknownAndNeverWrittenOut() throws Exception {
        unknownBecause(bounded(() -> eval("1e999999", Map.of())), "numbers that large");
        unknownBecause(bounded(() -> eval("floor(1e500 * 1e500 * 1e500)", Map.of())), "numbers that large");
        assertThat(new Value.Num(new java.math.BigDecimal("1e999999")).text()).isEqualTo("1E+999999");
    }

    @Test
    void aCountOfAMillionIsOneUnknownInstance() throws Exception {
        TerraformProject tf = project("resource \"azurerm_resource_group\" \"many\" {\n  count    = 1000000\n  name     = \"rg\"\n"
                + "  location = \"westeurope\"\n}\n");
        List<ResourceInstance> all = bounded(() -> tf.resources(tf.environments().get(0)));
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key()).isEqualTo("[?]");
        assertThat(all.get(0).countKnown()).isFalse();
    }
}
