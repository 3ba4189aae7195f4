package dev.fullchain.selftest.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.secrets.Secrets;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Masking hides real secrets wherever they stand as a token, and garbles nothing else. */
@Tag("selftest")
class MaskingTest {

    @Test
    void aHighEntropySecretIsMaskedWhereverItStandsAsAToken() {
        String secret = "Qz7-" + UUID.randomUUID();
        Secrets.register(secret);
        assertThat(Secrets.mask("password=" + secret + "; url postgres://app:" + secret + "@db:5432/app \"" + secret + "\""))
                .doesNotContain(secret)
                .isEqualTo("password=****; url postgres://app:****@db:5432/app \"****\"");
    }

    @Test
    void weakPlaceholdersAreNotSecretsToHide() {
        for (String weak : new String[] {"backend", "example", "postgres", "changeme", "change-me-local-only", "Password123", "s3cr", "api"}) {
            assertThat(Secrets.isWeakPlaceholder(weak)).as(weak).isTrue();
            Secrets.register(weak);
        }
        String text = "app/backend/Dockerfile:3 — the example api image; see postgres and changeme";
        assertThat(Secrets.mask(text)).isEqualTo(text);
    }

    @Test
    void aSecretInsideALongerWordIsNotMaskedThere() {
        String secret = "K9x" + UUID.randomUUID().toString().substring(0, 8);
        Secrets.register(secret);
        assertThat(Secrets.mask("/home/" + secret + "x/work")).as("part of a longer word").contains(secret);
        assertThat(Secrets.mask("/home/" + secret + "/work")).as("a path segment of its own").isEqualTo("/home/****/work");
    }

    @Test
    void strongValuesAreSecrets() {
        for (String strong : new String[] {"pl4nted-Db-Passw0rd-7391", "Tr0ub4dor&3x", "ghp_a1B2c3D4e5F6g7H8"}) {
            assertThat(Secrets.isWeakPlaceholder(strong)).as(strong).isFalse();
        }
    }
}
