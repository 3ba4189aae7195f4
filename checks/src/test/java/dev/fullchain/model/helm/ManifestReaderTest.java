package dev.fullchain.model.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rendered document is read through the one bounded YAML reader: a template can print
 * anchors and aliases, and a billion laughs there is refused by what it expands to, while
 * ordinary aliases (more than SnakeYAML's default 50) read as before.
 */
@Tag("selftest")
class ManifestReaderTest {

    @Test
    void aRenderedBillionLaughsIsRefusedByWhatItExpandsTo() {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n");
        b.append("a0: &a0 [\"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 9; k++) {
                b.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        b.append("data: *a9\n");
        long start = System.nanoTime();
        assertThatThrownBy(() -> ManifestReader.read(b.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expands to more than 250000 nodes");
        assertThat(System.nanoTime() - start).as("refused before anything is expanded").isLessThan(5_000_000_000L);
    }

    @Test
    void oneAnchorMergedIntoManyObjectsReadsAsBefore() {
        StringBuilder b = new StringBuilder("apiVersion: v1\nkind: List\nx-labels: &labels {app: web, tier: front}\nitems:\n");
        for (int i = 0; i < 55; i++) {
            b.append("  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c").append(i)
                    .append("\n      labels:\n        <<: *labels\n        n: \"").append(i).append("\"\n");
        }
        List<HasMetadata> objects = ManifestReader.read(b.toString());
        assertThat(objects).hasSize(55).allSatisfy(o -> {
            assertThat(o).isInstanceOf(ConfigMap.class);
            assertThat(o.getMetadata().getLabels()).containsEntry("app", "web").containsEntry("tier", "front");
        });
    }

    @Test
    void aRepeatedKeyKeepsTheLastValueAsHelmDoes() {
        List<HasMetadata> objects = ManifestReader.read("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  name: last\n");
        assertThat(objects).singleElement().satisfies(o -> assertThat(o.getMetadata().getName()).isEqualTo("last"));
    }

    @Test
    void invalidYamlSaysTheLineOfTheRenderedDocument() {
        assertThatThrownBy(() -> ManifestReader.read("apiVersion: v1\nkind: [unclosed\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not valid YAML").hasMessageContaining("of the rendered document");
    }
}
