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
import dev.fullchain.target.Missing;
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
 * (those the compose file builds, those fullchain.yaml images: names, else the Dockerfiles
 * found by layout), each image's Dockerfile and .dockerignore, the env files next to the
 * compose file, and the .gitignore rules. Everything is read on first use; a file that
 * cannot be read is a BadInput thrown by the accessor that needs it, so one broken file
 * blocks only the checks that read it; a deliverable that is not there at all is a Missing.
 */
public final class AppProject {

    public static final String ENV = ".env";
    public static final String ENV_EXAMPLE = ".env.example";
    /** The names docker compose itself looks for, in its order. */
    public static final List<String> COMPOSE_NAMES = ComposeProject.DEFAULT_NAMES;
    private static final List<String> COMPOSE_DIRS = List.of("", "app/");

    private final Target target;
    private final Memo<String> composePath;
    private final Memo<ComposeProject> compose;
    private final Memo<List<ImageInScope>> images;
    private final Map<String, Memo<Dockerfile>> dockerfiles = new ConcurrentHashMap<>();
    private final Map<String, Memo<Optional<EnvFile>>> envFiles = new ConcurrentHashMap<>();
    private final Map<String, Memo<Optional<GitIgnore>>> gitIgnores = new ConcurrentHashMap<>();
    private final Map<String, String> unreadableImages = new ConcurrentHashMap<>();

