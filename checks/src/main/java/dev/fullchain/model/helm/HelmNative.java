package dev.fullchain.model.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Helm's native library for {@link HelmWorkerMain}, unpacked once per helm-java version into
 * the user's cache ({@code $XDG_CACHE_HOME/fullchain}, else {@code ~/.cache/fullchain})
 * instead of into a new temporary folder at every start, as helm-java does: inflating its
 * 97 MB takes most of a worker's start. The folder must be the user's own and closed to
 * others (a library loaded from a folder others can write is theirs to run); otherwise, or
 * on any problem, helm-java's own way is used.
 */
final class HelmNative {

    private HelmNative() {
    }

    static HelmLib load() {
        NativeLibrary provider = NativeLibrary.getInstance();
        try {
            return Native.load(cached(provider).toString(), HelmLib.class);
        } catch (IOException | RuntimeException | LinkageError e) {
            return provider.load();
        }
    }

    private static Path cached(NativeLibrary provider) throws IOException {
        String name = provider.getBinaryName();
        Path jar;
        try {
            jar = Path.of(provider.getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        String key = name + "-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        Path dir = cacheRoot().resolve("helm-native");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String owner = Files.getOwner(dir).getName();
        if (!owner.equals(System.getProperty("user.name")) || !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)).endsWith("------")) {
            throw new IOException(dir + " is not the user's own folder, closed to others");
        }
        Path lib = dir.resolve(key);
        if (!Files.isRegularFile(lib)) {
            Path part = Files.createTempFile(dir, key, ".part");
            try (InputStream in = provider.getClass().getResourceAsStream("/" + name)) {
                if (in == null) {
                    throw new IOException("no " + name + " in " + jar);
                }
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(part, lib, StandardCopyOption.ATOMIC_MOVE);
        }
        return lib;
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("fullchain");
    }
}
