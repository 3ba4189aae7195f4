package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.JailedCopy;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helm reads the chart's files itself (.Files.Get, .Files.Glob), so it renders, lints and installs a
 * copy made through the target's jail: a link that stays inside is copied as what it names, one
 * that leaves the repository is not copied, and blocks the chart with a BadInput naming the link,
 * never its content.
 */
@Tag("selftest")
class HelmChartCopyJailTest {

    private static final String OUTSIDE = "outside-content-31c9";

    private static Path chart(Path repo) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("charts/app/templates"));
        Files.writeString(repo.resolve("charts/app/Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        Files.writeString(repo.resolve("charts/app/values.yaml"), "greeting: hello\n");
        Files.createDirectories(repo.resolve("charts/app/files"));
        Files.writeString(dir.resolve("files.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: files\ndata:\n"
                + "{{- range $path, $_ := .Files.Glob \"files/**\" }}\n  {{ base $path }}: {{ $.Files.Get $path | quote }}\n{{- end }}\n");
        return dir.getParent();
    }

    private static Path outside(Path tmp) throws IOException {
        Path o = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(o.resolve("secret.env"), "TOKEN=" + OUTSIDE + "\n");
        return o;
    }

    @Test
    void aLinkInsideIsRenderedAsTheFileItNames(@TempDir Path tmp) throws IOException {
        Path chart = chart(Files.createDirectories(tmp.resolve("repo")));
        Files.writeString(chart.resolve("files/real.txt"), "real");
        Files.createSymbolicLink(chart.resolve("files/inside.txt"), chart.resolve("values.yaml"));
        HelmChart c = HelmCharts.load(Target.open(tmp.resolve("repo"))).chart();
        ConfigMap files = c.render().ofType(ConfigMap.class).get(0);
        assertThat(files.getData()).containsEntry("real.txt", "real").containsEntry("inside.txt", "greeting: hello\n");
    }

    @Test
    void aFileLinkedOutsideBlocksTheRenderAndTheLintNamingTheLink(@TempDir Path tmp) throws IOException {
        Path outside = outside(tmp);
        Path chart = chart(Files.createDirectories(tmp.resolve("repo")));
        Files.createSymbolicLink(chart.resolve("files/leak.txt"), outside.resolve("secret.env"));
        HelmChart c = HelmCharts.load(Target.open(tmp.resolve("repo"))).chart();
        assertThatThrownBy(c::render).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().path()).isEqualTo("charts/app/files/leak.txt"))
                .hasMessageContaining("points outside the repository").hasMessageNotContaining(OUTSIDE);
        assertThatThrownBy(() -> c.lint(c.values("default").orElseThrow())).isInstanceOf(BadInput.class)
                .hasMessageContaining("charts/app/files/leak.txt").hasMessageNotContaining(OUTSIDE);
    }

    @Test
    void aFolderLinkedOutsideIsNotCopied(@TempDir Path tmp) throws IOException {
        Path outside = outside(tmp);
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path chart = chart(repo);
        Files.createSymbolicLink(chart.resolve("files/more"), outside);
        Files.writeString(chart.resolve("files/real.txt"), "real");

        Path copy = tmp.resolve("copy/app");
        JailedCopy.Result result = JailedCopy.copy(Target.open(repo), "charts/app", copy, Set.of());
        assertThat(result.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.location().path()).isEqualTo("charts/app/files/more");
            assertThat(refused.problem()).contains("points outside the repository");
        });
        assertThat(copy.resolve("files/real.txt")).hasContent("real");
        assertThat(copy.resolve("files/more")).doesNotExist();
        try (var all = Files.walk(copy)) {
            assertThat(all.filter(Files::isRegularFile)).noneMatch(f -> {
                try {
                    return Files.readString(f).contains(OUTSIDE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThatThrownBy(() -> HelmCharts.load(Target.open(repo)).chart().render()).isInstanceOf(BadInput.class)
                .hasMessageContaining("charts/app/files/more");
    }
    @Test
    void theCopyAClusterInstallsIsJailedTooAndKeepsTemplatesAsWritten(@TempDir Path tmp) throws IOException {
        Path outside = outside(tmp);
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path chart = chart(repo);
        Files.writeString(chart.resolve("templates/lookup.yaml"), "{{- $s := lookup \"v1\" \"Secret\" .Release.Namespace \"x\" }}\n");
        Files.createSymbolicLink(chart.resolve("files/inside.txt"), chart.resolve("values.yaml"));
        Path copy = HelmCharts.load(Target.open(repo)).chart().installableCopy();
        assertThat(copy.getFileName()).hasToString("app");
        assertThat(copy.resolve("files/inside.txt")).hasContent("greeting: hello");
        assertThat(Files.isSymbolicLink(copy.resolve("files/inside.txt"))).isFalse();
        assertThat(copy.resolve("templates/lookup.yaml")).as("lookup reads the real cluster on an install").content().contains("lookup");

        Files.createSymbolicLink(chart.resolve("files/leak.txt"), outside.resolve("secret.env"));
        assertThatThrownBy(() -> HelmCharts.load(Target.open(repo)).chart().installableCopy()).isInstanceOf(BadInput.class)
                .hasMessageContaining("charts/app/files/leak.txt").hasMessageNotContaining(OUTSIDE);
    }
}