    private AppProject(Target target) {
        this.target = target;
        this.composePath = new Memo<>(this::findCompose);
        this.compose = new Memo<>(() -> ComposeProject.load(target, composePath()));
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

    /**
     * The compose file's path relative to the root: the one fullchain.yaml names, else the
     * first of {@link #COMPOSE_NAMES} at the root, then in app/, then anywhere (nearest the
     * root first). Throws Missing when there is none, BadInput when compose: names a file
     * that does not exist.
     */
    public String composePath() {
        return composePath.get();
    }

    private String findCompose() {
        Optional<String> configured = layout().composeFile();
        if (configured.isPresent()) {
            if (!target.exists(configured.get())) {
                throw new BadInput(layout().where("compose"), "compose: names " + configured.get() + ", which does not exist",
                        "the path of your compose file, relative to the repository root, as compose: in " + Layout.FILE);
            }
            return configured.get();
        }
        for (String dir : COMPOSE_DIRS) {
            for (String name : COMPOSE_NAMES) {
                if (target.exists(dir + name)) {
                    return dir + name;
                }
            }
        }
        for (String file : target.files().all()) {
            if (COMPOSE_NAMES.contains(file.substring(file.lastIndexOf('/') + 1))) {
                return file;
            }
        }
        throw new Missing("compose file (" + String.join(", ", COMPOSE_NAMES) + ")",
                List.of("the repository root", "app/", "anywhere in the repository"), "compose");
    }

    /** The compose file's folder relative to the root: "" or ending in '/'. */
    public String composeDir() {
        String path = composePath();
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    /** A path next to the compose file (relative to the root). */
    public String besideCompose(String relative) {
        return normalize(composeDir() + relative);
    }

    /**
     * A path a service writes (env_file, build context), relative to the root: resolved from
     * the service's project directory, the compose file's folder or, for an included file,
     * its own. Starts with "../" when it leaves the repository.
     */
    public String ofService(Service service, String relative) {
        return normalize(join(service.directory(), relative));
    }

    /** Whether a path relative to the root (as {@link #ofService} gives it) leaves the repository. */
    public static boolean leavesRepository(String relative) {
        return relative.equals("..") || relative.startsWith("../") || relative.startsWith("/");
    }

    /**
     * The compose project: the compose file merged with the override file beside it and the
     * files it includes. Missing when there is none, BadInput when one of them cannot be read
     * or parsed, or an include leaves the repository.
     */
    public ComposeProject compose() {
        return compose.get();
    }

    /** The compose file when there is one that parses; empty otherwise (the compose checks report why). */
    public Optional<ComposeProject> readableCompose() {
        try {
            return Optional.of(compose());
        } catch (Missing | BadInput notReadable) {
            return Optional.empty();
        }
    }

    public boolean exists(String relative) {
        return target.exists(relative);
    }

    // ------------------------------------------------------------------ images

    /**
     * The images in scope: those the compose file builds (in compose order), with the
     * fullchain.yaml images: entry of a service instead of what compose says, then the
     * Dockerfiles found by layout ({@link ImageLayout}) of the frontend and the api when no
     * readable compose file builds them, then the extra images. Missing when there is none.
     */
    public List<ImageInScope> images() {
        return images.get();
    }

    /** Where fullchain looks for the images, for "not found" messages. */
    public static List<String> imagesLookedIn() {
        return ImageLayout.lookedIn();
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
            throw new BadInput(image.declaredAt(), problem, "a build context and Dockerfile inside the repository");
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
     * The .dockerignore Docker reads for an image. BuildKit first reads the Dockerfile's own
     * ignore file, its path with ".dockerignore" appended, beside it (docker/Dockerfile.dockerignore,
     * api.Dockerfile.dockerignore), and only without one the .dockerignore at the root of the
     * build context: moby/buildkit frontend/dockerui/config.go reads
     * {@code bctx.filename + ".dockerignore"} from the Dockerfile's folder, then
     * {@code DefaultDockerignoreName} (".dockerignore") from the context; Docker's docs call it
     * a "Dockerfile-specific ignore-file". An inline Dockerfile has no file of its own.
     */
    public Optional<DockerIgnore> dockerignore(ImageInScope image) {
        List<String> candidates = new ArrayList<>();
        if (image.inline().isEmpty()) {
            candidates.add(image.dockerfile() + ".dockerignore");
        }
        candidates.add(image.inContext(".dockerignore"));
        for (String candidate : candidates) {
            Optional<SourceFile> f = target.readOptional(candidate);
            if (f.isPresent()) {
                return Optional.of(DockerIgnore.parse(f.get()));
            }
        }
        return Optional.empty();
    }

    /** The files of the repository inside an image's build context, relative to the context, nearest first. */
    public List<String> filesInContext(ImageInScope image) {
        String prefix = image.context().isEmpty() ? "" : image.context() + "/";
        return target.files().all().stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).toList();
    }

    private List<ImageInScope> findImages() {
        Map<String, ImageInScope> out = new LinkedHashMap<>();
        Optional<ComposeProject> compose = readableCompose();
        compose.ifPresent(c -> addComposeBuilds(c, out));
        for (Map.Entry<String, Layout.ImageMapping> e : layout().images().entrySet()) {
            String service = services().of(e.getKey());
            String df = normalize(e.getValue().dockerfile());
            String context = e.getValue().context().map(this::normalize).orElse(parent(df));
            out.values().removeIf(i -> i.service().equals(Optional.of(service)));
            out.put(df, new ImageInScope(Optional.of(service), context, df, Optional.empty(), layout().where("images." + e.getKey())));
        }
        // A role no compose file builds (none, unreadable, or it runs a ready-made image): its Dockerfile by layout.
        for (String role : List.of("frontend", "api")) {
            String service = services().of(role);
            if (out.values().stream().noneMatch(i -> i.service().equals(Optional.of(service)))) {
                ImageLayout.find(role, service, target::exists).ifPresent(c -> out.putIfAbsent(c.dockerfile(),
                        new ImageInScope(Optional.of(service), c.context(), c.dockerfile(), Optional.empty(), Location.of(c.dockerfile()))));
            }
        }
        for (String extra : layout().extraImages()) {
            String df = normalize(extra);
            out.putIfAbsent(df, new ImageInScope(Optional.empty(), parent(df), df, Optional.empty(), layout().where("images")));
        }
        if (out.isEmpty()) {
            throw new Missing("Dockerfile of the frontend or the api", ImageLayout.lookedIn(), "images");
        }
        return List.copyOf(out.values());
    }

    /**
     * The images a compose file builds, resolved as docker compose does: the context relative
     * to the compose file's folder, the dockerfile relative to the context.
     */
    private void addComposeBuilds(ComposeProject c, Map<String, ImageInScope> out) {
        for (Service s : c.services()) {
            if (s.build().isEmpty()) {
                continue;
            }
            Build b = s.build().get();
            Location at = b.at();
            String context = resolve(b.context()).orElse(b.context().raw());
            boolean remote = context.matches("^(https?|git|ssh)://.*") || context.startsWith("git@");
            String contextPath = remote ? context : normalize(join(s.directory(), context));
            if (b.dockerfileInline().isPresent()) {
                String label = b.file() + " (" + s.name() + " build.dockerfile_inline)";
                out.putIfAbsent(label, new ImageInScope(Optional.of(s.name()), contextPath, label,
                        Optional.of(b.dockerfileInline().get().raw()), at));
                continue;
            }
            String df = b.dockerfile().map(d -> resolve(d).orElse(d.raw())).orElse(Build.DEFAULT_DOCKERFILE);
            String dockerfilePath = remote ? context + " " + df : df.startsWith("/") ? df : normalize(join(contextPath, df));
            if (remote) {
                unreadableImages.put(dockerfilePath, "the " + s.name() + " service builds from a remote context (" + context
                        + "); only local build contexts can be checked");
            } else if (Interpolation.isInterpolated(dockerfilePath)) {
                unreadableImages.put(dockerfilePath, "the build context or dockerfile of " + s.name()
                        + " uses a variable with no value in .env, .env.example or a default");
            } else if (df.startsWith("/") || contextPath.startsWith("../") || contextPath.equals("..")
                    || dockerfilePath.startsWith("../")) {
                unreadableImages.put(dockerfilePath, "the " + s.name() + " service builds from " + dockerfilePath
                        + ", outside the repository");
            }
            out.putIfAbsent(dockerfilePath, new ImageInScope(Optional.of(s.name()), contextPath, dockerfilePath, Optional.empty(), at));
        }
    }

    /** dir joined with a relative path ("" is the root). */
    private static String join(String dir, String relative) {
        if (dir.isEmpty() || dir.equals(".")) {
            return relative;
        }
        return dir.endsWith("/") ? dir + relative : dir + "/" + relative;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
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
        return name -> setting(name).map(EnvFile.Entry::value);
    }

    /** Where a variable the compose file uses is set: its line in .env, else in .env.example. */
    public Optional<Location> whereSet(String name) {
        for (String f : List.of(ENV, ENV_EXAMPLE)) {
            try {
                String path = besideCompose(f);
                Optional<EnvFile.Entry> e = envFile(path).flatMap(file -> file.get(name));
                if (e.isPresent()) {
                    return Optional.of(new Location(path, e.get().line()));
                }
            } catch (BadInput | Missing ignored) {
                // an unreadable env file sets nothing; the checks that need it report it
            }
        }
        return Optional.empty();
    }

    private Optional<EnvFile.Entry> setting(String name) {
        for (String f : List.of(ENV, ENV_EXAMPLE)) {
            try {
                Optional<EnvFile.Entry> v = envFile(besideCompose(f)).flatMap(e -> e.get(name));
                if (v.isPresent()) {
                    return v;
                }
            } catch (BadInput | Missing ignored) {
                // an unreadable env file resolves nothing; the checks that need it report it
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ env files and git

    /** An env file (relative to the root), or empty when it does not exist. */
    public Optional<EnvFile> envFile(String relative) {
        String path = normalize(relative);
        return envFiles.computeIfAbsent(path, k -> new Memo<>(() -> target.readOptional(path).map(EnvFile::parse))).get();
    }

    /** The .env.example next to the compose file; empty when there is no compose file. */
    public Optional<EnvFile> envExample() {
        try {
            return envFile(besideCompose(ENV_EXAMPLE));
        } catch (Missing noCompose) {
            return Optional.empty();
        }
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
        String dir;
        try {
            dir = composeDir();
        } catch (Missing | BadInput noCompose) {
            dir = "";
        }
        List<String> envPaths = new ArrayList<>(List.of(normalize(dir + ENV), normalize(dir + ENV_EXAMPLE)));
        try {
            for (Service s : compose().written()) {
                for (EnvVar e : s.environment()) {
                    registerIfSecret(e.key(), e.value().filter(Value::isLiteral).map(Value::raw));
                }
                s.build().ifPresent(b -> b.args().forEach(a -> registerIfSecret(a.key(), a.value().filter(Value::isLiteral).map(Value::raw))));
                for (EnvFileRef f : s.envFiles()) {
                    String path = ofService(s, f.path());
                    if (!leavesRepository(path)) {
                        envPaths.add(path);
                    }
                }
            }
        } catch (BadInput | Missing ignored) {
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
