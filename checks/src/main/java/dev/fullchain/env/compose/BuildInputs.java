package dev.fullchain.env.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a service's image is built from, as one digest: its build settings (context,
 * Dockerfile, args, target, inline Dockerfile), the Dockerfile's bytes and every file of the
 * build context. Two stacks whose digests are equal would build the same image, so the second
 * reuses the first one's image instead of building again: a mutant that changes no image
 * costs no build, even on a loaded machine. The digest takes in more than Docker would (it
 * ignores no file), so it can only miss a reuse, never reuse a wrong image.
 */
public final class BuildInputs {

    /** The repository prefix of images tagged by content. */
    public static final String PREFIX = "fullchain-build/";

    /** Past these, a context is not hashed (its build runs as usual). */
    static final int MAX_FILES = 20_000;
    static final long MAX_BYTES = 512L * 1024 * 1024;

    private BuildInputs() {
    }

    /** The image tag for a built service: fullchain-build/&lt;service&gt;:&lt;digest&gt;, or empty when it cannot be told. */
    @SuppressWarnings("unchecked")
    public static Optional<String> contentTag(String service, Map<String, Object> serviceConfig) {
        Object build = serviceConfig.get("build");
        if (!(build instanceof Map<?, ?> b) || !(b.get("context") instanceof String context)) {
            return Optional.empty();
        }
        Path dir = Path.of(context);
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
            return Optional.empty(); // a remote context (git URL) or one compose did not resolve
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Map<String, Object> settings = new TreeMap<>((Map<String, Object>) b);
            settings.remove("context"); // where the copy lives changes per run; its content is hashed below
            sha.update(String.valueOf(settings).getBytes(StandardCharsets.UTF_8));
            if (settings.get("dockerfile") instanceof String df) {
                Path file = dir.resolve(df).normalize();
                if (Files.isRegularFile(file) && !file.startsWith(dir)) {
                    update(sha, "dockerfile", file); // a Dockerfile outside the context is an input too
                }
            }
            if (!hashTree(sha, dir)) {
                return Optional.empty();
            }
            String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 20);
            return Optional.of(PREFIX + repositoryName(service) + ":" + digest);
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    static String repositoryName(String service) {
        String s = service.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        return s.isEmpty() ? "service" : s;
    }

    private static boolean hashTree(MessageDigest sha, Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        long[] bytes = {0};
        boolean[] tooBig = {false};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                files.add(file);
                bytes[0] += attrs.size();
                if (files.size() > MAX_FILES || bytes[0] > MAX_BYTES) {
                    tooBig[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (tooBig[0]) {
            return false;
        }
        files.sort(null);
        for (Path f : files) {
            update(sha, root.relativize(f).toString().replace('\\', '/'), f);
        }
        return true;
    }

    private static void update(MessageDigest sha, String name, Path file) throws IOException {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        if (Files.isSymbolicLink(file)) {
            sha.update(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!Files.isRegularFile(file)) {
            return;
        }
        sha.update((byte) (Files.isExecutable(file) ? 1 : 0));
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        sha.update((byte) 0);
    }
}
