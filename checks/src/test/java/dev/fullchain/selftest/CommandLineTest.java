package dev.fullchain.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A wrong -Dday/-Dtier/-Dtarget/-Dfullchain.helm.* stops Maven before compiling, with one line saying what is wrong. */
@Tag("selftest")
class CommandLineTest {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    private record Run(int exit, String output) {
    }

    private static Run maven(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        boolean windows = System.getProperty("os.name").toLowerCase().contains("win");
        cmd.add(BASEDIR.resolve(windows ? "mvnw.cmd" : "mvnw").toString());
        cmd.addAll(List.of("-q", "-B", "-o", "validate"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(BASEDIR.toFile()).redirectErrorStream(true).start();
        // Bounded, with room for a machine whose cores are busy with other builds.
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mvn validate did not finish within 240 s");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(600)
    void badValuesAreRefusedWithOneLineEach(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir.txt"), "x");
        String token = "ghp_" + java.util.UUID.randomUUID().toString().replace("-", "");
        // One Maven per case is slow on a loaded machine: the enforcer reports every broken rule of one run.
        Run run = maven("-Dday=9", "-Dtier=kube", "-Dtarget=" + file, "-Dgithub.token=" + token, "-Dfullchain.helm.timeout=ten");
        assertThat(run.exit()).isNotZero();
        assertThat(run.output()).contains("-Dgithub.token is refused").doesNotContain(token);
        assertThat(run.output())
                .contains("-Dday=9 is not a day: use 1..7, a range (-Dday=1-3) or a list (-Dday=1,3,5).")
                .contains("-Dtier=kube is not a tier")
                .contains("-Dtarget=" + file + ": no such directory")
                .contains("-Dfullchain.helm.timeout=ten is not a number of seconds");

        Run letters = maven("-Dday=abc");
        assertThat(letters.exit()).isNotZero();
        assertThat(letters.output()).contains("-Dday=abc is not a day");

    }

    @Test
    @Timeout(600)
    void reportsGoToAFolderOutsideTheTarget(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("reports.txt"), "x");
        Run intoFile = maven("-Dreports=" + file, "-Dday=4-1");
        assertThat(intoFile.exit()).isNotZero();
        assertThat(intoFile.output()).contains("-Dreports=" + file + " is a file")
                .contains("-Dday=4-1: a range goes from the lower day to the higher one");
        assertThat(Files.readString(file)).isEqualTo("x");

        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Run intoTarget = maven("-Dtarget=" + repo, "-Dreports=" + repo.resolve("reports"));
        assertThat(intoTarget.exit()).isNotZero();
        assertThat(intoTarget.output()).contains("is inside -Dtarget=" + repo + ": fullchain never writes to the repository it checks");
        assertThat(repo).isEmptyDirectory();
    }

    @Test
    @Timeout(300)
    void goodValuesPass() throws Exception {
        Run run = maven("-Dday=1-3", "-Dtier=static-docker", "-Dtarget=fixtures");
        assertThat(run.exit()).as(run.output()).isZero();
    }
}
