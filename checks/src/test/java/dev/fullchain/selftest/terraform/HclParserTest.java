package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.model.terraform.hcl.HclSyntaxException;
import dev.fullchain.model.terraform.hcl.Step;
import dev.fullchain.model.terraform.hcl.TemplatePart;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The HCL parser: every syntax element real configurations use, positions, and errors with lines. */
@Tag("selftest")
class HclParserTest {

    private static HclFile parse(String text) {
        return HclParser.parse("t/main.tf", text);
    }

    private static Expr expr(String text) {
        return HclParser.parseExpression("t/x.tf", text);
    }

    private static Expr attr(HclFile f, String block, String name) {
        return f.body().blocks().stream().filter(b -> b.type().equals(block)).findFirst().orElseThrow()
                .attribute(name).orElseThrow().expr();
    }

    @Test
    void blocksAndAttributesKeepTheirFileAndLine() {
        HclFile f = parse("""
                # a comment
                // another
                /* a block
                   comment */
                resource "azurerm_key_vault" "this" {
                  name = "kv"

                  network_acls {
                    bypass = "AzureServices"
                  }
                }

                locals { a = 1 }
                """);
        assertThat(f.errors()).isEmpty();
        Block kv = f.body().blocks().get(0);
        assertThat(kv.type()).isEqualTo("resource");
        assertThat(kv.labels()).containsExactly("azurerm_key_vault", "this");
        assertThat(kv.location().toString()).isEqualTo("t/main.tf:5");
        assertThat(kv.attribute("name").orElseThrow().location().line()).isEqualTo(6);
        Block acls = kv.block("network_acls").orElseThrow();
        assertThat(acls.location().line()).isEqualTo(8);
        assertThat(acls.attribute("bypass").orElseThrow().location().line()).isEqualTo(9);
        Block locals = f.body().blocks().get(1);
        assertThat(locals.location().line()).isEqualTo(13);
        assertThat(locals.attribute("a").orElseThrow().expr()).isInstanceOf(Expr.Literal.class);
    }

    @Test
    void literals() {
        assertThat(((Expr.Literal) expr("42")).value()).isEqualTo(new BigDecimal("42"));
        assertThat(((Expr.Literal) expr("1.5e3")).value()).isEqualTo(new BigDecimal("1.5e3"));
        assertThat(((Expr.Literal) expr("true")).value()).isEqualTo(true);
        assertThat(((Expr.Literal) expr("false")).value()).isEqualTo(false);
        assertThat(((Expr.Literal) expr("null")).value()).isNull();
        assertThat(Expr.literalString(expr("\"a\\n\\\"b\\u00e9\"")).orElseThrow()).isEqualTo("a\n\"bé");
        assertThat(Expr.literalString(expr("\"$${not} %%{this}\"")).orElseThrow()).isEqualTo("${not} %{this}");
    }

    @Test
    void templatesKeepTheirInterpolationsAndDirectives() {
        Expr.Template t = (Expr.Template) expr("\"${var.prefix}-kv-%{ if var.x }yes%{ else }no%{ endif }\"");
        assertThat(t.parts()).hasSize(3);
        Expr.Traversal ref = (Expr.Traversal) ((TemplatePart.Interp) t.parts().get(0)).expr();
        assertThat(ref.dotted()).isEqualTo("var.prefix");
        assertThat(((TemplatePart.Text) t.parts().get(1)).text()).isEqualTo("-kv-");
        TemplatePart.If cond = (TemplatePart.If) t.parts().get(2);
        assertThat(cond.then()).containsExactly(new TemplatePart.Text("yes"));
        assertThat(cond.otherwise()).containsExactly(new TemplatePart.Text("no"));

        Expr.Template loop = (Expr.Template) expr("\"%{ for k, v in var.m }${k}=${v},%{ endfor }\"");
        TemplatePart.Each each = (TemplatePart.Each) loop.parts().get(0);
        assertThat(each.key()).isEqualTo("k");
        assertThat(each.value()).isEqualTo("v");
        assertThat(each.body()).hasSize(4);

        // an object inside an interpolation: braces are counted
        Expr.Template nested = (Expr.Template) expr("\"${ {a = 1}.a }\"");
        assertThat(((TemplatePart.Interp) nested.parts().get(0)).expr()).isInstanceOf(Expr.Relative.class);
    }

    @Test
    void stripMarkersRemoveTheWhitespaceNextToThem() {
        Expr.Template t = (Expr.Template) expr("\"a   ${~ \"b\" ~}   c\"");
        assertThat(t.parts().get(0)).isEqualTo(new TemplatePart.Text("a"));
        assertThat(t.parts().get(2)).isEqualTo(new TemplatePart.Text("c"));
    }

