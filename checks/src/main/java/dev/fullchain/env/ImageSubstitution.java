package dev.fullchain.env;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Images to run instead of others, only when asked for: {@code -Dsubstitute=from=to,...} or
 * the environment variable {@code FULLCHAIN_SUBSTITUTE}, e.g.
 * {@code postgres:15-bookworm=fullchain/postgres-standin:15} on a machine that cannot pull.
 * The compose model is rewritten to name the replacement; no image is ever re-tagged, so
 * nothing on the machine pretends to be an image it is not.
 */
public final class ImageSubstitution {

    public static final String PROPERTY = "substitute";
    public static final String ENV = "FULLCHAIN_SUBSTITUTE";

    private final Map<String, String> replacements;
    private final String source;

    private ImageSubstitution(Map<String, String> replacements, String source) {
        this.replacements = Map.copyOf(replacements);
        this.source = source;
    }

    public static ImageSubstitution none() {
        return new ImageSubstitution(Map.of(), "");
    }

    /** From -Dsubstitute, else FULLCHAIN_SUBSTITUTE, else none. Throws IllegalArgumentException on a malformed pair. */
    public static ImageSubstitution configured() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return parse(prop, "-D" + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return parse(env, ENV);
        }
        return none();
    }

    /** {@code from=to[,from=to...]}; whitespace around items is ignored. */
    public static ImageSubstitution parse(String spec, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : spec.split(",")) {
            String pair = raw.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(source + "=" + spec + ": '" + pair
                        + "' is not image=replacement (e.g. postgres:15-bookworm=fullchain/postgres-standin:15)");
            }
            out.put(normalise(pair.substring(0, eq).trim()), pair.substring(eq + 1).trim());
        }
        return new ImageSubstitution(out, source);
    }

    /** The replacement for an image reference, if one was configured for it. */
    public Optional<String> replacementFor(String image) {
        return image == null ? Optional.empty() : Optional.ofNullable(replacements.get(normalise(image)));
    }

    public boolean isEmpty() {
        return replacements.isEmpty();
    }

    public Map<String, String> asMap() {
        return replacements;
    }

    /** Where the setting came from, for messages. */
    public String source() {
        return source;
    }

    /** docker.io/library/postgres:15 and postgres:15 name the same image; a missing tag means latest. */
    static String normalise(String image) {
        String s = image.trim();
        for (String prefix : new String[] {"docker.io/library/", "index.docker.io/library/", "docker.io/", "library/"}) {
            if (s.startsWith(prefix)) {
                s = s.substring(prefix.length());
                break;
            }
        }
        int slash = s.lastIndexOf('/');
        if (!s.contains("@") && s.indexOf(':', slash + 1) < 0) {
            s = s + ":latest";
        }
        return s;
    }
}
