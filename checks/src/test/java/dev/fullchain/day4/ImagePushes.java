package dev.fullchain.day4;

import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.model.workflow.Value;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image references a job pushes, with env variables resolved: docker push REF, docker
 * buildx build --push -t REF, az acr build --image, and docker/build-push-action's tags
 * (including tags made by docker/metadata-action).
 */
final class ImagePushes {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{\\{\\s*env\\.([A-Za-z_]\\w*)\\s*}}|\\$\\{([A-Za-z_]\\w*)}|\\$([A-Za-z_]\\w*)");
    private static final Pattern OUTPUT_TAGS = Pattern.compile("steps\\.([\\w-]+)\\.outputs\\.tags");

    /** One pushed reference as written and as resolved, the step that pushes it, and the line where the reference is written. */
    record Pushed(String written, String resolved, ExecutedStep step, Location where) {

        String registry() {
            int slash = resolved.indexOf('/');
            if (slash < 0) {
                return "docker.io";
            }
            String first = resolved.substring(0, slash);
            return first.contains(".") || first.contains(":") || first.equals("localhost") || first.contains("${{") ? first : "docker.io";
        }

        String repository() {
            String r = resolved.replaceFirst("@sha256:[0-9a-f]+$", "");
            // Expressions may hold colons and slashes of their own: find the separators outside them.
            String masked = dev.fullchain.model.workflow.Expressions.replace(r, o -> "x".repeat(o.raw().length()));
            int slash = masked.lastIndexOf('/');
            int colon = masked.lastIndexOf(':');
            return colon > slash ? r.substring(0, colon) : r;
        }

        String tag() {
            String repo = repository();
            return resolved.length() > repo.length() + 1 ? resolved.substring(repo.length() + 1) : "latest";
        }
    }

    private ImagePushes() {
    }

    static List<Pushed> of(PipelineJob job) {
        List<Pushed> out = new ArrayList<>();
        for (ExecutedStep s : job.pushSteps()) {
            if (s.step().run().isPresent()) {
                for (String line : Commands.all(s, Commands.PUSH_IMAGE)) {
                    fromCommand(line, s, Commands.where(s, line), out);
                }
            } else {
                for (String tag : s.step().input("tags").map(v -> List.of(v.text().split("[\\n,]"))).orElse(List.of())) {
                    if (!tag.isBlank()) {
                        fromActionTag(tag.strip(), s, job, out);
                    }
                }
            }
        }
        return out;
    }

    private static void fromCommand(String line, ExecutedStep s, Location where, List<Pushed> out) {
        List<String> words = words(line);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if ((w.equals("push") && i > 0 && List.of("docker", "podman", "image").contains(words.get(i - 1)))) {
                for (int j = i + 1; j < words.size(); j++) {
                    if (!words.get(j).startsWith("-")) {
                        add(words.get(j), s, where, out);
                        break;
                    }
                }
            }
            if (line.contains("--push") && (w.equals("-t") || w.equals("--tag")) && i + 1 < words.size()) {
                add(words.get(i + 1), s, where, out);
            }
            if (line.contains("--push") && w.startsWith("--tag=")) {
                add(w.substring("--tag=".length()), s, where, out);
            }
        }
        if (line.matches(".*\\baz\\s+acr\\s+build\\b.*")) {
            String registry = option(words, "--registry", "-r").orElse("");
            String image = option(words, "--image", "-t").orElse("");
            if (!image.isEmpty()) {
                add((registry.contains(".") || registry.isEmpty() ? registry : registry + ".azurecr.io") + "/" + image, s, where, out);
            }
        }
    }

    private static void fromActionTag(String tag, ExecutedStep s, PipelineJob job, List<Pushed> out) {
        Matcher m = OUTPUT_TAGS.matcher(tag);
        if (!m.find()) {
            add(tag, s, s.step().input("tags").map(Value::location).orElse(s.step().location()), out);
            return;
        }
        // Tags computed by docker/metadata-action: its images × its tag rules.
        String id = m.group(1);
        for (ExecutedStep meta : job.steps()) {
            if (meta.step().uses("docker/metadata-action") && meta.step().id().map(v -> v.text().equals(id)).orElse(false)) {
                List<String> images = meta.step().input("images").map(v -> List.of(v.text().split("[\\n,]"))).orElse(List.of());
                String rules = meta.step().input("tags").map(Value::text).orElse("type=sha");
                Location where = meta.step().input("images").map(Value::location).orElse(meta.step().location());
                for (String image : images) {
                    if (image.isBlank()) {
                        continue;
                    }
                    for (String rule : rules.split("\\n")) {
                        String r = rule.strip();
                        if (r.startsWith("type=sha")) {
                            add(image.strip() + ":sha-${{ github.sha }}", meta, where, out);
                        } else if (r.contains("value=")) {
                            add(image.strip() + ":" + r.replaceFirst(".*value=([^,]*).*", "$1"), meta, where, out);
                        } else if (!r.isEmpty()) {
                            add(image.strip() + ":" + r, meta, where, out);
                        }
                    }
                }
            }
        }
    }

    private static Optional<String> option(List<String> words, String... names) {
        for (int i = 0; i < words.size(); i++) {
            for (String n : names) {
                if (words.get(i).equals(n) && i + 1 < words.size()) {
                    return Optional.of(words.get(i + 1));
                }
                if (words.get(i).startsWith(n + "=")) {
                    return Optional.of(words.get(i).substring(n.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static void add(String written, ExecutedStep s, Location where, List<Pushed> out) {
        out.add(new Pushed(written, resolve(written, s.env()), s, where));
    }

    /** Env variables replaced by their values, a few rounds deep (REGISTRY inside API_IMAGE). */
    static String resolve(String text, Map<String, Value> env) {
        String t = text;
        for (int round = 0; round < 3; round++) {
            Matcher m = ENV_REF.matcher(t);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                Value v = env.get(name);
                m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v.text()));
            }
            m.appendTail(b);
            if (b.toString().equals(t)) {
                break;
            }
            t = b.toString();
        }
        return t;
    }

    /** " (REGISTRY: x, set at file:line; ...)" for the env variables the text uses, so a message names where each value is set. */
    static String setBy(String text, Map<String, Value> env) {
        List<String> out = new ArrayList<>();
        Matcher m = ENV_REF.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            Value v = env.get(name);
            String said = name + ": " + (v == null ? "" : v.text().strip()) + ", set at " + (v == null ? "" : v.location());
            if (v != null && !out.contains(said)) {
                out.add(said);
            }
        }
        return out.isEmpty() ? "" : " (" + String.join("; ", out) + ")";
    }

    /** Shell words, quotes removed; ${{ ... }} kept whole even with spaces inside. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (line.startsWith("${{", i)) {
                int end = line.indexOf("}}", i);
                end = end < 0 ? line.length() : end + 2;
                w.append(line, i, end);
                i = end - 1;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    w.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c) || c == ';' || c == '|' || c == '&') {
                if (w.length() > 0) {
                    out.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }
}
