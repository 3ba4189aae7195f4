package dev.fullchain.env.cluster;

import static dev.fullchain.check.Text.firstLine;

import dev.fullchain.env.Docker;
import dev.fullchain.model.helm.HelmChart;
import dev.fullchain.model.helm.HelmCharts;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The default cluster: k3s in a container (Testcontainers' k3s module), started once per
 * run. The app's images are built from a copy of the target and imported with the
 * container's own ctr (the module has no image loading); the helmfile's community charts
 * (the observability stack, an ingress controller) are installed first ({@link StackReleases}),
 * then the chart with the dev values. Traefik, k3s's bundled ingress, stays off when the target brings its own
 * ingress controller. Needs Docker with privileged containers and access to the k3s image.
 */
public final class K3sCluster extends InstalledAppCluster {

    private static final List<String> OWN_INGRESS_CHARTS = List.of("ingress-nginx", "nginx-ingress", "traefik", "haproxy-ingress", "contour");
    private static final String ARCHIVE_IN_CONTAINER = "/tmp/fullchain-images.tar";

    private K3sContainer container;
    private String description;

    private K3sCluster(ClusterSettings settings) {
        super(settings);
    }

    public static K3sCluster start(Target target, ClusterSettings settings) {
        var docker = Docker.availability();
        if (!docker.available()) {
            throw new ClusterUnavailable(docker.reason() + "; or run against your own cluster with -Dcluster=kubeconfig");
        }
        K3sCluster c = new K3sCluster(settings);
        try {
            c.startContainer(target);
            c.loadImages(target);
            c.helm = new HelmReleases(c.container.getKubeConfigYaml(), settings);
            HelmCharts.load(target).helmfile().ifPresent(h ->
                    new StackReleases(c.client, c.container.getKubeConfigYaml(), settings).install(target, h));
            c.installApp(target, namespace(target), Map.of());
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void startContainer(Target target) {
        boolean ownIngress = bringsOwnIngress(target);
        container = new K3sContainer(DockerImageName.parse(settings.k3sImage()).asCompatibleSubstituteFor("rancher/k3s"));
        if (!ownIngress) {
            // The module disables Traefik by default; keep it unless the target installs its own controller.
            container.withCommand("server", "--tls-san=" + container.getHost());
        }
        container.withStartupTimeout(settings.timeout());
        description = "k3s (" + settings.k3sImage() + (ownIngress ? ", without Traefik" : "") + ")";
        long t0 = System.nanoTime();
        System.out.println("[fullchain] starting " + description + ", at most " + settings.timeout().toSeconds() + " s");
        try {
            ensureImage(settings.k3sImage());
            container.start();
        } catch (RuntimeException e) {
            throw new ClusterUnavailable(startFailure(settings.k3sImage(), e), e);
        }
        System.out.println("[fullchain] k3s up (" + (System.nanoTime() - t0) / 1_000_000_000 + " s)");
        client = clientFor(container.getKubeConfigYaml());
    }

    /**
     * One pull attempt before Testcontainers' own, which retries for two minutes at a time:
     * without access to the registry the answer comes at once.
     */
    private void ensureImage(String image) {
        var docker = Docker.client();
        try {
            docker.inspectImageCmd(image).exec();
            return;
        } catch (com.github.dockerjava.api.exception.NotFoundException absent) {
            // pull it below
        }
        try {
            docker.pullImageCmd(image).start().awaitCompletion(settings.timeout().toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            docker.inspectImageCmd(image).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailable("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            throw new ClusterUnavailable(startFailure(image, new IllegalStateException("pull failed: " + e.getMessage(), e)), e);
        }
    }

    /** One line: which image could not be had, and the ways around it. */
    static String startFailure(String image, Throwable e) {
        String chain = causes(e).toLowerCase(Locale.ROOT);
        if (chain.contains("can't get docker image") || chain.contains("pull") || chain.contains("not found: manifest")
                || chain.contains("no such image") || chain.contains("failed to resolve")) {
            return "cannot pull the k3s image " + image + " (no access to its registry): pass -Dk3s.image=<mirror>/"
                    + image + " (or docker load/tag it locally), or use your own cluster with -Dcluster=kubeconfig";
        }
        return "k3s (" + image + ") did not start: " + firstLine(e.getMessage())
                + " (k3s needs Docker with privileged containers; or use -Dcluster=kubeconfig)";
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 4000; t = t.getCause()) {
            b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return b.toString();
    }

    private void loadImages(Target target) {
        HelmCharts charts = HelmCharts.load(target);
        HelmChart chart = charts.chart();
        Map<String, String> needed = ClusterImages.needed(chart.render(installValues(charts, chart)), target.layout());
        if (needed.isEmpty()) {
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fullchain-images");
            Path archive = ClusterImages.buildAndSave(target, needed, dir.resolve("images.tar"), settings.timeout());
            container.copyFileToContainer(MountableFile.forHostPath(archive), ARCHIVE_IN_CONTAINER);
            ExecResult imported = container.execInContainer("ctr", "-n", "k8s.io", "images", "import", ARCHIVE_IN_CONTAINER);
            if (imported.getExitCode() != 0) {
                throw new ClusterUnavailable("ctr images import in k3s failed: " + firstLine(imported.getStderr()));
            }
            System.out.println("[fullchain] loaded " + needed.keySet() + " into k3s");
        } catch (IOException e) {
            throw new ClusterUnavailable("cannot hand the app's images to k3s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailable("interrupted while importing images into k3s", e);
        } finally {
            if (dir != null) {
                dir.resolve("images.tar").toFile().delete();
                dir.toFile().delete();
            }
        }
    }

    /** The helmfile's dev namespace of the chart's release, else "fullchain". */
    private static String namespace(Target target) {
        HelmCharts charts = HelmCharts.load(target);
        return helmfileRelease(charts, charts.chart()).flatMap(r -> r.namespaceFor("dev")).orElse("fullchain");
    }

    /** Whether the helmfile installs an ingress controller of its own (then Traefik must not compete with it). */
    static boolean bringsOwnIngress(Target target) {
        try {
            return HelmCharts.load(target).helmfile().map(h -> h.releases().stream().map(HelmfileRelease::chart)
                    .anyMatch(chart -> chart != null && OWN_INGRESS_CHARTS.stream().anyMatch(chart::contains))).orElse(false);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Tags the imported image again inside k3s's containerd: same content, a new tag to roll out. */
    @Override
    public String imageForUpgrade(String image) {
        String upgraded = Images.withTag(image, Images.tag(image).orElse("latest") + "-fullchain-upgrade");
        try {
            ExecResult r = container.execInContainer("ctr", "-n", "k8s.io", "images", "tag", "--force",
                    Images.qualified(image), Images.qualified(upgraded));
            if (r.getExitCode() != 0) {
                throw new ClusterUnavailable("ctr images tag " + image + " in k3s failed: " + firstLine(r.getStderr()));
            }
            return upgraded;
        } catch (IOException e) {
            throw new ClusterUnavailable("cannot tag " + image + " in k3s: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailable("interrupted while tagging " + image + " in k3s", e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // The whole cluster goes with the container: no need to uninstall first.
        if (client != null) {
            client.close();
        }
        if (container != null) {
            container.stop();
        }
    }
}
