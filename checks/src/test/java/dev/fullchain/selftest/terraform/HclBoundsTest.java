package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.terraform.hcl.HclError;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.model.terraform.hcl.HclSyntaxException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The parser's bounds: input nested past {@link HclParser#MAX_NESTING} levels is a syntax
 * error at its file and line (never a StackOverflowError), and a file broken on every line or
 * a long heredoc is read in linear time. Each case runs on a thread with a small stack.
 */
@Tag("selftest")
class HclBoundsTest {

    private static final String DEPTH = "nested deeper than " + HclParser.MAX_NESTING + " levels";

    /** Parses on a thread with a 512 KiB stack, within two seconds. */
    private static HclFile parse(String text) throws InterruptedException {
        AtomicReference<Object> out = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                out.set(HclParser.parse("terraform/main.tf", text));
            } catch (Throwable e) {
                out.set(e);
            }
        }, "hcl-bounds", 512 * 1024);
        long start = System.nanoTime();
        t.start();
        t.join(Duration.ofSeconds(10).toMillis());
        assertThat(t.isAlive()).as("parsing ended").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(out.get()).as("no throwable escapes the parser").isInstanceOf(HclFile.class);
        return (HclFile) out.get();
    }

    private static HclError onlyError(HclFile f) {
        assertThat(f.errors()).hasSize(1);
        return f.errors().get(0);
    }

    @Test
    void tenThousandNestedParenthesesAreAnErrorAtTheirLine() throws InterruptedException {
        HclFile f = parse("variable \"x\" {}\n\nlocals {\n  deep = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n}\n"
                + "output \"after\" {\n  value = 1\n}\n");
        HclError e = onlyError(f);
        assertThat(e.message()).contains(DEPTH);
        assertThat(e.location().toString()).isEqualTo("terraform/main.tf:4");
        assertThat(f.broken().get(0).type()).isEqualTo("locals");
        // what follows the broken block is still read
        assertThat(f.body().blocks()).extracting(b -> b.type()).containsExactly("variable", "output");
    }

    @Test
    void nestingUpToTheLimitIsRead() throws InterruptedException {
        HclFile f = parse("locals {\n  deep = " + "(".repeat(100) + "1" + ")".repeat(100) + "\n  list = " + "[".repeat(100)
                + "]".repeat(100) + "\n  sum = 1" + " + 1".repeat(100) + "\n}\n");
        assertThat(f.errors()).isEmpty();
    }

    @Test
    void everyKindOfNestingIsBounded() throws InterruptedException {
        int n = 10_000;
        String[] deep = {
            "a {\n".repeat(n) + "}\n".repeat(n),
            "x = " + "[".repeat(n) + "]".repeat(n) + "\n",
            "x = " + "{a = ".repeat(n) + "1" + "}".repeat(n) + "\n",
            "x = " + "f(".repeat(n) + "1" + ")".repeat(n) + "\n",
            "x = " + "\"${".repeat(n) + "1" + "}\"".repeat(n) + "\n",
            "x = " + "!".repeat(n) + "true\n",
            "x = 1" + " + 1".repeat(n) + "\n",
            "x = a" + ".b".repeat(n) + "\n",
            "x = \"" + "%{ if true }".repeat(n) + "%{ endif }".repeat(n) + "\"\n",
            "x = " + "true ? ".repeat(n) + "1" + " : 2".repeat(n) + "\n",
        };
        for (String text : deep) {
            HclFile f = parse(text);
            assertThat(f.errors()).as(text.substring(0, 20)).isNotEmpty();
            assertThat(f.errors().get(0).message()).as(text.substring(0, 20)).contains("nested deeper than");
        }
    }

    @Test
    void anExpressionOnItsOwnIsBoundedToo() {
        assertThatThrownBy(() -> HclParser.parseExpression("t.tf", "(".repeat(5_000) + "1" + ")".repeat(5_000)))
                .isInstanceOf(HclSyntaxException.class).hasMessageContaining(DEPTH);
    }

    @Test
    void aFileBrokenOnEveryLineStopsAfterAFewRestarts() throws InterruptedException {
        HclFile f = parse("b {\n".repeat(50_000));
        assertThat(f.errors()).hasSizeLessThanOrEqualTo(25);
        assertThat(f.errors().get(f.errors().size() - 1).message()).contains("the rest of the file");
    }

    @Test
    void aLongHeredocIsReadInLinearTime() throws InterruptedException {
        HclFile f = parse("x = <<EOT\n" + "a\n".repeat(400_000) + "EOT\n");
        assertThat(f.errors()).isEmpty();
        assertThat(f.body().attributes()).hasSize(1);
    }

    @Test
    void aNumberOutOfRangeIsASyntaxError() throws InterruptedException {
        HclError e = onlyError(parse("x = 1e99999999999\n"));
        assertThat(e.message()).contains("out of range");
    }
}
