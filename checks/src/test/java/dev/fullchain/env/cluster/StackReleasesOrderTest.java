package dev.fullchain.env.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The order fullchain installs a helmfile's releases on k3s in: needs: first, whatever the order they are written in. */
@Tag("selftest")
class StackReleasesOrderTest {

    @Test
    void aReleaseComesAfterWhatItNeedsAndEachComesOnce() {
        List<HelmfileRelease> written = new ArrayList<>(HelmCharts.load(Target.open(Fixtures.root())).helmfile().orElseThrow().releases());
        Collections.reverse(written);
        assertThat(written).extracting(HelmfileRelease::name).containsExactly("fullchain", "alloy", "loki", "kube-prometheus-stack");

        List<String> order = StackReleases.ordered(written).stream().map(HelmfileRelease::name).toList();

        assertThat(order).containsExactlyInAnyOrder("fullchain", "alloy", "loki", "kube-prometheus-stack");
        assertThat(order.indexOf("kube-prometheus-stack")).as("the app needs monitoring/kube-prometheus-stack").isLessThan(order.indexOf("fullchain"));
        assertThat(order.indexOf("loki")).as("alloy needs monitoring/loki").isLessThan(order.indexOf("alloy"));
    }
}
