package dev.fullchain.model.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Helm hooks ("helm.sh/hook" annotations) made visible to an in-process render: the templates
 * of a copy get the annotation under another name, and the parsed objects get it back.
 */
final class HookAnnotations {

    static final String HOOK = "helm.sh/hook";
    private static final String DISGUISED = "fullchain.dev/helm-hook";

    private HookAnnotations() {
    }

    static boolean declaresHook(String templateText) {
        return templateText.contains(HOOK);
    }

    static String disguise(String templateText) {
        return templateText.replace(HOOK, DISGUISED);
    }

    /** Renames fullchain.dev/helm-hook* annotations back to helm.sh/hook*. */
    static void restore(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        if (annotations == null || annotations.keySet().stream().noneMatch(k -> k.startsWith(DISGUISED))) {
            return;
        }
        Map<String, String> restored = new LinkedHashMap<>();
        annotations.forEach((k, v) -> restored.put(k.startsWith(DISGUISED) ? HOOK + k.substring(DISGUISED.length()) : k, v));
        object.getMetadata().setAnnotations(restored);
    }
}
