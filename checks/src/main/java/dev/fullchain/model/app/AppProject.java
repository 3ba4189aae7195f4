package dev.fullchain.model.app;

import dev.fullchain.model.Memo;
import dev.fullchain.model.compose.Build;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.EnvFileRef;
import dev.fullchain.model.compose.EnvVar;
import dev.fullchain.model.compose.Interpolation;
import dev.fullchain.model.compose.Service;
import dev.fullchain.model.compose.Value;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.KeyValue;
import dev.fullchain.model.docker.Stage;
import dev.fullchain.model.git.GitIgnore;
import dev.fullchain.model.git.GitIgnores;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Day 1 application as the static checks see it: the compose file, the images in scope
 * (those the compose file builds, plus any the layout names), each image's Dockerfile and
 * .dockerignore, the env files next to the compose file, and the .gitignore rules.
 * Everything is read on first use; a file that cannot be read is a BadInput thrown by the
 * accessor that needs it, so one broken file fails only the checks that read it.
 */
public final class AppProject {

    public static final String ENV = ".env";
    public static final String ENV_EXAMPLE = ".env.example";

    private final Target target;
    private final String composePath;
    private final Memo<ComposeProject> compose;
    private final Memo<List<ImageInScope>> images;
    private final Map<String, Memo<Dockerfile>> dockerfiles = new ConcurrentHashMap<>();
    private final Map<String, Memo<Optional<EnvFile>>> envFiles = new ConcurrentHashMap<>();
    private final Map<String, Memo<Optional<GitIgnore>>> gitIgnores = new ConcurrentHashMap<>();
    private final Map<String, String> unreadableImages = new ConcurrentHashMap<>();

    private AppProject(Target target) {
        this.target = target;
        this.composePath = target.layout().composePath(target.root());
        this.compose = new Memo<>(this::readCompose);
        this.images = new Memo<>(this::findImages);
    }

    /** Opens the project; secret values of its env files and compose file are registered for masking at once. */
    public static AppProject load(Target target) {
        AppProject p = new AppProject(target);
        p.registerSecrets();
        return p;
    }

    public Target target() {
        return target;
    }

    public Layout layout() {
        return target.layout();
    }

    public Layout.Services services() {
        return target.layout().services();
    }

    /** The compose file's path relative to the root. */
    public String composePath() {
        return composePath;
    }

    /** The compose file's folder relative to the root: "" or ending in '/'. */
    public String composeDir() {
        int slash = composePath.lastIndexOf('/');
        return slash < 0 ? "" : composePath.substring(0, slash + 1);
    }

    /** A path next to the compose file (relative to the root). */
    public String besideCompose(String relative) {
        return normalize(composeDir() + relative);
    }

    public ComposeProject compose() {
        return compose.get();
    }

    private ComposeProject readCompose() {
        if (!target.exists(composePath)) {
            boolean configured = layout().composeFile().isPresent();
            throw new BadInput(Location.of(configured ? Layout.FILE : composePath), configured
                    ? "compose: names " + composePath + ", which does not exist"
                    : "no compose file (looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml at the root and in app/)",
                    "a compose file at one of those places, or its path as compose: in " + Layout.FILE);
        }
        return ComposeProject.parse(target.read(composePath));
    }

    public boolean exists(String relative) {
        return target.exists(relative);
    }

    // ------------------------------------------------------------------ images

    /** The images in scope, in compose order, then the layout's extra images. */
    public List<ImageInScope> images() {
        return images.get();
    }

    public Optional<ImageInScope> imageOf(String service) {
        return images().stream().filter(i -> i.service().map(service::equals).orElse(false)).findFirst();
    }

    /** The parsed Dockerfile of an image. */
    public Dockerfile dockerfile(ImageInScope image) {
        return dockerfiles.computeIfAbsent(image.dockerfile(), k -> new Memo<>(() -> readDockerfile(image))).get();
    }

    private Dockerfile readDockerfile(ImageInScope image) {
        String problem = unreadableImages.get(image.dockerfile());
        if (problem != null) {
            throw new BadInput(image.declaredAt(), problem, "a build context on disk, relative to " + composePath);
        }
        SourceFile file = image.inline()
                .map(text -> new SourceFile(image.dockerfile(), text))
                .orElseGet(() -> target.read(image.dockerfile()));
        Dockerfile d = Dockerfile.parse(file);
        List<KeyValue> pairs = new ArrayList<>(d.globalArgs());
        for (Stage s : d.stages()) {
            pairs.addAll(s.env());
            pairs.addAll(s.args());
        }
        pairs.stream().filter(KeyValue::isLiteral).forEach(kv -> registerIfSecret(kv.key(), kv.value()));
        return d;
    }

    /**
     * The image's .dockerignore: {@code <Dockerfile>.dockerignore} next to the Dockerfile
     * (BuildKit reads it first), else {@code .dockerignore} at the root of the build context.
     */
    public Optional<DockerIgnore> dockerignore(ImageInScope image) {
        for (String candidate : List.of(image.dockerfile() + ".dockerignore", image.inContext(".dockerignore"))) {
            Optional<SourceFile> f = image.inline().isPresent() && candidate.startsWith(image.dockerfile())
                    ? Optional.empty() : target.readOptional(candidate);
            if (f.isPresent()) {
                return Optional.of(DockerIgnore.parse(f.get()));
            }
        }
        return Optional.empty();
    }

