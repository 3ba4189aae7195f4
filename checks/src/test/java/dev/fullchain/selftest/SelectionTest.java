package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.criteria.Tier;
import dev.fullchain.selection.Selection;
import java.util.EnumSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class SelectionTest {

    @Test
    void daysAcceptOneARangeAListOrAll() {
        assertThat(Selection.parse("1", null).days()).containsExactly(1);
        assertThat(Selection.parse("1-3", null).days()).containsExactly(1, 2, 3);
        assertThat(Selection.parse("1,3-4,7", null).days()).containsExactly(1, 3, 4, 7);
        assertThat(Selection.parse("all", null).days()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(Selection.parse(null, null).days()).hasSize(7);
    }

    @Test
    void tiersUseTheSameSyntaxInTheirOrder() {
        assertThat(Selection.parse(null, "static").tiers()).containsExactly(Tier.STATIC);
        assertThat(Selection.parse(null, "static-cluster").tiers()).containsExactly(Tier.STATIC, Tier.DOCKER, Tier.CLUSTER);
        assertThat(Selection.parse(null, "static,live").tiers()).containsExactly(Tier.STATIC, Tier.LIVE);
        assertThat(Selection.parse(null, "all").tiers()).isEqualTo(EnumSet.allOf(Tier.class));
    }

    @Test
    void wrongValuesSayWhatIsWrongInOneLine() {
        assertThatThrownBy(() -> Selection.parse("9", null)).hasMessage("-Dday=9: '9' is not a day (1 to 7)");
        assertThatThrownBy(() -> Selection.parse("abc", null)).hasMessage("-Dday=abc: 'abc' is not a day (1 to 7)");
        assertThatThrownBy(() -> Selection.parse("3-1", null)).hasMessage("-Dday=3-1: the range 3-1 goes backwards");
        assertThatThrownBy(() -> Selection.parse(null, "kube")).hasMessage("-Dtier=kube: not a tier: 'kube' (static, docker, cluster, live)");
    }
}
