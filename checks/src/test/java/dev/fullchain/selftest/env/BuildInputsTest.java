package dev.fullchain.selftest.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.env.compose.BuildInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two builds from the same files share one image tag; any change to what is built gives another. */
@Tag("selftest")
class BuildInputsTest {

    private static Path context(Path dir, String main) throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("Dockerfile"), "FROM debian:bookworm-slim\nCOPY app /app\n");
        Files.writeString(dir.resolve("app/main.py"), main);
        return dir;
    }

    private static Optional<String> tag(Path context, Map<String, Object> extra) {
        Map<String, Object> build = new java.util.HashMap<>(extra);
        build.put("context", context.toString());
        build.put("dockerfile", "Dockerfile");
        return BuildInputs.contentTag("api", Map.of("build", build));
    }

    @Test
    void sameFilesInAnotherCopyGiveTheSameTag(@TempDir Path tmp) throws IOException {
        Optional<String> a = tag(context(tmp.resolve("a"), "print(1)\n"), Map.of());
        Optional<String> b = tag(context(tmp.resolve("b"), "print(1)\n"), Map.of());
        assertThat(a).isPresent().isEqualTo(b);
        assertThat(a.get()).startsWith(BuildInputs.PREFIX + "api:");
    }

    @Test
    void aChangedFileOrBuildSettingGivesAnotherTag(@TempDir Path tmp) throws IOException {
        Optional<String> base = tag(context(tmp.resolve("a"), "print(1)\n"), Map.of());
        assertThat(tag(context(tmp.resolve("b"), "print(2)\n"), Map.of())).isPresent().isNotEqualTo(base);
        assertThat(tag(context(tmp.resolve("c"), "print(1)\n"), Map.of("args", Map.of("MODE", "debug")))).isPresent().isNotEqualTo(base);
        Path d = context(tmp.resolve("d"), "print(1)\n");
        Files.writeString(d.resolve("app/extra.txt"), "x");
        assertThat(tag(d, Map.of())).as("an added file, even one .dockerignore might drop").isNotEqualTo(base);
    }

    @Test
    void aContextThatIsNotALocalFolderIsNotTagged() {
        assertThat(BuildInputs.contentTag("api", Map.of("build", Map.of("context", "https://github.com/x/y.git")))).isEmpty();
        assertThat(BuildInputs.contentTag("api", Map.of("image", "nginx:1.27"))).isEmpty();
    }
}
