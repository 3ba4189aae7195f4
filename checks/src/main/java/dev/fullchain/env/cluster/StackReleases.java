package dev.fullchain.env.cluster;

import static dev.fullchain.check.Text.firstLine;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import dev.fullchain.model.helm.Helmfile;
import dev.fullchain.model.helm.HelmfileRelease;
import dev.fullchain.model.helm.HelmfileRepository;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.Yaml;

/**
 * The helmfile's releases of community charts (kube-prometheus-stack, Loki, Alloy, an ingress
 * controller), installed on fullchain's own k3s before the app, as {@code helmfile -e dev
 * apply} would: in {@code needs:} order, each from its repository at its pinned version, with
 * its dev values. Their CRDs are applied first, server-side: kube-prometheus-stack's are too
 * large for a client-side apply (the last-applied annotation passes the 256 KiB limit). Every
 * step is bounded by the cluster's timeout. On a learner's cluster (-Dcluster=kubeconfig)
 * fullchain installs none of this: the learner's helmfile already has.
 */
final class StackReleases {

    private final KubernetesClient client;
    private final String kubeconfig;
    private final ClusterSettings settings;

    StackReleases(KubernetesClient client, String kubeconfig, ClusterSettings settings) {
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.settings = settings;
    }

    /** Installs every release of a repository chart the helmfile declares; throws ClusterUnavailable saying which one failed. */
    void install(Target target, Helmfile helmfile) {
        List<HelmfileRelease> remote = ordered(helmfile.releases().stream().filter(r -> !r.isLocalChart() && r.chart() != null).toList());
        if (remote.isEmpty()) {
            return;
        }
        Path work;
        try {
            work = Files.createTempDirectory("fullchain-stack");
        } catch (IOException e) {
            throw new ClusterUnavailable("cannot make a work folder for the helmfile's releases: " + e.getMessage(), e);
        }
        Path repositories = work.resolve("repositories.yaml");
        for (HelmfileRepository repo : helmfile.repositories()) {
            if (!repo.oci()) {
                Helm.repo().add().withRepositoryConfig(repositories).withName(repo.name()).withUrl(URI.create(repo.url())).call();
            }
        }
        for (HelmfileRelease r : remote) {
            long t0 = System.nanoTime();
            System.out.println("[fullchain] installing the helmfile's release " + r.namespace() + "/" + r.name() + " (" + r.chart()
                    + r.version().map(v -> " " + v).orElse("") + "), at most " + settings.timeout().toSeconds() + " s");
            try {
                List<Path> values = values(target, r, work);
                applyCrds(r, repositories, values);
                InstallCommand c = Helm.install(r.chart()).withRepositoryConfig(repositories).withName(r.name())
                        .withNamespace(namespace(r)).createNamespace().skipCrds().withKubeConfigContents(kubeconfig)
                        .withTimeout((int) settings.timeout().toSeconds()).waitReady();
                if (r.version().isPresent()) {
                    c = c.withVersion(r.version().get());
                }
                for (Path v : values) {
                    c = c.withValuesFile(v);
                }
                c.call();
            } catch (RuntimeException | IOException e) {
                throw new ClusterUnavailable("the helmfile's release " + r.name() + " (" + r.chart() + ") did not install on k3s: "
                        + firstLine(e.getMessage()) + " (its chart must be downloadable from its repository; or use your own"
                        + " cluster after helmfile apply, with -Dcluster=kubeconfig)", e);
            }
            System.out.println("[fullchain] installed " + r.name() + " (" + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s)");
        }
    }

    /** The release's namespace in dev, "default" when the helmfile gives none (an expression is read as helmfile would not: refused). */
    private static String namespace(HelmfileRelease r) {
        String ns = r.namespaceFor("dev").orElse("default");
        if (ns.contains("{{")) {
            throw new IllegalStateException("its namespace " + ns + " is an expression fullchain does not compute");
        }
        return ns;
    }

    /** Its dev values in order: each file through the target's jail, each inline map written to a file of its own. */
    private static List<Path> values(Target target, HelmfileRelease r, Path work) throws IOException {
        List<Path> out = new ArrayList<>();
        int inline = 0;
        for (Object v : r.valuesFor("dev")) {
            if (v instanceof String file) {
                target.read(file);
                out.add(target.jailed(target.resolve(file), Location.of(file)));
            } else if (v instanceof Map<?, ?> map) {
                out.add(Files.writeString(work.resolve(r.name() + "-inline-" + inline++ + ".yaml"), new Yaml().dump(map)));
            }
        }
        return out;
    }

    /** The chart's CRDs, rendered with its values and applied server-side; each must be Established within the timeout. */
    private void applyCrds(HelmfileRelease r, Path repositories, List<Path> values) {
        TemplateCommand t = Helm.template(r.chart()).withRepositoryConfig(repositories).withName(r.name()).withNamespace(namespace(r));
        if (r.version().isPresent()) {
            t = t.withVersion(r.version().get());
        }
        for (Path v : values) {
            t = t.withValuesFile(v);
        }
        List<CustomResourceDefinition> crds = new ArrayList<>();
        for (String doc : t.call().split("(?m)^---\\s*$")) {
            if (doc.contains("kind: CustomResourceDefinition")) {
                HasMetadata o = Serialization.unmarshal(doc);
                if (o instanceof CustomResourceDefinition crd) {
                    crds.add(crd);
                }
            }
        }
        for (CustomResourceDefinition crd : crds) {
            client.resource(crd).fieldManager("fullchain").forceConflicts().serverSideApply();
        }
        for (CustomResourceDefinition crd : crds) {
            client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                            settings.timeout().toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Releases in needs: order ("namespace/name" or "name"); a cycle or an unknown need keeps the helmfile's order. */
    static List<HelmfileRelease> ordered(List<HelmfileRelease> releases) {
        Map<String, HelmfileRelease> byKey = new LinkedHashMap<>();
        releases.forEach(r -> byKey.put(r.name(), r));
        List<HelmfileRelease> out = new ArrayList<>();
        for (HelmfileRelease r : releases) {
            visit(r, byKey, out, new ArrayList<>());
        }
        return out;
    }

    private static void visit(HelmfileRelease r, Map<String, HelmfileRelease> byKey, List<HelmfileRelease> out, List<String> path) {
        if (out.contains(r) || path.contains(r.name()) || path.size() > byKey.size()) {
            return;
        }
        path.add(r.name());
        for (String need : needs(r)) {
            String name = need.contains("/") ? need.substring(need.lastIndexOf('/') + 1) : need;
            Optional.ofNullable(byKey.get(name)).ifPresent(n -> visit(n, byKey, out, path));
        }
        out.add(r);
    }

    private static List<String> needs(HelmfileRelease r) {
        return r.raw().get("needs") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }
}