    @Test
    void heredocs() {
        HclFile f = parse("""
                locals {
                  plain = <<EOF
                  hello ${var.name}
                EOF
                  flush = <<-EOT
                    first
                      indented
                    last
                    EOT
                }
                """);
        assertThat(f.errors()).isEmpty();
        Expr.Template plain = (Expr.Template) attr(f, "locals", "plain");
        assertThat(plain.heredoc()).isTrue();
        assertThat(((TemplatePart.Text) plain.parts().get(0)).text()).isEqualTo("  hello ");
        assertThat(((TemplatePart.Text) plain.parts().get(2)).text()).isEqualTo("\n");
        assertThat(Expr.literalString(attr(f, "locals", "flush")).orElseThrow()).isEqualTo("first\n  indented\nlast\n");
        assertThat(f.body().blocks().get(0).attribute("flush").orElseThrow().location().line()).isEqualTo(5);
    }

    @Test
    void collections() {
        Expr.Tuple t = (Expr.Tuple) expr("[1, \"a\",\n  var.x,\n]");
        assertThat(t.items()).hasSize(3);
        HclFile f = parse("""
                locals {
                  o = {
                    a = 1, "b" : 2
                    managed-by = "terraform"
                    (var.k) = 3
                  }
                }
                """);
        assertThat(f.errors()).isEmpty();
        Expr.ObjectCons o = (Expr.ObjectCons) attr(f, "locals", "o");
        assertThat(o.items()).hasSize(4);
        assertThat(o.items().get(0).bareKey()).isTrue();
        assertThat(Expr.literalString(o.items().get(1).key())).hasValue("b");
        assertThat(Expr.literalString(o.items().get(2).key())).hasValue("managed-by");
        assertThat(o.items().get(3).key()).isInstanceOf(Expr.Paren.class);
    }

    @Test
    void traversalsIndexesAndSplats() {
        Expr.Traversal t = (Expr.Traversal) expr("azurerm_x.y[0][\"k\"].name");
        assertThat(t.root()).isEqualTo("azurerm_x");
        assertThat(t.steps()).hasSize(4);
        assertThat(t.steps().get(1)).isInstanceOf(Step.Index.class);
        assertThat(t.dotted()).isEqualTo("azurerm_x.y");
        Expr.Traversal legacy = (Expr.Traversal) expr("a.b.0.c");
        assertThat(legacy.steps().get(1)).isInstanceOf(Step.Index.class);
        Expr.Splat full = (Expr.Splat) expr("aws_x.y[*].id");
        assertThat(full.each()).containsExactly(new Step.Attr("id"));
        Expr.Splat attrSplat = (Expr.Splat) expr("aws_x.y.*.id");
        assertThat(attrSplat.each()).containsExactly(new Step.Attr("id"));
        assertThat(Expr.references(expr("module.m.out")).get(0).dotted()).isEqualTo("module.m.out");
    }

    @Test
    void functionCallsWithExpansion() {
        Expr.Call c = (Expr.Call) expr("concat(var.a, [\n 1,\n], var.lists...)");
        assertThat(c.name()).isEqualTo("concat");
        assertThat(c.args()).hasSize(3);
        assertThat(c.expandFinal()).isTrue();
        assertThat(((Expr.Call) expr("provider::azurerm::normalise_resource_id(\"x\")")).name())
                .isEqualTo("provider::azurerm::normalise_resource_id");
    }

    @Test
    void operatorsFollowHclPrecedence() {
        Expr.Conditional c = (Expr.Conditional) expr("1 + 2 * 3 > 4 && !false || x == \"y\" ? -1 : (2)");
        Expr.Binary or = (Expr.Binary) c.condition();
        assertThat(or.op()).isEqualTo("||");
        Expr.Binary and = (Expr.Binary) or.left();
        assertThat(and.op()).isEqualTo("&&");
        Expr.Binary gt = (Expr.Binary) and.left();
        assertThat(gt.op()).isEqualTo(">");
        Expr.Binary plus = (Expr.Binary) gt.left();
        assertThat(plus.op()).isEqualTo("+");
        assertThat(((Expr.Binary) plus.right()).op()).isEqualTo("*");
        assertThat(and.right()).isInstanceOf(Expr.Unary.class);
        assertThat(c.whenTrue()).isInstanceOf(Expr.Unary.class);
        assertThat(c.whenFalse()).isInstanceOf(Expr.Paren.class);
    }

    @Test
    void forExpressions() {
        Expr.For list = (Expr.For) expr("[for s in var.list : upper(s) if s != \"\"]");
        assertThat(list.object()).isFalse();
        assertThat(list.valueVar()).isEqualTo("s");
        assertThat(list.condition()).isNotNull();
        Expr.For map = (Expr.For) expr("{\n  for k, v in var.m :\n  k => v...\n}");
        assertThat(map.object()).isTrue();
        assertThat(map.keyVar()).isEqualTo("k");
        assertThat(map.grouping()).isTrue();
    }

