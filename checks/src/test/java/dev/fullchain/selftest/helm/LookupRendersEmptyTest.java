package dev.fullchain.selftest.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.RenderedChart;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lookup} renders as {@code helm template} renders it: an empty map, with no call to a
 * cluster. The render runs in a JVM of its own whose KUBECONFIG names a local socket that
 * counts connections (Helm's native library reads the environment once, when it loads). The
 * same chart rendered by helm-java's template alone connects to that socket: the count does
 * see a lookup that reaches out.
 */
@Tag("selftest")
class LookupRendersEmptyTest {

    private static final long BOUND_SECONDS = 90;

    /** A chart whose Secret keeps an installed password when lookup finds one, and makes one otherwise. */
    private static Path repositoryWithLookupChart(Path root) throws IOException {
        Path chart = Files.createDirectories(root.resolve("helm/shop/templates"));
        Files.writeString(chart.resolve("../Chart.yaml").normalize(), "apiVersion: v2\nname: shop\nversion: 0.1.0\n");
        Files.writeString(chart.resolve("secret.yaml"), """
                {{- $installed := lookup "v1" "Secret" .Release.Namespace "shop-db" }}
                apiVersion: v1
                kind: Secret
                metadata:
                  name: shop-db
                  annotations:
                    found-installed: {{ ternary "yes" "no" (not (empty $installed)) | quote }}
                    lookup-kind: {{ printf "%T" $installed | quote }}
                stringData:
                  password: {{ if $installed }}{{ index $installed.data "password" | b64dec }}{{ else }}{{ randAlphaNum 16 }}{{ end }}
                """);
        return root;
    }

    @Test
    void lookupIsAnEmptyMapAndNoConnectionIsMade(@TempDir Path tmp) throws Exception {
        Path repo = repositoryWithLookupChart(tmp.resolve("repo"));
        try (CountingServer server = new CountingServer()) {
            Path kubeconfig = server.kubeconfig(tmp);

            Child model = Child.run(kubeconfig, "model", repo.toString());
            assertThat(model.output()).as("render through the model: %s", model.output())
                    .contains("RENDERED found-installed=no lookup-kind=map[string]interface {}");
            assertThat(server.accepted()).as("connections to the kubeconfig's server while rendering through the model").isZero();

            Child raw = Child.run(kubeconfig, "raw", repo.resolve("helm/shop").toString());
            assertThat(raw.output()).as("helm-java's template alone: %s", raw.output()).contains("RAW");
            assertThat(server.accepted()).as("helm-java's template alone calls the kubeconfig's server for lookup").isPositive();
        }
    }

    /** The child JVM: renders the chart and prints what lookup gave. */
    public static void main(String[] args) {
        if (args[0].equals("model")) {
            RenderedChart r = HelmCharts.load(Target.open(Path.of(args[1]))).chart().render();
            Secret s = r.ofType(Secret.class).get(0);
            System.out.println("RENDERED found-installed=" + s.getMetadata().getAnnotations().get("found-installed")
                    + " lookup-kind=" + s.getMetadata().getAnnotations().get("lookup-kind"));
        } else {
            try {
                new Helm(Path.of(args[1])).template().withName("shop").call();
                System.out.println("RAW rendered");
            } catch (RuntimeException e) {
                System.out.println("RAW failed: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        System.exit(0);
    }

    private record Child(String output) {

        static Child run(Path kubeconfig, String mode, String arg) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LookupRendersEmptyTest.class.getName(), mode, arg).redirectErrorStream(true);
            pb.environment().put("KUBECONFIG", kubeconfig.toString());
            pb.environment().remove("KUBERNETES_SERVICE_HOST");
            Process p = pb.start();
            if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the " + mode + " render did not end within " + BOUND_SECONDS + " s");
            }
            return new Child(new String(p.getInputStream().readAllBytes()));
        }
    }

    /** A socket on 127.0.0.1 that accepts, counts and closes every connection. */
    private static final class CountingServer implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        CountingServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "counting-server");
            t.setDaemon(true);
            t.start();
        }

        int accepted() {
            return accepted.get();
        }

        Path kubeconfig(Path dir) throws IOException {
            return Files.writeString(dir.resolve("kubeconfig"), String.join("\n", List.of(
                    "apiVersion: v1", "kind: Config",
                    "clusters: [{name: c, cluster: {server: \"http://127.0.0.1:" + socket.getLocalPort() + "\"}}]",
                    "users: [{name: u, user: {token: t}}]",
                    "contexts: [{name: c, context: {cluster: c, user: u}}]",
                    "current-context: c", "")));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
