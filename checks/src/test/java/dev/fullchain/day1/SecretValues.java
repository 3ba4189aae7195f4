package dev.fullchain.day1;

import dev.fullchain.secrets.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Secret-looking values wherever they are written: a secret key with a literal value, token shapes, password=..., URLs with a password. */
final class SecretValues {

    private SecretValues() {
    }

    /**
     * Keys that only point at or describe a secret: DB_PASSWORD_FILE names a file holding it,
     * TOKEN_URL where to get one, SECRET_NAME which one, PASSWORD_MIN_LENGTH a rule.
     */
    static final Pattern NOT_A_SECRET_KEY = Pattern.compile(
            "(?i).*_(FILE|PATH|DIR|FILENAME|URL|URI|ENDPOINT|HOST|PORT|NAME|LENGTH|TTL|TIMEOUT|ENABLED)$");
    /** Numbers and switches are settings, not secrets. */
    private static final Pattern NOT_A_SECRET_VALUE = Pattern.compile("(?i)\\d+|true|false|yes|no|on|off");
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)(passw(or)?d|pwd|secret|token|api[_-]?key)\\s*[=:]\\s*([^\\s&;,'\"]{4,})");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/\\s:@]+:([^@\\s/]+)@");
    private static final Map<String, Pattern> TOKEN_SHAPES = tokenShapes();

    private static Map<String, Pattern> tokenShapes() {
        Map<String, Pattern> m = new LinkedHashMap<>();
        m.put("an AWS access key id (AKIA...)", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"));
        m.put("a private key (-----BEGIN ... PRIVATE KEY-----)", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));
        m.put("a GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\\b"));
        m.put("a Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"));
        m.put("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"));
        m.put("a Stripe secret key", Pattern.compile("\\b[sr]k_live_[0-9A-Za-z]{16,}\\b"));
        m.put("a JSON web token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"));
        return m;
    }

    static Optional<String> secretKeyWithValue(String key, String value) {
        if (Secrets.isSecretKey(key) && !NOT_A_SECRET_KEY.matcher(key).matches() && !NOT_A_SECRET_VALUE.matcher(value.strip()).matches()) {
            return Optional.of("a secret-looking name with a literal value (" + value.length() + " characters)");
        }
        return Optional.empty();
    }

    /** A value that carries a secret whatever its key: a token shape, password=..., a URL with a password. */
    static Optional<String> secretShapeIn(String value) {
        Optional<String> token = tokenShapeIn(value);
        if (token.isPresent()) {
            return Optional.of("the value looks like " + token.get().substring(token.get().indexOf(' ') + 1));
        }
        Matcher a = ASSIGNED_SECRET.matcher(value);
        while (a.find()) {
            if (!a.group(3).startsWith("$")) {
                Secrets.register(a.group(3));
                return Optional.of("the value sets " + a.group(1) + " to a literal");
            }
        }
        Matcher u = URL_PASSWORD.matcher(value);
        while (u.find()) {
            if (!u.group(1).startsWith("$")) {
                Secrets.register(u.group(1));
                return Optional.of("the value is a URL with a password in it");
            }
        }
        return Optional.empty();
    }

    static Optional<String> tokenShapeIn(String text) {
        for (Map.Entry<String, Pattern> e : TOKEN_SHAPES.entrySet()) {
            Matcher m = e.getValue().matcher(text);
            if (m.find()) {
                Secrets.register(m.group());
                return Optional.of("what looks like " + e.getKey());
            }
        }
        return Optional.empty();
    }

}
