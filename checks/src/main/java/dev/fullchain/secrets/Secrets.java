package dev.fullchain.secrets;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Secret values seen during a run (passwords from env files, tokens, Key Vault values).
 * Everything that leaves the harness (failure messages, attachments, the checklist, the
 * Allure results) goes through {@link #mask(String)}. Values are kept only in memory.
 */
public final class Secrets {

    public static final String MASK = "****";
    /** Key names whose values are treated as secrets wherever fullchain reads key=value pairs. */
    public static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(passw(or)?d|pwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key|client[_-]?secret|conn(ection)?[_-]?str).*");
    private static final int MIN_LENGTH = 4;
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    /** Registers a value to mask from now on. Short values are ignored: masking "a" would shred every message. */
    public static void register(String value) {
        if (value != null && value.strip().length() >= MIN_LENGTH) {
            VALUES.add(value.strip());
        }
    }

    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).matches();
    }

    public static String mask(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        // Longest first, so a secret containing another is masked whole.
        for (String v : VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    public static byte[] mask(byte[] utf8) {
        if (VALUES.isEmpty()) {
            return utf8;
        }
        return mask(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
