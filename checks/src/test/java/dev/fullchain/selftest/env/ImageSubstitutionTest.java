package dev.fullchain.selftest.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.env.ImageSubstitution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class ImageSubstitutionTest {

    @Test
    void pairsMapImagesWrittenAnyEquivalentWay() {
        ImageSubstitution s = ImageSubstitution.parse(" postgres:15-bookworm=fullchain/postgres-standin:15 , redis=local/redis:7", "FULLCHAIN_SUBSTITUTE");
        assertThat(s.replacementFor("postgres:15-bookworm")).contains("fullchain/postgres-standin:15");
        assertThat(s.replacementFor("docker.io/library/postgres:15-bookworm")).contains("fullchain/postgres-standin:15");
        assertThat(s.replacementFor("redis:latest")).contains("local/redis:7");
        assertThat(s.replacementFor("postgres:16")).isEmpty();
        assertThat(s.source()).isEqualTo("FULLCHAIN_SUBSTITUTE");
    }

    @Test
    void nothingIsReplacedUnlessAskedFor() {
        assertThat(ImageSubstitution.none().replacementFor("postgres:15-bookworm")).isEmpty();
        assertThat(ImageSubstitution.parse("", "-Dsubstitute").isEmpty()).isTrue();
    }

    @Test
    void aMalformedPairIsRefusedInOneLine() {
        assertThatThrownBy(() -> ImageSubstitution.parse("postgres:15", "-Dsubstitute"))
                .hasMessage("-Dsubstitute=postgres:15: 'postgres:15' is not image=replacement (e.g. postgres:15-bookworm=fullchain/postgres-standin:15)");
        assertThatThrownBy(() -> ImageSubstitution.parse("a=", "-Dsubstitute")).hasMessageContaining("'a=' is not image=replacement");
    }
}
