package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.Service;
import dev.fullchain.selftest.YamlBombs;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.YamlSyntax;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;

@Tag("selftest")
class YamlSyntaxTest {

    /** One x-common anchor merged into {@code n} services, as large compose files do. */
    static String mergedIntoServices(int n) {
        StringBuilder b = new StringBuilder("""
                x-common: &common
                  restart: unless-stopped
                  image: busybox:1.36.1
                  environment:
                    TZ: UTC
                services:
                """);
        for (int i = 0; i < n; i++) {
            b.append("  worker-").append(i).append(":\n    <<: *common\n    ports: [\"127.0.0.1:").append(9000 + i).append(":80\"]\n");
        }
        return b.toString();
    }

    @Test
    void manyAliasesOfOneAnchorAreOrdinaryYaml() throws YamlSyntax.Error {
        // SnakeYAML's default refuses more than 50 aliases; 55 services merging one anchor is valid compose.
        assertThat(YamlSyntax.compose(mergedIntoServices(55))).isInstanceOf(MappingNode.class);
        ComposeProject c = ComposeProject.parse(new SourceFile("compose.yaml", mergedIntoServices(55)));
        assertThat(c.services()).hasSize(55);
        assertThat(c.services()).allSatisfy(s -> assertThat(s.image()).get().hasToString("busybox:1.36.1"));
        assertThat(c.services()).extracting(Service::name).contains("worker-0", "worker-54");
    }

    @Test
    void theBillionLaughsIsRefusedByWhatItExpandsTo() {
        assertThatThrownBy(() -> YamlSyntax.compose(YamlBombs.laughs("services"))).isInstanceOf(YamlSyntax.Error.class)
                .hasMessageContaining("expands to more than " + YamlSyntax.MAX_EXPANDED_NODES + " nodes through aliases");
        // The model names the file.
        assertThatThrownBy(() -> ComposeProject.parse(new SourceFile("app/compose.yaml", YamlBombs.laughs("services"))))
                .isInstanceOfSatisfying(BadInput.class, b -> {
                    assertThat(b.location().path()).isEqualTo("app/compose.yaml");
                    assertThat(b.problem()).contains("expands to more than");
                });
        assertThatThrownBy(() -> YamlSyntax.load(YamlBombs.laughs("services"), true)).hasMessageContaining("expands to more than");
        assertThatThrownBy(() -> YamlSyntax.composeAll("a: 1\n---\n" + YamlBombs.laughs("services"), false)).hasMessageContaining("expands to more than");
    }

    @Test
    void justUnderTheBoundIsRead() throws YamlSyntax.Error {
        // Four levels of ten aliases of a ten-item list: about 10^5 nodes, under the bound.
        StringBuilder b = new StringBuilder("a0: &a0 [" + "x, ".repeat(9) + "x]\n");
        for (int i = 1; i <= 4; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1))))
                    .append("]\n");
        }
        assertThat(YamlSyntax.load(b.toString(), false)).isInstanceOf(Map.class);
    }

    @Test
    void anAliasChainDeeperThanTheBoundIsRefused() {
        StringBuilder b = new StringBuilder("a0: &a0 [x]\n");
        for (int i = 1; i <= YamlSyntax.MAX_EXPANDED_DEPTH + 5; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> YamlSyntax.compose(b.toString())).hasMessageContaining("nests deeper than");
    }

    @Test
    void aValueThatContainsItselfIsRefused() {
        assertThatThrownBy(() -> YamlSyntax.compose("a: &a [1, *a]\n")).hasMessageContaining("expands without end");
    }

    @Test
    void tenThousandNestedFlowSequencesAreASyntaxErrorNotAStackOverflow() {
        String deep = "services: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThatThrownBy(() -> YamlSyntax.compose(deep)).isInstanceOf(YamlSyntax.Error.class);
    }

    @Test
    void duplicateKeysAreRefusedUnlessAsked() throws YamlSyntax.Error {
        assertThatThrownBy(() -> YamlSyntax.load("a: 1\na: 2\n", false)).isInstanceOf(YamlSyntax.Error.class);
        assertThat(YamlSyntax.load("a: 1\na: 2\n", true)).isEqualTo(Map.of("a", 2));
        assertThat(YamlSyntax.composeAll("a: 1\n---\n---\nb: [1]\n", false)).hasSize(2);
        assertThat(YamlSyntax.load("", false)).isNull();
        assertThat(YamlSyntax.load("- 1\n", false)).isEqualTo(List.of(1));
    }
}
