package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.selftest.azure.LiveMutants;
import dev.fullchain.selftest.cluster.ClusterMutants;
import dev.fullchain.selftest.github.GitHubLiveMutants;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The catalog, the checks and the mutants agree: nothing catalogued is unchecked or unkillable. */
@Tag("selftest")
class CatalogCoverageTest {

    private static Set<String> checkedIds() {
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false).build());
        var request = LauncherDiscoveryRequestBuilder.request();
        for (int day = 1; day <= 7; day++) {
            request.selectors(selectPackage("dev.fullchain.day" + day));
        }
        TestPlan plan = launcher.discover(request.build());
        Set<String> ids = new TreeSet<>();
        plan.getRoots().forEach(root -> plan.getDescendants(root).forEach(id -> id.getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getJavaMethod().getAnnotation(Criterion.class))
                .ifPresent(c -> ids.add(c.value()))));
        return ids;
    }

    private static Set<String> catalogIds() {
        return Catalog.get().all().stream().map(CriterionSpec::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyCataloguedCriterionHasACheck() {
        Set<String> missing = new TreeSet<>(catalogIds());
        missing.removeAll(checkedIds());
        assertThat(missing).as("criteria in criteria.yaml with no @Criterion check").isEmpty();
    }

    @Test
    void everyCheckNamesACataloguedCriterion() {
        Set<String> unknown = new TreeSet<>(checkedIds());
        unknown.removeAll(catalogIds());
        assertThat(unknown).as("@Criterion IDs that are not in criteria.yaml").isEmpty();
    }

    @Test
    void everyCriterionHasAMutantThatKillsIt() {
        Set<String> killed = Fixtures.allMutants().stream().flatMap(m -> m.kills().stream()).collect(Collectors.toSet());
        // Live criteria are killed by changes to the fake cloud's state (live-mutants/).
        LiveMutants.all().forEach(m -> killed.addAll(m.mutant().kills()));
        // Cluster criteria are killed by chart defects and cluster faults on the mock cluster (cluster-mutants/).
        ClusterMutants.all().forEach(m -> killed.addAll(m.mutant().kills()));
        ClusterMutants.day5().forEach(m -> killed.addAll(m.mutant().kills()));
        // Live GitHub criteria are killed by changes to the fake GitHub's state (github-live-mutants/).
        GitHubLiveMutants.all().forEach(m -> killed.addAll(m.mutant().kills()));
        Set<String> unkilled = new TreeSet<>(catalogIds());
        unkilled.removeAll(killed);
        // The one criterion fullchain never judges: always skipped with its reason (it reads no traces), so never passed either.
        unkilled.remove("D5.RUN.TRACES");
        assertThat(unkilled).as("criteria no mutant (mutants/, live-mutants/, cluster-mutants/, cluster-mutants-day5/ or"
                + " github-live-mutants/) makes fail").isEmpty();
    }

    @Test
    void everyCriterionHasAHintAndATitle() {
        assertThat(Catalog.get().all()).allSatisfy(spec -> {
            assertThat(spec.title()).as(spec.id() + " title").isNotBlank();
            assertThat(spec.hint()).as(spec.id() + " hint").hasSizeGreaterThan(40);
        });
    }
}
