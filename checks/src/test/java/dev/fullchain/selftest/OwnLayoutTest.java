package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Tier;
import dev.fullchain.selection.Selection;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner's repository with its own service names passes once fullchain.yaml says which
 * is which, and fails (saying what it looked for) without it; a malformed fullchain.yaml is a
 * bad-input mutant.
 */
@Tag("selftest")
class OwnLayoutTest {

    private static final String RELAYOUT = """
            why: the services have the learner's own names (replace renames depends_on too)
            kills: [D1.APP.LAYOUT]
            edits:
              - {file: app/compose.yaml, replace: "  db:\\n", with: "  postgres:\\n"}
              - {file: app/compose.yaml, replace: "  api:\\n", with: "  backend:\\n"}
              - {file: app/compose.yaml, replace: "  frontend:\\n", with: "  web:\\n"}
            """;

    @Test
    void fullchainYamlMapsAnotherLayout(@TempDir Path tmp) {
        Selection staticDay1 = new Selection(Set.of(1), EnumSet.of(Tier.STATIC));

        Path unmapped = Mutant.parse("layout/unmapped", RELAYOUT).materialise(Fixtures.root(), tmp.resolve("a"));
        Map<String, Outcome> without = HarnessRun.run(unmapped, staticDay1);
        assertThat(without.get("D1.APP.LAYOUT").status()).as("renamed services without fullchain.yaml").isEqualTo(Outcome.Status.FAILED);
        assertThat(without.get("D1.APP.LAYOUT").message()).contains("frontend");

        Path mapped = Mutant.parse("layout/mapped", RELAYOUT + """
                  - file: fullchain.yaml
                    write: "compose: app/compose.yaml\\nservices: {frontend: web, api: backend, db: postgres}\\n"
                """).materialise(Fixtures.root(), tmp.resolve("b"));
        Map<String, Outcome> with = HarnessRun.run(mapped, staticDay1);
        assertThat(with.values()).as("every Day 1 static criterion, with the names mapped").hasSize(11)
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(Outcome.Status.PASSED));
    }

    /** One broken part of fullchain.yaml blocks the criteria that need what it maps, said with its line, and no other. */
    @Test
    void aBrokenKeyBlocksOnlyWhatItMaps(@TempDir Path tmp) {
        Selection staticDays = new Selection(Set.of(1, 2, 4), EnumSet.of(Tier.STATIC));
        Path broken = Mutant.parse("layout/broken-terraform", """
                why: the terraform key of fullchain.yaml is misspelt under it
                kills: []
                edits:
                  - file: fullchain.yaml
                    write: "compose: app/compose.yaml\\nterraform: {roots: terraform}\\n"
                """).materialise(Fixtures.root(), tmp.resolve("a"));
        Map<String, Outcome> run = HarnessRun.run(broken, staticDays);
        assertThat(run).isNotEmpty();
        run.forEach((id, o) -> {
            if (id.startsWith("D2.")) {
                assertThat(o.status()).as(o.toString()).isEqualTo(Outcome.Status.BLOCKED);
                assertThat(o.message()).as(id).contains("fullchain.yaml:2").contains("unknown key 'terraform.roots'");
            } else {
                assertThat(o.status()).as(o.toString()).isEqualTo(Outcome.Status.PASSED);
            }
        });
    }

    /** A misspelt top-level key blocks the key it was meant to be; a file that does not parse blocks the keys it shows. */
    @Test
    void aMisspeltKeyOrASyntaxErrorBlocksTheKeysItConcerns(@TempDir Path tmp) {
        Selection staticDays = new Selection(Set.of(1, 3), EnumSet.of(Tier.STATIC));
        Path misspelt = Mutant.parse("layout/misspelt", """
                why: chart is misspelt
                kills: []
                edits:
                  - {file: fullchain.yaml, write: "chrat: charts/fullchain-app\\n"}
                """).materialise(Fixtures.root(), tmp.resolve("a"));
        Map<String, Outcome> run = HarnessRun.run(misspelt, staticDays);
        run.forEach((id, o) -> {
            if (id.startsWith("D3.")) {
                assertThat(o.status()).as(o.toString()).isEqualTo(Outcome.Status.BLOCKED);
                assertThat(o.message()).as(id).contains("unknown key 'chrat' (did you mean 'chart'?)");
            } else {
                assertThat(o.status()).as(o.toString()).isEqualTo(Outcome.Status.PASSED);
            }
        });

        Path unparsable = Mutant.parse("layout/unparsable", """
                why: the compose key's value is not closed
                kills: []
                edits:
                  - {file: fullchain.yaml, write: "compose: [unclosed\\n"}
                """).materialise(Fixtures.root(), tmp.resolve("b"));
        Map<String, Outcome> second = HarnessRun.run(unparsable, staticDays);
        // The compose criteria need the compose file it names; the image checks still judge the Dockerfiles found by layout.
        second.forEach((id, o) -> assertThat(o.status()).as(o.toString())
                .isEqualTo(id.startsWith("D1.COMPOSE.") || id.equals("D1.APP.LAYOUT") ? Outcome.Status.BLOCKED : Outcome.Status.PASSED));
    }
}
