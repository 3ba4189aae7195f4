package dev.fullchain.secrets;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Secret values seen during a run (passwords from env files, tokens, Key Vault values).
 * Everything that leaves the harness (failure messages, attachments, the checklist, the
 * Allure results, the console) goes through {@link #mask(String)}. Values are kept only in
 * memory.
 *
 * <p>Masking must keep the report readable: a value is masked only as a whole token (never
 * inside a longer word, so "backend" as a password leaves "app/backend/Dockerfile" alone), and
 * a weak placeholder (short, a plain word, a word and a few digits: "example", "postgres",
 * "changeme", "password123") is not a secret worth hiding: it is in every tutorial, and hiding
 * it would turn paths, titles and hints into "****". Checks may call such a value out as a
 * finding of its own ({@link #isWeakPlaceholder}).
 */
public final class Secrets {

    public static final String MASK = "****";
    /** Key names whose values are treated as secrets wherever fullchain reads key=value pairs. */
    public static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(passw(or)?d|pwd|secret|token|api[_-]?key|private[_-]?key|credential|access[_-]?key|client[_-]?secret|conn(ection)?[_-]?str).*");
    /** Shorter than this, a value is a placeholder, not a secret (and masking it would shred messages). */
    static final int MIN_SECRET_LENGTH = 8;
    /** A plain word, possibly capitalised or with separators, and at most four trailing digits. */
    private static final Pattern WORDLIKE = Pattern.compile("(?i)[a-z]+(?:[-_.][a-z]+)*[0-9]{0,4}[!.]?");
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();
    private static volatile List<Pattern> patterns = List.of();

    private Secrets() {
    }

    /** Registers a value to mask from now on, unless it is a weak placeholder (see the class comment). */
    public static void register(String value) {
        if (value == null) {
            return;
        }
        String v = value.strip();
        if (isWeakPlaceholder(v) || !VALUES.add(v)) {
            return;
        }
        synchronized (Secrets.class) {
            patterns = VALUES.stream().sorted(Comparator.comparingInt(String::length).reversed())
                    .map(Secrets::wholeToken).toList();
        }
    }

    /** A value too short or too plain to be a real secret: shown as it is, never hidden. */
    public static boolean isWeakPlaceholder(String value) {
        if (value == null) {
            return true;
        }
        String v = value.strip();
        return v.length() < MIN_SECRET_LENGTH || WORDLIKE.matcher(v.toLowerCase(Locale.ROOT)).matches();
    }

    public static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).matches();
    }

    /** The text with every registered secret replaced by {@link #MASK} where it stands as a whole token. */
    public static String mask(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String out = text;
        // Longest first, so a secret containing another is masked whole.
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll(MASK);
        }
        return out;
    }

    public static byte[] mask(byte[] utf8) {
        if (VALUES.isEmpty()) {
            return utf8;
        }
        return mask(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The value, not preceded nor followed by a letter or digit: a token of its own, not part of a longer word. */
    private static Pattern wholeToken(String value) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])");
    }
}
