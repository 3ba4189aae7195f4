package dev.fullchain.model.docker;

import java.util.regex.Pattern;

/**
 * The names Docker's own build check SecretsUsedInArgOrEnv flags in ARG and ENV, copied
 * from moby/buildkit, frontend/dockerfile/dockerfile2llb/validations.go (getSecretsRegex,
 * validateNoSecretKey): a name whose first or last word, or whole value, is one of the
 * secret tokens, unless a word is one of the allowed tokens. Case-insensitive; words are
 * separated by '_'. So NPM_TOKEN, DB_PASSWORD, API_KEY, AUTH and SECRET_MESSAGE are
 * flagged; DB_PASSWORD_FILE, PUBLIC_KEY, TOKEN_VERSION and KEYCLOAK_URL are not.
 */
public final class SecretNames {

    private static final Pattern DENY = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern ALLOW = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");

    private SecretNames() {
    }

    /** Whether BuildKit's SecretsUsedInArgOrEnv check warns on an ARG or ENV of this name. */
    public static boolean flaggedByBuildCheck(String key) {
        return DENY.matcher(key).find() && !ALLOW.matcher(key).find();
    }
}