    private List<ImageInScope> findImages() {
        Map<String, ImageInScope> out = new LinkedHashMap<>();
        ComposeProject c = compose();
        for (Service s : c.services()) {
            if (s.build().isEmpty()) {
                continue;
            }
            Build b = s.build().get();
            Location at = new Location(composePath, b.line());
            String context = resolve(b.context()).orElse(b.context().raw());
            boolean remote = context.matches("^(https?|git|ssh)://.*") || context.startsWith("git@");
            String contextPath = remote ? context : normalize(composeDir() + context);
            if (b.dockerfileInline().isPresent()) {
                String label = composePath + " (" + s.name() + " build.dockerfile_inline)";
                out.putIfAbsent(label, new ImageInScope(Optional.of(s.name()), contextPath, label,
                        Optional.of(b.dockerfileInline().get().raw()), at));
                continue;
            }
            String df = b.dockerfile().map(d -> resolve(d).orElse(d.raw())).orElse(Build.DEFAULT_DOCKERFILE);
            String dockerfilePath = remote ? context + " " + df
                    : df.startsWith("/") ? normalize(df.substring(1)) : normalize(contextPath + "/" + df);
            if (remote) {
                unreadableImages.put(dockerfilePath, "the " + s.name() + " service builds from a remote context (" + context
                        + "); only local build contexts can be checked");
            } else if (Interpolation.isInterpolated(dockerfilePath)) {
                unreadableImages.put(dockerfilePath, "the build context or dockerfile of " + s.name()
                        + " uses a variable with no value in .env, .env.example or a default");
            }
            out.putIfAbsent(dockerfilePath, new ImageInScope(Optional.of(s.name()), contextPath, dockerfilePath, Optional.empty(), at));
        }
        for (String extra : layout().extraImages()) {
            String df = normalize(extra);
            String context = df.contains("/") ? df.substring(0, df.lastIndexOf('/')) : "";
            out.putIfAbsent(df, new ImageInScope(Optional.empty(), context, df, Optional.empty(), Location.of(Layout.FILE)));
        }
        return List.copyOf(out.values());
    }

    /** A compose value with its variables filled from .env, then .env.example, then defaults. */
    public Optional<String> resolve(Value v) {
        if (!v.interpolated()) {
            return Optional.of(v.raw());
        }
        return Interpolation.resolve(v.raw(), variables());
    }

    /** Looks variables up the way a learner's checkout would have them: .env, else .env.example. */
    public Function<String, Optional<String>> variables() {
        return name -> {
            for (String f : List.of(ENV, ENV_EXAMPLE)) {
                try {
                    Optional<String> v = envFile(besideCompose(f)).flatMap(e -> e.get(name)).map(EnvFile.Entry::value);
                    if (v.isPresent()) {
                        return v;
                    }
                } catch (BadInput ignored) {
                    // an unreadable env file resolves nothing; the checks that need it report it
                }
            }
            return Optional.empty();
        };
    }

    // ------------------------------------------------------------------ env files and git

    /** An env file (relative to the root), or empty when it does not exist. */
    public Optional<EnvFile> envFile(String relative) {
        String path = normalize(relative);
        return envFiles.computeIfAbsent(path, k -> new Memo<>(() -> target.readOptional(path).map(EnvFile::parse))).get();
    }

    /** The .env.example next to the compose file. */
    public Optional<EnvFile> envExample() {
        return envFile(besideCompose(ENV_EXAMPLE));
    }

    /** The rules of every .gitignore on the way from the root to this path. */
    public GitIgnores gitIgnoresFor(String relative) {
        List<GitIgnore> files = new ArrayList<>();
        String path = normalize(relative);
        String dir = "";
        String[] parts = path.split("/");
        for (int k = 0; k < parts.length; k++) {
            String candidate = dir + ".gitignore";
            gitIgnores.computeIfAbsent(candidate, c -> new Memo<>(() -> target.readOptional(c).map(GitIgnore::parse)))
                    .get().ifPresent(files::add);
            dir = dir + parts[k] + "/";
        }
        return new GitIgnores(files);
    }

    /** The .gitignore files that exist on the way to a path, for messages. */
    public List<String> gitIgnoreFilesFor(String relative) {
        return gitIgnoresFor(relative).files();
    }

    // ------------------------------------------------------------------ secrets

    private void registerSecrets() {
        List<String> envPaths = new ArrayList<>(List.of(besideCompose(ENV), besideCompose(ENV_EXAMPLE)));
        try {
            for (Service s : compose().services()) {
                for (EnvVar e : s.environment()) {
                    registerIfSecret(e.key(), e.value().filter(Value::isLiteral).map(Value::raw));
                }
                s.build().ifPresent(b -> b.args().forEach(a -> registerIfSecret(a.key(), a.value().filter(Value::isLiteral).map(Value::raw))));
                for (EnvFileRef f : s.envFiles()) {
                    envPaths.add(besideCompose(f.path()));
                }
            }
        } catch (BadInput ignored) {
            // the compose checks report it
        }
        for (String p : envPaths) {
            try {
                envFile(p).ifPresent(f -> f.entries().forEach(e -> registerIfSecret(e.key(), Optional.of(e.value()))));
            } catch (BadInput ignored) {
                // reported by the checks that read it
            }
        }
    }

    private static void registerIfSecret(String key, Optional<String> value) {
        if (Secrets.isSecretKey(key)) {
            value.ifPresent(Secrets::register);
        }
    }

    private String normalize(String relative) {
        String r = relative.replace('\\', '/');
        if (r.isEmpty() || r.equals(".")) {
            return "";
        }
        return target.relative(target.resolve(r));
    }
}
