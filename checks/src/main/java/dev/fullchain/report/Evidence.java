package dev.fullchain.report;

import dev.fullchain.secrets.Secrets;
import io.qameta.allure.Allure;
import java.nio.charset.StandardCharsets;

/**
 * Attachments to the current check's report (rendered files, HTTP exchanges, container
 * logs). Every attachment is masked first: secret values never reach the results.
 */
public final class Evidence {

    private static final int MAX_CHARS = 256 * 1024;

    private Evidence() {
    }

    public static void text(String name, String content) {
        attach(name, "text/plain", ".txt", content);
    }

    public static void json(String name, String content) {
        attach(name, "application/json", ".json", content);
    }

    public static void attach(String name, String mime, String extension, String content) {
        if (Allure.getLifecycle().getCurrentTestCase().isEmpty()) {
            return; // no Allure listener in this run (e.g. a nested self-test run): nowhere to attach
        }
        String masked = Secrets.mask(content == null ? "" : content);
        if (masked.length() > MAX_CHARS) {
            masked = "[… first " + (masked.length() - MAX_CHARS) + " characters cut …]\n" + masked.substring(masked.length() - MAX_CHARS);
        }
        Allure.addAttachment(Secrets.mask(name), mime, new java.io.ByteArrayInputStream(masked.getBytes(StandardCharsets.UTF_8)), extension);
    }
}