    @Test
    void tfvarsAreAttributesOnly() {
        HclFile f = HclParser.parse("t/dev.tfvars", "project = \"x\"\ntags = {\n  a = \"b\"\n}\nlist = [\"a\", \"b\"]\n");
        assertThat(f.errors()).isEmpty();
        assertThat(f.body().attributes()).extracting(Attribute::name).containsExactly("project", "tags", "list");
        assertThat(f.body().attributes().get(2).location().line()).isEqualTo(5);
    }

    @Test
    void oneLineBlocks() {
        HclFile f = parse("provider \"azurerm\" {\n  features {}\n}\nvariable \"x\" { type = string }\n");
        assertThat(f.errors()).isEmpty();
        assertThat(f.body().blocks().get(0).block("features")).isPresent();
        assertThat(f.body().blocks().get(1).attribute("type")).isPresent();
    }

    // ------------------------------------------------------------------ errors

    @Test
    void malformedHclNamesTheLineAndKeepsTheRest() {
        HclFile f = parse("""
                variable "a" {
                  type = string
                }

                resource "azurerm_key_vault" "kv" {
                  sku_name = = "standard"
                }

                output "o" {
                  value = 1
                }
                """);
        assertThat(f.errors()).hasSize(1);
        assertThat(f.errors().get(0).line()).isEqualTo(6);
        assertThat(f.errors().get(0).file()).isEqualTo("t/main.tf");
        assertThat(f.broken().get(0).type()).isEqualTo("resource");
        assertThat(f.broken().get(0).labels()).containsExactly("azurerm_key_vault", "kv");
        assertThat(f.body().blocks()).extracting(Block::type).containsExactly("variable", "output");
    }

    @Test
    void anUnterminatedStringIsReportedOnItsLine() {
        HclFile f = HclParser.parse("t/dev.tfvars", "a = \"x\"\nowner = \"platform\nb = 2\n");
        assertThat(f.errors()).hasSize(1);
        assertThat(f.errors().get(0).line()).isEqualTo(2);
        assertThat(f.errors().get(0).message()).contains("unterminated string");
        assertThat(f.body().attributes()).extracting(Attribute::name).containsExactly("a", "b");
    }

    @Test
    void anUnterminatedHeredocIsReportedWhereItOpens() {
        HclFile f = parse("""
                variable "a" {
                  description = <<-EOT
                    text
                  EOX
                }
                """);
        assertThat(f.errors()).hasSize(1);
        assertThat(f.errors().get(0).line()).isEqualTo(2);
        assertThat(f.errors().get(0).message()).contains("unterminated heredoc").contains("EOT");
        assertThat(f.broken().get(0).type()).isEqualTo("variable");
    }

    @Test
    void anUnclosedBlockIsReportedWhereItOpensAndLaterBlocksAreRecovered() {
        HclFile f = parse("""
                locals {
                  a = 1

                resource "azurerm_resource_group" "rg" {
                  name = "x"
                }
                """);
        assertThat(f.errors()).hasSize(1);
        assertThat(f.errors().get(0).line()).isEqualTo(1);
        assertThat(f.errors().get(0).message()).contains("unclosed block").contains("locals");
        assertThat(f.body().blocks()).extracting(Block::type).containsExactly("resource");
    }

    @Test
    void otherErrors() {
        assertThatThrownBy(() -> expr("\"${var.x\"")).isInstanceOf(HclSyntaxException.class);
        assertThatThrownBy(() -> expr("f(1 2)")).isInstanceOf(HclSyntaxException.class)
                .hasMessageContaining("expected ',' or ')'");
        assertThatThrownBy(() -> expr("'single'")).isInstanceOf(HclSyntaxException.class).hasMessageContaining("double quotes");
        assertThatThrownBy(() -> expr("\"%{ if true }x\"")).isInstanceOf(HclSyntaxException.class).hasMessageContaining("endif");
        HclFile comment = parse("a = 1\n/* never closed\n");
        assertThat(comment.errors()).hasSize(1);
        assertThat(comment.errors().get(0).line()).isEqualTo(2);
        HclFile garbage = parse("resource \"a\" \"b\" {\n  x = 1\n}\n@@@\nlocals {\n  y = 2\n}\n");
        assertThat(garbage.errors()).hasSize(1);
        assertThat(garbage.errors().get(0).line()).isEqualTo(4);
        assertThat(garbage.body().blocks()).extracting(Block::type).containsExactly("resource", "locals");
        List<String> messages = parse("x = \n").errors().stream().map(e -> e.message()).toList();
        assertThat(messages).singleElement().asString().contains("expected an expression");
    }
}
