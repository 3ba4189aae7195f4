package dev.fullchain.selftest.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.Mutant;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.selftest.azure.LiveMutants.LiveMutant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves each live Azure criterion can fail. A live mutant (live-mutants/*.yaml) is a mutant
 * in the usual format (why, kills, also, mentions, edits of the fixtures) plus {@code fake:},
 * edits of the fake Azure's canned state by dotted path ({@code registry.properties.adminUserEnabled: true};
 * null removes: {@code registry: null}). The Day 2 live checks run against the mutated copy and
 * that fake: the killed criteria fail naming what the mutant says, every other live criterion
 * passes, and only GETs (plus the token request) reach the fake.
 */
@Tag("selftest")
class LiveMutantsTest {

    @TestFactory
    Stream<DynamicTest> everyLiveMutantKillsItsCriteria() {
        List<LiveMutant> all = LiveMutants.all();
        assertThat(all).as("live mutants under live-mutants/").hasSizeGreaterThanOrEqualTo(3);
        return all.stream().map(m -> DynamicTest.dynamicTest(m.mutant().name() + " — " + m.mutant().why()
                + " → kills " + m.mutant().kills(), () -> judge(m)));
    }

    @org.junit.jupiter.api.Test
    void everyLiveCriterionHasALiveMutant() {
        assertThat(LiveMutants.all().stream().flatMap(m -> m.mutant().kills().stream()).distinct().toList())
                .containsAll(LiveChecksAgainstFakeTest.LIVE);
    }

    static void judge(LiveMutant live) throws IOException {
        Mutant mutant = live.mutant();
        Path work = Files.createTempDirectory("fullchain-live-mutant-");
        try (FakeAzure fake = FakeAzure.start()) {
            live.fake().forEach(fake::set);
            Path target = mutant.materialise(Fixtures.root(), work);
            Map<String, Outcome> outcomes = LiveChecksAgainstFakeTest.run(target, fake.params());
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(LiveChecksAgainstFakeTest.LIVE);
            for (String id : mutant.kills()) {
                Outcome o = outcomes.get(id);
                assertThat(o.status()).as("%s should make %s fail, but it %s: %s", mutant.name(), id, o.status(), o.message())
                        .isEqualTo(mutant.outcome());
                assertThat(o.message()).as("the failure message of %s", id).contains(id).contains("hint:");
                for (String needle : mutant.mentions()) {
                    assertThat(o.message()).as("the failure message of %s should name %s", id, needle).contains(needle);
                }
                assertThat(o.message()).doesNotContain(FakeAzure.CLIENT_SECRET);
            }
            assertThat(outcomes.values()).filteredOn(o -> !mutant.kills().contains(o.criterion()) && !mutant.also().contains(o.criterion()))
                    .as("%s: the other live criteria pass", mutant.name())
                    .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            LiveChecksAgainstFakeTest.assertOnlyReads(fake);
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
