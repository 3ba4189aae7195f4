package dev.fullchain.selftest.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.criteria.Tier;
import dev.fullchain.env.Environments;
import dev.fullchain.selection.Selection;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.selftest.HarnessRun;
import dev.fullchain.selftest.Outcome;
import dev.fullchain.target.Target;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Day 2 live checks against the local fake Azure, through the SDK's own configuration
 * (endpoints, Entra ID client credentials, trust store): the reference fixtures pass, only
 * GETs (and the token request) ever reach Azure, no login skips, live off skips.
 */
@Tag("selftest")
class LiveChecksAgainstFakeTest {

    static final List<String> LIVE = List.of("D2.AZ.STATE", "D2.AZ.ACR", "D2.AZ.KEYVAULT", "D2.AZ.BUDGET");
    static final Selection DAY2_LIVE = new Selection(Set.of(2), EnumSet.of(Tier.LIVE));

    static Map<String, Outcome> run(Path target, Map<String, String> params) {
        try {
            return HarnessRun.run(target, DAY2_LIVE, params);
        } finally {
            Environments.closeFor(Target.open(target));
        }
    }

    @Test
    void referenceFixturesPassAgainstAFakeHoldingWhatTheyDeclare() {
        try (FakeAzure fake = FakeAzure.start()) {
            Map<String, Outcome> outcomes = run(Fixtures.root(), fake.params());
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(LIVE);
            assertThat(outcomes.values()).allSatisfy(o ->
                    assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.PASSED));
            assertOnlyReads(fake);
            assertThat(fake.requests()).filteredOn(fake::isTokenRequest).as("a token was asked for").isNotEmpty();
            assertThat(fake.requests()).filteredOn(r -> r.method().equals("GET"))
                    .as("every Azure read carries the token the fake's Entra ID issued").allMatch(FakeAzure.Request::bearer)
                    .extracting(FakeAzure.Request::path)
                    .contains("/subscriptions/" + FakeAzure.SUBSCRIPTION + "/resourceGroups/rg-fullchain-dev/providers/Microsoft.ContainerRegistry/registries/acrfullchaindev7f3a",
                            "/subscriptions/" + FakeAzure.SUBSCRIPTION + "/resourceGroups/rg-fullchain-dev/providers/Microsoft.KeyVault/vaults/kv-fullchain-dev-7f3a",
                            "/subscriptions/" + FakeAzure.SUBSCRIPTION + "/resourceGroups/rg-fullchain-tfstate/providers/Microsoft.Storage/storageAccounts/stfullchaintfstate7f3a/blobServices/default",
                            "/stfullchaintfstate7f3a/tfstate");
        }
    }

    @Test
    void aRefusedLoginSkipsEveryLiveCheckWithTheWayToLogIn() {
        try (FakeAzure fake = FakeAzure.start().refusingLogin()) {
            Map<String, Outcome> outcomes = run(Fixtures.root(), fake.params());
            assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(LIVE);
            assertThat(outcomes.values()).allSatisfy(o -> {
                assertThat(o.status()).as("%s", o).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).startsWith("no Azure login: run `az login`").contains("AZURE_CLIENT_ID");
                assertThat(o.message()).doesNotContain(FakeAzure.CLIENT_SECRET);
            });
            assertThat(fake.requests()).as("nothing but the token request reached Azure").allMatch(fake::isTokenRequest);
        }
    }

    @Test
    void withoutLiveAzureTheChecksAreSkippedAndAzureIsNotContacted() {
        try (FakeAzure fake = FakeAzure.start()) {
            Map<String, String> params = new HashMap<>(fake.params());
            params.put("live", "github");
            Map<String, Outcome> outcomes = run(Fixtures.root(), params);
            assertThat(outcomes.values()).hasSize(LIVE.size()).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(Outcome.Status.SKIPPED);
                assertThat(o.message()).contains("-Dlive=azure");
            });
            assertThat(fake.requests()).isEmpty();
        }
    }

    static void assertOnlyReads(FakeAzure fake) {
        assertThat(fake.requests()).as("requests sent to the fake Azure").isNotEmpty()
                .allSatisfy(r -> assertThat(r.method().equals("GET") || fake.isTokenRequest(r))
                        .as("only GETs and the token request: %s", r).isTrue());
    }
}
