package dev.fullchain.selftest.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one way in for files: never outside the root, never a special file, never past the cap; links inside are followed. */
@Tag("selftest")
class TargetJailTest {

    private static final String OUTSIDE = "outside-content-7f3a9";

    @Test
    void aLinkInsideIsFollowedAndOneLeavingIsRefusedWithoutShowingTheContent(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("repo"));
        Path secret = Files.writeString(tmp.resolve("id_rsa"), OUTSIDE);
        Files.writeString(root.resolve("real.yaml"), "a: 1\n");
        Files.createSymbolicLink(root.resolve("inside.yaml"), root.resolve("real.yaml"));
        Files.createSymbolicLink(root.resolve("keys.yaml"), secret);
        Files.createSymbolicLink(root.resolve("etc"), tmp);
        Target t = Target.open(root);

        assertThat(t.read("inside.yaml").text()).isEqualTo("a: 1\n");
        for (String path : new String[] {"keys.yaml", "etc/id_rsa", "../id_rsa"}) {
            assertThatThrownBy(() -> t.read(path)).as(path).isInstanceOf(BadInput.class)
                    .hasMessageContaining("outside the repository").hasMessageNotContaining(OUTSIDE);
        }
        assertThatThrownBy(() -> t.readOptional("keys.yaml")).as("a link is something there, refused, not nothing")
                .isInstanceOf(BadInput.class);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aFifoIsNeverOpened(@TempDir Path root) throws Exception {
        Path fifo = root.resolve("compose.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor(5, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo unavailable");
        assertThatThrownBy(() -> Target.open(root).read("compose.yaml")).isInstanceOf(BadInput.class)
                .hasMessageContaining("special file");
    }

    @Test
    void aHugeSparseFileIsRefusedBeforeReading(@TempDir Path root) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve("values.yaml").toFile(), "rw")) {
            f.setLength(2_500_000_000L);
        }
        assertThatThrownBy(() -> Target.open(root).read("values.yaml")).isInstanceOf(BadInput.class)
                .hasMessageContaining("larger than 4 MiB");
    }
}
