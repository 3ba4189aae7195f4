package dev.fullchain.selftest.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.secrets.SecretPositions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every secret position of the hostile-input issue yields its value; references, paths and plain settings yield nothing. */
@Tag("selftest")
class SecretPositionsTest {

    private static final String S = "Xq7-v9Lm2-Tr4p";

    @Test
    void valuesInSecretPositionsAreFound() {
        assertThat(SecretPositions.valuesIn("POSTGRES_PASSWORD=" + S)).containsExactly(S);
        assertThat(SecretPositions.valuesIn("  password: " + S + "   # the db")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("  db: {user: app, password: \"" + S + "\"}")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("client_secret = \"" + S + "\"")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("{\"apiKey\": \"" + S + "\"}")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("ARG DB_PASSWORD=" + S)).containsExactly(S);
        assertThat(SecretPositions.valuesIn("ENV DB_PASSWORD " + S)).containsExactly(S);
        assertThat(SecretPositions.valuesIn("az login --service-principal -u app -p " + S + " --tenant t")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("docker login -u me -p=" + S + " acr.io")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("az ad sp create --client-secret '" + S + "'")).containsExactly(S);
        assertThat(SecretPositions.valuesIn("helm registry login --password=" + S)).containsExactly(S);
        assertThat(SecretPositions.valuesIn("DATABASE_URL: postgresql://app:" + S + "@db:5432/app")).contains(S);
    }

    @Test
    void referencesPathsAndSettingsAreNotValues() {
        assertThat(SecretPositions.valuesIn("POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}")).isEmpty();
        assertThat(SecretPositions.valuesIn("POSTGRES_PASSWORD_FILE: /run/secrets/db_password")).isEmpty();
        assertThat(SecretPositions.valuesIn("password: {{ .Values.db.password | quote }}")).isEmpty();
        assertThat(SecretPositions.valuesIn("ARM_CLIENT_SECRET: ${{ secrets.ARM_CLIENT_SECRET }}")).isEmpty();
        assertThat(SecretPositions.valuesIn("  client_secret = var.client_secret")).isEmpty();
        assertThat(SecretPositions.valuesIn("  value = azurerm_key_vault_secret.db.value")).isEmpty();
        assertThat(SecretPositions.valuesIn("secret_permissions = [\"Get\", \"List\"]")).isEmpty();
        assertThat(SecretPositions.valuesIn("  secretKeyRef:")).isEmpty();
        assertThat(SecretPositions.valuesIn("docker run -p 8080:80 nginx")).isEmpty();
        assertThat(SecretPositions.valuesIn("mkdir -p build/out")).isEmpty();
        assertThat(SecretPositions.valuesIn("token_url: https://login.example.com/oauth2/token")).isEmpty();
        assertThat(SecretPositions.valuesIn("DATABASE_URL: postgresql://app:${POSTGRES_PASSWORD}@db:5432/app")).isEmpty();
        assertThat(SecretPositions.valuesIn("image: ghcr.io/acme/api:1.2.3")).isEmpty();
    }
}
