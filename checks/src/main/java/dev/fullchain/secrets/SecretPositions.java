package dev.fullchain.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a text holds in a secret position, found before any check runs so that every
 * message is masked from its first line on (a message printed before the file holding the
 * secret was parsed would otherwise leave unmasked). Positions, in any file:
 * <ul>
 * <li>a secret-named key with a literal value: {@code KEY=value}, {@code key: value},
 *     {@code key = "value"}, {@code "key": "value"}, {@code ARG KEY=value}, {@code ENV KEY value};</li>
 * <li>a password flag on a command line: {@code --password}, {@code --client-secret},
 *     {@code --secret}, {@code --token} and the like, and {@code -p} in a {@code login} command;</li>
 * <li>the password of a URL: {@code scheme://user:password@host}.</li>
 * </ul>
 * References are not values: {@code ${VAR}}, {@code $VAR}, {@code ${{ secrets.X }}},
 * {@code {{ .Values.x }}}, unquoted HCL expressions, paths and plain URLs are skipped, and
 * {@link Secrets#register} drops weak placeholders, so ordinary text is never masked.
 */
public final class SecretPositions {

    /** A key, its separator and the rest of the line. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?:^|[\\s{,;(])(?:(?:ARG|ENV|export|set)\\s+)?[\"']?([A-Za-z_][A-Za-z0-9_.-]*)[\"']?\\s*(=|:|\\s)\\s*(.*)$");
    private static final Pattern DOCKER_ENV_SPACE = Pattern.compile("^\\s*ENV\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+(\\S.*)$");
    private static final Pattern FLAG = Pattern.compile(
            "(?i)(?:^|\\s)--?(password|passwd|pass|client-secret|secret|token|access-key|account-key|api-key|sas-token|registry-password|docker-password|password-stdin-value)(?:=|\\s+)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern SHORT_P = Pattern.compile("(?:^|\\s)-p(?:=|\\s+)(\"[^\"]*\"|'[^']*'|\\S+)");
    private static final Pattern URL_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@]+:([^\\s/@]+)@");

    private SecretPositions() {
    }

    /** At most this many files and bytes are scanned: the scan runs before every run, and must stay a matter of milliseconds. */
    private static final int MAX_FILES = 5000;
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    /**
     * Registers the values in a secret position of every file of the target that a learner
     * wrote (read through its jail and size cap; a file that cannot be read holds nothing to
     * show either, since no check will print it).
     */
    public static void registerFrom(dev.fullchain.target.Target target) {
        long bytes = 0;
        int files = 0;
        for (String file : target.files().all()) {
            if (++files > MAX_FILES || bytes > MAX_BYTES) {
                return;
            }
            try {
                String text = target.read(file).text();
                bytes += text.length();
                registerIn(text);
            } catch (dev.fullchain.target.BadInput unreadable) {
                // refused by the jail: never read, never printed
            }
        }
    }

    /** Registers every value of the text in a secret position (see the class comment). */
    public static void registerIn(String text) {
        for (String v : valuesIn(text)) {
            Secrets.register(v);
        }
    }

    /** The values of the text in a secret position, references and placeholders excluded (weak ones are dropped on registration). */
    public static List<String> valuesIn(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.lines().toList()) {
            if (line.length() > 4096) {
                line = line.substring(0, 4096); // a minified file: the head is enough, and the scan stays linear
            }
            keyValue(line, out);
            Matcher docker = DOCKER_ENV_SPACE.matcher(line);
            if (docker.matches() && Secrets.isSecretKey(docker.group(1)) && !docker.group(2).contains("=")) {
                literal(docker.group(2), out);
            }
            Matcher flag = FLAG.matcher(line);
            while (flag.find()) {
                literal(flag.group(2), out);
            }
            if (line.toLowerCase(Locale.ROOT).contains("login")) {
                Matcher p = SHORT_P.matcher(line);
                while (p.find()) {
                    literal(p.group(1), out);
                }
            }
            Matcher url = URL_PASSWORD.matcher(line);
            while (url.find()) {
                if (!isReference(url.group(1))) {
                    out.add(url.group(1));
                }
            }
        }
        return out;
    }

    private static void keyValue(String line, List<String> out) {
        Matcher m = KEY_VALUE.matcher(line);
        int from = 0;
        while (from < line.length() && m.find(from)) {
            String key = m.group(1);
            boolean interpolated = line.startsWith("${", Math.max(0, m.start(1) - 2)); // ${KEY:?message} is a reference
            if (Secrets.isSecretKey(key) && !m.group(2).isBlank() && !interpolated) {
                literal(m.group(3), out);
            }
            from = m.end(1);
        }
    }

    /** The literal a value text starts with: quoted, or a bare word up to a comment or the end; nothing for a reference or an expression. */
    private static void literal(String raw, List<String> out) {
        String v = raw.strip();
        if (v.isEmpty()) {
            return;
        }
        String value;
        char q = v.charAt(0);
        if (q == '"' || q == '\'') {
            int end = v.indexOf(q, 1);
            if (end < 0) {
                return;
            }
            value = v.substring(1, end);
        } else {
            if ("[{|>&*!(".indexOf(q) >= 0) {
                return; // a list, a mapping, a block scalar, an alias, a tag or an expression: not a literal value
            }
            value = v.split("\\s+#|\\s", 2)[0];
            if (value.endsWith(",") || value.endsWith(";")) {
                value = value.substring(0, value.length() - 1);
            }
            if (value.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_\\[\\]*\"-]+)+")) {
                return; // an HCL or template reference: var.x, local.y, azurerm_key_vault.main.id
            }
        }
        if (!value.isEmpty() && !isReference(value)) {
            out.add(value);
        }
    }

    private static boolean isReference(String v) {
        return v.contains("${") || v.contains("{{") || v.startsWith("$") || v.startsWith("/") || v.startsWith("./")
                || v.startsWith("../") || v.startsWith("~") || v.matches("(?i)(true|false|null|none|yes|no|~)")
                || v.matches("[A-Za-z][A-Za-z0-9+.-]*://\\S*") && !URL_PASSWORD.matcher(v).find();
    }
}
