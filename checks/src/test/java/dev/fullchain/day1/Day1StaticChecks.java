package dev.fullchain.day1;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.DockerIgnore;
import dev.fullchain.model.app.EnvFile;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.Dependency;
import dev.fullchain.model.compose.EnvFileRef;
import dev.fullchain.model.compose.EnvVar;
import dev.fullchain.model.compose.Healthcheck;
import dev.fullchain.model.compose.Interpolation;
import dev.fullchain.model.compose.Mount;
import dev.fullchain.model.compose.Port;
import dev.fullchain.model.compose.Service;
import dev.fullchain.model.compose.Value;
import dev.fullchain.model.docker.BaseImage;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.ImageName;
import dev.fullchain.model.docker.Instruction;
import dev.fullchain.model.docker.KeyValue;
import dev.fullchain.model.docker.ShellCommand;
import dev.fullchain.model.docker.Stage;
import dev.fullchain.model.docker.UserSetting;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Day 1, static tier: the dockerised app read from its files (compose file, Dockerfiles,
 * .dockerignore, env files, .gitignore), without Docker. One method per criterion; each
 * collects every problem it finds and fails once with all of them.
 */
class Day1StaticChecks {

    private static final String PG_DATA_DIR = "/var/lib/postgresql/data";

    // ================================================================== layout

    @Criterion("D1.APP.LAYOUT")
    void frontendApiAndDbArePresentAndTheTwoBuiltOnesHaveADockerfile(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // unreadable: BadInput, reported with its file and line
        Layout.Services names = app.services();
        Location services = at(compose, compose.servicesLine());
        for (String role : List.of("frontend", "api", "db")) {
            String name = serviceName(names, role);
            Optional<Service> service = compose.service(name);
            if (service.isEmpty()) {
                findings.add(services, "no service '" + name + "' (the " + role + ")",
                        "a service named " + name + " under services: (or map your name in fullchain.yaml services:)");
                continue;
            }
            Service s = service.get();
            if (role.equals("db")) {
                if (s.image().isEmpty() && s.build().isEmpty()) {
                    findings.add(at(compose, s.line()), "service " + name + " has neither image: nor build:",
                            "image: postgres:<version> (or a build of your own database image)");
                }
                continue;
            }
            if (s.build().isEmpty()) {
                findings.add(at(compose, s.line()), "service " + name + (name.equals(role) ? "" : " (the " + role + ")") + " is not built here"
                                + s.image().map(i -> ": it runs the ready-made image " + i.raw()).orElse(""),
                        "build: pointing at the " + role + "'s folder, with its Dockerfile");
                continue;
            }
            findings.tolerating(() -> app.imageOf(name).ifPresent(image -> {
                if (image.inline().isEmpty() && !app.exists(image.dockerfile())) {
                    String why = app.exists(image.context()) ? "there is no " + image.dockerfile()
                            : "the build context " + image.context() + " does not exist";
                    findings.add(image.declaredAt(), "service " + name + " builds " + image.context() + ", but " + why,
                            "a Dockerfile at " + image.dockerfile() + " (or build.dockerfile naming the right file)");
                }
            }));
        }
        for (String extra : app.layout().extraImages()) {
            if (!app.exists(extra)) {
                findings.add(Location.of(Layout.FILE), "images: names " + extra + ", which does not exist",
                        "the path of a Dockerfile, relative to the repository root");
            }
        }
        findings.assertNone();
    }

    // ================================================================== images

    @Criterion("D1.IMG.PINNED")
    void everyFromIsPinnedToAVersionTagOrADigest(AppProject app) {
        Findings findings = new Findings();
        forEachImage(app, findings, (image, dockerfile) -> {
            for (Stage stage : dockerfile.stages()) {
                BaseImage base = stage.base();
                if (base.isScratch() || base.isStage()) {
                    continue; // scratch is empty; an earlier stage is pinned by its own FROM
                }
                Location where = at(dockerfile, stage.line());
                String subject = image.describe() + ", " + stage.describe();
                if (base.resolved().isEmpty()) {
                    findings.add(where, subject + ": cannot tell which image, ${" + String.join("}, ${", base.unresolvedVariables())
                                    + "} has no default value",
                            "a default that pins a version (ARG NAME=image:1.2.3 before FROM) or FROM image:tag written out");
                    continue;
                }
                unpinned(base.image().orElseThrow()).ifPresent(problem ->
                        findings.add(where, subject + ": " + problem, "FROM " + base.image().get().repository()
                                + ":<version> (e.g. debian:bookworm-slim) or @sha256:<digest>"));
            }
        });
        // The images compose runs without building them are pinned the same way (db: postgres:15).
        // An unreadable compose file was reported above, with the images it hides.
        ComposeProject compose = quietly(app);
        if (compose != null) {
            for (Service s : compose.services()) {
                if (s.build().isPresent() || s.image().isEmpty()) {
                    continue; // with build:, image: only names the result
                }
                Value image = s.image().get();
                Location where = at(compose, image.line());
                Optional<String> resolved = app.resolve(image);
                if (resolved.isEmpty()) {
                    findings.add(where, "service " + s.name() + ": image " + image.raw()
                                    + " cannot be told: its variable has no value in .env, .env.example or a default",
                            "a default that pins a version: ${VAR:-image:1.2.3}");
                    continue;
                }
                unpinned(ImageName.parse(resolved.get())).ifPresent(problem ->
                        findings.add(where, "service " + s.name() + ": image " + describe(image, resolved.get()) + ": " + problem,
                                "image: " + ImageName.parse(resolved.get()).repository() + ":<version> or @sha256:<digest>"));
            }
        }
        findings.assertNone();
    }

    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

    /** What is wrong with an image reference's pinning, if anything. Only "latest" counts as a moving tag. */
    private static Optional<String> unpinned(ImageName name) {
        if (name.digest().isPresent()) {
            return SHA256.matcher(name.digest().get()).matches() ? Optional.empty()
                    : Optional.of("@" + name.digest().get() + " is not a sha256 digest");
        }
        if (name.tag().isEmpty()) {
            return Optional.of("no tag, so Docker takes :latest, a different image over time");
        }
        if (name.tag().get().equalsIgnoreCase("latest")) {
            return Optional.of("the :latest tag, a different image over time");
        }
        return Optional.empty();
    }

    @Criterion("D1.IMG.NONROOT")
    void theFinalStageOfEachImageRunsAsANonRootUser(AppProject app) {
        Findings findings = new Findings();
        forEachImage(app, findings, (image, dockerfile) -> {
            Stage last = dockerfile.finalStage();
            String subject = image.describe() + ", final " + last.describe();
            Optional<UserSetting> user = dockerfile.effectiveUser(last);
            if (user.isEmpty()) {
                findings.add(at(dockerfile, last.line()), subject + ": no USER, so it runs as the base image's user (root)",
                        "USER <non-root uid or name> in the final stage, e.g. USER 10001");
                return;
            }
            UserSetting u = user.get();
            String inherited = u.stageIndex() == last.index() ? ""
                    : " (inherited from " + dockerfile.stages().get(u.stageIndex()).describe() + ")";
            Location where = at(dockerfile, u.line());
            if (u.user().isEmpty()) {
                findings.add(where, subject + ": USER " + u.raw() + inherited + ", whose value cannot be told",
                        "USER with a literal non-root uid or name, or an ARG/ENV default for it");
            } else if (isRoot(u.user().get())) {
                findings.add(where, subject + ": USER " + u.raw() + inherited + " runs as root",
                        "a non-root user: USER 10001 (created with useradd) or a named user other than root");
            }
        });
        findings.assertNone();
    }

    private static boolean isRoot(String user) {
        return user.equals("root") || user.matches("0+");
    }

    @Criterion("D1.IMG.MULTISTAGE")
    void theFrontendImageIsMultiStageWithNoBuildToolchainInItsFinalStage(AppProject app) {
        Findings findings = new Findings();
        String frontend = app.services().frontend();
        findings.tolerating(() -> {
            Optional<ImageInScope> image = app.imageOf(frontend);
            if (image.isEmpty()) {
                ComposeProject c = app.compose();
                findings.add(at(c, c.service(frontend).map(Service::line).orElse(c.servicesLine())),
                        "the " + frontend + " service is not built from a Dockerfile here, so its image cannot be checked",
                        "build: with the " + frontend + "'s multi-stage Dockerfile");
                return;
            }
            Dockerfile d = app.dockerfile(image.get());
            Stage last = d.finalStage();
            String subject = image.get().describe();
            if (!d.isMultiStage()) {
                findings.add(at(d, last.line()), subject + " has one stage only (FROM " + last.base().describe()
                                + "): whatever builds the app ships with it",
                        "a build stage (FROM ... AS build: npm ci, npm run build) and a final serving stage that copies only the built files");
                return;
            }
            for (Stage s : d.lineage(last)) {
                String where = s == last ? "the final " + s.describe() : s.describe() + ", which the final stage is built FROM,";
                s.base().image().filter(i -> i.shortName().matches("node(js)?")).ifPresent(i ->
                        findings.add(at(d, s.line()), subject + ": " + where + " starts from " + i + ", which ships node and npm",
                                "a serving base without node (e.g. debian:bookworm-slim with nginx, nginx:1.27)"));
                for (Instruction ins : s.instructions()) {
                    if (ins.is("RUN")) {
                        toolchainIn(ins).ifPresent(what -> findings.add(at(d, ins.line()), subject + ": " + where + " " + what,
                                "node, npm and yarn only in the build stage; the final stage only serves the built files"));
                    } else if (ins.is("COPY") || ins.is("ADD")) {
                        nodeModulesCopied(d, ins).ifPresent(what -> findings.add(at(d, ins.line()),
                                subject + ": " + where + " " + what,
                                "COPY --from=build only the build output (e.g. /src/dist), never node_modules"));
                    }
                }
            }
        });
        findings.assertNone();
    }

    private static final Set<String> INSTALLERS = Set.of("apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf");
    private static final Set<String> NODE_PACKAGES = Set.of("nodejs", "node", "npm", "yarn", "yarnpkg", "pnpm");
    private static final Set<String> NODE_TOOLS = Set.of("npm", "npx", "yarn", "yarnpkg", "pnpm", "corepack", "node", "nodejs");

    /** "installs nodejs (RUN apt-get ...)" or "runs npm (RUN npm ci)" when a RUN brings the node toolchain in. */
    private static Optional<String> toolchainIn(Instruction run) {
        if (run.script().contains("nodesource")) {
            return Optional.of("installs node from NodeSource (" + run.summary() + ")");
        }
        for (ShellCommand c : run.commands()) {
            if (INSTALLERS.contains(c.program()) && (c.hasArgument("install") || c.hasArgument("add"))) {
                for (String p : c.arguments()) {
                    String pkg = p.replaceAll("[=@].*$", "");
                    if (NODE_PACKAGES.contains(pkg)) {
                        return Optional.of("installs " + pkg + " (" + run.summary() + ")");
                    }
                }
            }
            if (NODE_TOOLS.contains(c.program())) {
                return Optional.of("runs " + c.program() + " (" + run.summary() + ")");
            }
        }
        return Optional.empty();
    }

    /** "copies node_modules (COPY ...)" when a COPY/ADD brings node_modules, or the folder holding them, in. */
    private static Optional<String> nodeModulesCopied(Dockerfile d, Instruction copy) {
        List<String> words = copy.words();
        List<String> sources = words.size() > 1 ? words.subList(0, words.size() - 1) : List.of();
        Optional<Stage> from = copy.flag("from").flatMap(d::stage);
        for (String src : sources) {
            if (List.of(src.split("/")).contains("node_modules")) {
                return Optional.of("copies node_modules (" + copy.summary() + ")");
            }
            if (from.isPresent()) {
                String dir = normalizeDir(src);
                for (String nm : nodeModulesDirs(d, from.get())) {
                    if (nm.equals(dir + "/node_modules") || nm.startsWith(dir.equals("/") ? "/" : dir + "/")) {
                        return Optional.of("copies " + src + " from " + from.get().describe() + ", which holds the "
                                + nm + " that stage installed (" + copy.summary() + ")");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Where a stage (and the stages it is built FROM) installed node_modules: the WORKDIR of each npm/yarn install. */
    private static Set<String> nodeModulesDirs(Dockerfile d, Stage stage) {
        Set<String> out = new LinkedHashSet<>();
        List<Stage> lineage = new ArrayList<>(d.lineage(stage));
        java.util.Collections.reverse(lineage);
        String workdir = "/";
        for (Stage s : lineage) {
            for (Instruction ins : s.instructions()) {
                if (ins.is("WORKDIR")) {
                    String w = ins.body().strip();
                    workdir = w.startsWith("/") ? normalizeDir(w) : normalizeDir(workdir + "/" + w);
                } else if (ins.is("RUN")) {
                    for (ShellCommand c : ins.commands()) {
                        boolean installs = (Set.of("npm", "pnpm").contains(c.program())
                                && (c.hasArgument("ci") || c.hasArgument("install") || c.hasArgument("i")))
                                || (c.program().equals("yarn") && (c.arguments().isEmpty() || c.hasArgument("install")));
                        if (installs) {
                            out.add((workdir.equals("/") ? "" : workdir) + "/node_modules");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static String normalizeDir(String path) {
        String p = path.replaceAll("/+", "/").replaceAll("(/\\.)+$", "");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "/" : p;
    }

    @Criterion("D1.IMG.HYGIENE")
    void dockerignoreLeanAptInstallsCopyNotAddAndJsonFormCmd(AppProject app) {
        Findings findings = new Findings();
        forEachImage(app, findings, (image, dockerfile) -> {
            dockerignore(app, image, dockerfile, findings);
            aptAndApk(image, dockerfile, findings);
            noAddOfLocalFiles(image, dockerfile, findings);
            execFormStart(image, dockerfile, findings);
        });
        findings.assertNone();
    }

    /**
     * What every .dockerignore must leave out, as a sample path and how to name it. Caches:
     * the folders a developer's own runs create in the working copy and that only bloat the
     * context and break layer caching; which ones depends on the toolchain the Dockerfile uses
     * (Python bytecode caches at any depth; npm's and generic tool caches at the root).
     */
    private record Excluded(String samplePath, String shown) {
    }

    private static final List<Excluded> ALWAYS = List.of(
            new Excluded(".git/HEAD", ".git"),
            new Excluded("node_modules/left-pad/package.json", "node_modules"),
            new Excluded(".env", ".env"));
    private static final List<Excluded> PYTHON_CACHES = List.of(
            new Excluded("app/__pycache__/main.cpython-311.pyc", "**/__pycache__ (Python bytecode, at any depth)"));
    private static final List<Excluded> NODE_CACHES = List.of(
            new Excluded(".npm/_cacache/index-v5/00", ".npm (npm's cache)"),
            new Excluded(".cache/babel-loader/x.json", ".cache (build tools' cache)"));
    private static final Pattern PYTHON = Pattern.compile("(?i)\\b(python[0-9.]*|pip[0-9.]*|pipx|poetry|pipenv|uvicorn|gunicorn)\\b");
    private static final Pattern NODE = Pattern.compile("(?i)(?<![\\w.-])(node|nodejs|npm|npx|yarn|pnpm)(?![\\w-])");

    private static void dockerignore(AppProject app, ImageInScope image, Dockerfile dockerfile, Findings findings) {
        Optional<DockerIgnore> ignore = app.dockerignore(image);
        if (ignore.isEmpty()) {
            findings.add(Location.of(image.inContext(".dockerignore")), "no .dockerignore for " + image.describe()
                            + ": the whole folder " + (image.context().isEmpty() ? "(the repository root)" : image.context())
                            + " is sent to the build, .git and .env included",
                    "a .dockerignore in the build context excluding .git, node_modules, .env and caches");
            return;
        }
        List<Excluded> required = new ArrayList<>(ALWAYS);
        String text = String.join("\n", dockerfile.instructions().stream().map(i -> i.text() + "\n" + i.script()).toList());
        if (PYTHON.matcher(text).find()) {
            required.addAll(PYTHON_CACHES);
        }
        if (NODE.matcher(text).find()) {
            required.addAll(NODE_CACHES);
        }
        List<String> missing = required.stream().filter(e -> !ignore.get().excludes(e.samplePath())).map(Excluded::shown).toList();
        if (!missing.isEmpty()) {
            findings.add(Location.of(ignore.get().path()), "the .dockerignore of " + image.describe() + " does not exclude "
                            + String.join(", ", missing),
                    "lines excluding " + String.join(", ", missing) + " (caches are what your own runs leave in the folder"
                            + " for the toolchain this Dockerfile uses; they only bloat the context and break layer caching)");
        }
    }

    private static void aptAndApk(ImageInScope image, Dockerfile d, Findings findings) {
        Set<Stage> shipped = new LinkedHashSet<>(d.lineage(d.finalStage()));
        for (Stage s : d.stages()) {
            for (Instruction run : s.all("RUN")) {
                String subject = image.describe() + ", " + s.describe() + ": ";
                boolean touchesApt = false;
                boolean cleansLists = cachesAptLists(run);
                for (ShellCommand c : run.commands()) {
                    boolean apt = Set.of("apt-get", "apt", "aptitude").contains(c.program());
                    if (apt && c.hasArgument("install")) {
                        touchesApt = true;
                        boolean lean = c.arguments().stream().anyMatch(a -> a.equals("--no-install-recommends")
                                || a.matches("(?i)APT::Install-Recommends=(false|0|no)"));
                        if (!lean) {
                            findings.add(at(d, run.line()), subject + c.program() + " install without --no-install-recommends ("
                                    + run.summary() + ")", c.program() + " install -y --no-install-recommends <packages>");
                        }
                    }
                    if (apt && c.hasArgument("update")) {
                        touchesApt = true;
                    }
                    if (c.program().equals("rm") && c.arguments().stream().anyMatch(a -> a.startsWith("/var/lib/apt/lists"))) {
                        cleansLists = true;
                    }
                    if (c.program().equals("apk") && c.hasArgument("add") && !c.hasArgument("--no-cache") && shipped.contains(s)) {
                        findings.add(at(d, run.line()), subject + "apk add without --no-cache (" + run.summary() + ")",
                                "apk add --no-cache <packages>, so the package index stays out of the layer");
                    }
                }
                // Lists only weigh on the image in the stages it is made of; a build stage's are thrown away.
                if (touchesApt && !cleansLists && shipped.contains(s)) {
                    findings.add(at(d, run.line()), subject + "this RUN fetches the apt lists and leaves them in the layer ("
                                    + run.summary() + ")",
                            "&& rm -rf /var/lib/apt/lists/* at the end of the same RUN as apt-get update/install");
                }
            }
        }
    }

    /** A BuildKit cache mount on the apt lists keeps them out of the layer as well. */
    private static boolean cachesAptLists(Instruction run) {
        return run.flagValues("mount").stream().anyMatch(m -> m.contains("type=cache")
                && m.matches(".*(target|dst|destination)=/var/lib/apt(/lists)?/?(,.*)?$"));
    }

    private static final Pattern URL = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://|git@).*");
    private static final Pattern ARCHIVE = Pattern.compile("(?i).*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2?|tar\\.xz|txz|tar\\.zst|tzst)$");

    /**
     * ADD is flagged when it copies local files or folders, what COPY does without ADD's
     * surprises. Tolerated, as in Docker's best practices and hadolint's DL3020: ADD of a
     * local tar archive (its extraction is the reason to use ADD) and of a URL.
     */
    private static void noAddOfLocalFiles(ImageInScope image, Dockerfile d, Findings findings) {
        for (Stage s : d.stages()) {
            for (Instruction add : s.all("ADD")) {
                List<String> words = add.words();
                List<String> local = (words.size() > 1 ? words.subList(0, words.size() - 1) : words).stream()
                        .filter(src -> !URL.matcher(src).matches() && !ARCHIVE.matcher(src).matches()).toList();
                if (!local.isEmpty()) {
                    findings.add(at(d, add.line()), image.describe() + ", " + s.describe() + ": " + add.summary()
                                    + " adds local " + String.join(", ", local),
                            "COPY " + String.join(" ", words) + " (ADD only to extract a local tar archive or fetch a URL)");
                }
            }
        }
    }

    private static void execFormStart(ImageInScope image, Dockerfile d, Findings findings) {
        Stage last = d.finalStage();
        for (String kw : List.of("ENTRYPOINT", "CMD")) {
            d.effective(kw, last).filter(i -> !i.isExecForm()).ifPresent(i -> findings.add(at(d, i.line()),
                    image.describe() + ", final " + last.describe() + ": " + i.summary()
                            + " is in shell form, so /bin/sh is PID 1 and your process never gets SIGTERM",
                    kw + " " + execFormOf(i)));
        }
    }

    /** The same command as a JSON array, unless it carries a secret (then only the shape is shown). */
    private static String execFormOf(Instruction i) {
        if (i.summary().contains(Secrets.MASK)) {
            return "[\"executable\", \"arg\", ...] (exec form, a JSON array)";
        }
        List<String> quoted = i.words().stream().map(w -> "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList();
        return "[" + String.join(", ", quoted) + "] (exec form, a JSON array)";
    }

    @Criterion("D1.IMG.NO_SECRETS")
    void noSecretLookingEnvOrArgValuesInDockerfiles(AppProject app) {
        Findings findings = new Findings();
        forEachImage(app, findings, (image, dockerfile) -> {
            Map<String, KeyValue> pairs = new LinkedHashMap<>();
            dockerfile.globalArgs().forEach(kv -> pairs.put(kv.line() + kv.key(), kv));
            for (Stage s : dockerfile.stages()) {
                s.args().forEach(kv -> pairs.put(kv.line() + kv.key(), kv));
                s.env().forEach(kv -> pairs.put(kv.line() + kv.key(), kv));
            }
            for (KeyValue kv : pairs.values()) {
                if (!kv.isLiteral()) {
                    continue;
                }
                String value = kv.value().orElseThrow();
                Optional<String> why = secretKeyWithValue(kv.key(), value).or(() -> secretShapeIn(value));
                why.ifPresent(w -> {
                    Secrets.register(value);
                    findings.add(at(dockerfile, kv.line()), image.describe() + ": " + kv.keyword() + " " + kv.key() + "="
                                    + Secrets.MASK + " — " + w,
                            "no secret in the image (ENV and ARG values stay in its history): " + kv.keyword() + " " + kv.key()
                                    + " without a value, the real one given at run time (env_file, secrets)");
                });
            }
            // Keys and tokens have recognisable shapes wherever they are written (RUN, LABEL, heredocs).
            for (Instruction ins : dockerfile.instructions()) {
                if (ins.is("ENV") || ins.is("ARG")) {
                    continue;
                }
                tokenShapeIn(ins.text() + "\n" + ins.script()).ifPresent(w -> findings.add(at(dockerfile, ins.line()),
                        image.describe() + ": " + ins.keyword() + " contains " + w,
                        "no key or token in the Dockerfile: mount it at build time (RUN --mount=type=secret) or give it at run time"));
            }
        });
        findings.assertNone();
    }

    /**
     * Keys that only point at or describe a secret: DB_PASSWORD_FILE names a file holding it,
     * TOKEN_URL where to get one, SECRET_NAME which one, PASSWORD_MIN_LENGTH a rule.
     */
    private static final Pattern NOT_A_SECRET_KEY = Pattern.compile(
            "(?i).*_(FILE|PATH|DIR|FILENAME|URL|URI|ENDPOINT|HOST|PORT|NAME|LENGTH|TTL|TIMEOUT|ENABLED)$");
    /** Numbers and switches are settings, not secrets. */
    private static final Pattern NOT_A_SECRET_VALUE = Pattern.compile("(?i)\\d+|true|false|yes|no|on|off");
    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)(passw(or)?d|pwd|secret|token|api[_-]?key)\\s*[=:]\\s*([^\\s&;,'\"]{4,})");
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^/\\s:@]+:([^@\\s/]+)@");
    private static final Map<String, Pattern> TOKEN_SHAPES = tokenShapes();

    private static Map<String, Pattern> tokenShapes() {
        Map<String, Pattern> m = new LinkedHashMap<>();
        m.put("an AWS access key id (AKIA...)", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"));
        m.put("a private key (-----BEGIN ... PRIVATE KEY-----)", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));
        m.put("a GitHub token", Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})\\b"));
        m.put("a Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"));
        m.put("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b"));
        m.put("a Stripe secret key", Pattern.compile("\\b[sr]k_live_[0-9A-Za-z]{16,}\\b"));
        m.put("a JSON web token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"));
        return m;
    }

    private static Optional<String> secretKeyWithValue(String key, String value) {
        if (Secrets.isSecretKey(key) && !NOT_A_SECRET_KEY.matcher(key).matches() && !NOT_A_SECRET_VALUE.matcher(value.strip()).matches()) {
            return Optional.of("a secret-looking name with a literal value (" + value.length() + " characters)");
        }
        return Optional.empty();
    }

    /** A value that carries a secret whatever its key: a token shape, password=..., a URL with a password. */
    private static Optional<String> secretShapeIn(String value) {
        Optional<String> token = tokenShapeIn(value);
        if (token.isPresent()) {
            return Optional.of("the value looks like " + token.get().substring(token.get().indexOf(' ') + 1));
        }
        Matcher a = ASSIGNED_SECRET.matcher(value);
        while (a.find()) {
            if (!a.group(3).startsWith("$")) {
                Secrets.register(a.group(3));
                return Optional.of("the value sets " + a.group(1) + " to a literal");
            }
        }
        Matcher u = URL_PASSWORD.matcher(value);
        while (u.find()) {
            if (!u.group(1).startsWith("$")) {
                Secrets.register(u.group(1));
                return Optional.of("the value is a URL with a password in it");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tokenShapeIn(String text) {
        for (Map.Entry<String, Pattern> e : TOKEN_SHAPES.entrySet()) {
            Matcher m = e.getValue().matcher(text);
            if (m.find()) {
                Secrets.register(m.group());
                return Optional.of("what looks like " + e.getKey());
            }
        }
        return Optional.empty();
    }

    // ================================================================== compose

    @Criterion("D1.COMPOSE.SERVICES")
    void theComposeFileParsesAndDefinesFrontendApiAndDb(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // unreadable: BadInput, reported with its file and line
        Layout.Services names = app.services();
        for (String role : List.of("frontend", "api", "db")) {
            String name = serviceName(names, role);
            if (compose.service(name).isEmpty()) {
                findings.add(at(compose, compose.servicesLine()), compose.services().isEmpty() ? "no services: at all"
                                : "services " + compose.services().stream().map(Service::name).toList() + ", no '" + name + "'",
                        "a service named " + name + " (the " + role + "), or your name for it mapped in fullchain.yaml services:");
            }
        }
        // What `docker compose config` itself refuses.
        for (Service s : compose.services()) {
            if (s.image().isEmpty() && s.build().isEmpty()) {
                findings.add(at(compose, s.line()), "service " + s.name() + " has neither image: nor build:",
                        "image: or build: for every service");
            }
            for (Dependency d : s.dependsOn()) {
                if (compose.service(d.service()).isEmpty()) {
                    findings.add(at(compose, d.line()), "service " + s.name() + " depends on '" + d.service() + "', which is not defined",
                            "depends_on naming services of this file");
                }
            }
            for (Mount m : s.volumes()) {
                if (m.kind() == Mount.Kind.NAMED && compose.volume(m.source().orElse("")).isEmpty()) {
                    findings.add(at(compose, m.line()), "service " + s.name() + " mounts volume '" + m.source().orElse("")
                                    + "', which is not declared under the top-level volumes:",
                            "volumes:\n  " + m.source().orElse("") + ":   (at the top level of the file)");
                }
            }
        }
        findings.assertNone();
    }

    @Criterion("D1.COMPOSE.HEALTH")
    void dbAndApiHaveHealthchecksAndApiWaitsForAHealthyDb(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // unreadable: BadInput, reported with its file and line
        String db = app.services().db();
        String api = app.services().api();
        for (String name : List.of(db, api)) {
            Optional<Service> service = compose.service(name);
            if (service.isEmpty()) {
                findings.add(at(compose, compose.servicesLine()), "no service '" + name + "' to give a healthcheck",
                        "a service " + name + " with a healthcheck");
                continue;
            }
            healthcheck(app, compose, service.get(), findings);
        }
        compose.service(api).ifPresent(s -> {
            Optional<Dependency> dep = s.dependency(db);
            if (dep.isEmpty()) {
                findings.add(at(compose, s.line()), "service " + api + " does not depend on " + db
                                + ", so it can start before the database accepts connections",
                        "depends_on: {" + db + ": {condition: service_healthy}} under " + api);
            } else if (!dep.get().condition().equals(Dependency.HEALTHY)) {
                findings.add(at(compose, dep.get().line()), "service " + api + " waits for " + db + " with condition "
                                + dep.get().condition() + (dep.get().condition().equals(Dependency.STARTED)
                                ? " (the list form means that): started is not ready" : ""),
                        "depends_on: {" + db + ": {condition: service_healthy}}");
            }
        });
        findings.assertNone();
    }

    private static void healthcheck(AppProject app, ComposeProject compose, Service s, Findings findings) {
        Optional<Healthcheck> hc = s.healthcheck();
        if (hc.isPresent() && hc.get().disabled()) {
            findings.add(at(compose, hc.get().line()), "service " + s.name() + " has its healthcheck disabled",
                    "a healthcheck test that proves " + s.name() + " serves (not disable: true or NONE)");
            return;
        }
        if (hc.isPresent() && !hc.get().test().isEmpty()) {
            String first = hc.get().test().get(0);
            if (!first.equals("CMD") && !first.equals("CMD-SHELL")) {
                findings.add(at(compose, hc.get().line()), "service " + s.name() + ": healthcheck test starts with '" + first + "'",
                        "test: [\"CMD\", ...] or [\"CMD-SHELL\", \"...\"] or a string");
            } else if (hc.get().test().size() < 2 || hc.get().test().get(1).isBlank()) {
                findings.add(at(compose, hc.get().line()), "service " + s.name() + ": healthcheck test runs nothing",
                        "a command after " + first);
            }
            return;
        }
        // No test in compose: the image's own HEALTHCHECK counts, if the image is built here.
        Optional<Instruction> fromImage = Optional.empty();
        try {
            Optional<ImageInScope> image = s.build().isPresent() ? app.imageOf(s.name()) : Optional.empty();
            if (image.isPresent()) {
                Dockerfile d = app.dockerfile(image.get());
                fromImage = d.effective("HEALTHCHECK", d.finalStage()).filter(i -> !i.body().strip().equalsIgnoreCase("NONE"));
            }
        } catch (BadInput unreadable) {
            // the image checks report the Dockerfile; here it just does not provide a healthcheck
        }
        if (fromImage.isEmpty()) {
            findings.add(at(compose, hc.map(Healthcheck::line).orElse(s.line())), "service " + s.name() + " has no healthcheck"
                            + (hc.isPresent() ? " test" : ""),
                    "healthcheck: with a test that proves " + s.name() + " serves (e.g. pg_isready for Postgres, "
                            + "a request to the api's health endpoint)");
        }
    }

    @Criterion("D1.COMPOSE.VOLUME")
    void postgresDataLivesOnANamedVolume(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // unreadable: BadInput, reported with its file and line
        String dbName = app.services().db();
        Optional<Service> db = compose.service(dbName);
        if (db.isEmpty()) {
            findings.add(at(compose, compose.servicesLine()), "no service '" + dbName + "' whose data could be kept",
                    "a service " + dbName + " with a named volume on its data directory");
            findings.assertNone();
            return;
        }
        Service s = db.get();
        // PGDATA moves the data; the volume may sit on it or on its parent folder.
        String dataDir = s.env("PGDATA").flatMap(EnvVar::value).flatMap(app::resolve).filter(v -> v.startsWith("/"))
                .map(Day1StaticChecks::normalizeDir).orElse(PG_DATA_DIR);
        String parent = dataDir.contains("/") && dataDir.lastIndexOf('/') > 0 ? dataDir.substring(0, dataDir.lastIndexOf('/')) : dataDir;
        List<Mount> onData = s.volumes().stream()
                .filter(m -> normalizeDir(m.target()).equals(dataDir) || normalizeDir(m.target()).equals(parent)).toList();
        String expected = "a named volume on the data directory: volumes: [\"" + dataDir.replace(PG_DATA_DIR, "db-data:" + PG_DATA_DIR)
                + "\"] under " + dbName + ", declared under the top-level volumes:";
        if (!dataDir.equals(PG_DATA_DIR)) {
            expected = "a named volume mounted at " + dataDir + " (PGDATA) or " + parent + ", declared under the top-level volumes:";
        }
        if (onData.isEmpty()) {
            findings.add(at(compose, s.line()), "service " + dbName + " mounts nothing on " + dataDir
                    + (s.volumes().isEmpty() ? "" : " (its volumes: " + s.volumes().stream().map(Mount::raw).toList() + ")")
                    + ": the data is lost with the container", expected);
            findings.assertNone();
            return;
        }
        boolean named = false;
        for (Mount m : onData) {
            String subject = "service " + dbName + " keeps " + dataDir + " on ";
            switch (m.kind()) {
                case NAMED -> {
                    if (compose.volume(m.source().orElse("")).isPresent()) {
                        named = true;
                    } else {
                        findings.add(at(compose, m.line()), subject + "volume '" + m.source().orElse("")
                                + "', which is not declared under the top-level volumes:", expected);
                    }
                }
                case BIND -> findings.add(at(compose, m.line()), subject + "a bind mount of the host folder "
                        + m.source().orElse("") + ", not a named volume", expected);
                case ANONYMOUS -> findings.add(at(compose, m.line()), subject + "an anonymous volume ("
                        + m.raw() + "), which a down or a new container leaves behind", expected);
                case TMPFS -> findings.add(at(compose, m.line()), subject + "a tmpfs, in memory only", expected);
                default -> findings.add(at(compose, m.line()), subject + m.raw() + ", which cannot be told to be a named volume",
                        expected);
            }
        }
        // A named, declared volume on the data holds it; the other mounts there matter only when none does.
        if (!named) {
            findings.assertNone();
        }
    }

    @Criterion("D1.COMPOSE.SECRETS")
    void noPlaintextPasswordsInComposeAndAnIgnoredEnvFileWithACommittedExample(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // unreadable: BadInput, reported with its file and line
        for (Service s : compose.services()) {
            for (EnvVar e : s.environment()) {
                plaintextSecret(compose, "service " + s.name() + ": environment " + e.key(), e, findings);
            }
            s.build().ifPresent(b -> b.args().forEach(a ->
                    plaintextSecret(compose, "service " + s.name() + ": build arg " + a.key(), a, findings)));
        }
        boolean usesEnvFiles = !compose.interpolations().isEmpty()
                || compose.services().stream().anyMatch(s -> !s.envFiles().isEmpty());
        if (usesEnvFiles) {
            String env = app.besideCompose(AppProject.ENV);
            findings.tolerating(() -> notCommitted(app, env, Location.of(env),
                    "the " + AppProject.ENV + " file compose reads for the ${...} of " + app.composePath(), findings));
            for (Service s : compose.services()) {
                for (EnvFileRef f : s.envFiles()) {
                    String path = app.besideCompose(f.path());
                    if (!path.equals(env)) {
                        findings.tolerating(() -> notCommitted(app, path, at(compose, f.line()),
                                "the env_file " + f.path() + " of service " + s.name(), findings));
                    }
                }
            }
            findings.tolerating(() -> envExample(app, compose, findings));
        }
        findings.assertNone();
    }

    private static void plaintextSecret(ComposeProject compose, String subject, EnvVar e, Findings findings) {
        if (e.value().isEmpty() || !e.value().get().isLiteral()) {
            return;
        }
        String value = e.value().get().raw();
        Optional<String> why = secretKeyWithValue(e.key(), value).or(() -> secretShapeIn(value));
        why.ifPresent(w -> {
            Secrets.register(value);
            findings.add(at(compose, e.line()), subject + "=" + Secrets.MASK + " is written in the file — " + w,
                    e.key() + ": ${" + e.key() + "} with the value in .env (git-ignored), or env_file:");
        });
    }

    private static void notCommitted(AppProject app, String path, Location where, String what, Findings findings) {
        if (path.startsWith("../")) {
            return; // outside the repository: it cannot be committed
        }
        if (!app.gitIgnoresFor(path).isIgnored(path)) {
            List<String> read = app.gitIgnoreFilesFor(path);
            findings.add(where, what + " (" + path + ") is not ignored by git"
                            + (read.isEmpty() ? ": there is no .gitignore" : " (rules read: " + String.join(", ", read) + ")"),
                    "a line " + path.substring(path.lastIndexOf('/') + 1) + " in .gitignore, so real values are never committed");
        }
    }

    /** Variables a shell always has: not expected in .env.example. */
    private static final Set<String> SHELL_VARIABLES = Set.of("HOME", "USER", "PWD", "UID", "GID", "HOSTNAME", "PATH", "SHELL",
            "LOGNAME", "TMPDIR");

    private static void envExample(AppProject app, ComposeProject compose, Findings findings) {
        String path = app.besideCompose(AppProject.ENV_EXAMPLE);
        Optional<EnvFile> example = app.envExample();
        if (example.isEmpty()) {
            findings.add(Location.of(path), "no " + AppProject.ENV_EXAMPLE + " next to " + app.composePath(),
                    "a committed " + AppProject.ENV_EXAMPLE + " listing every variable the compose file needs, with placeholder values");
            return;
        }
        app.gitIgnoresFor(path).ignoredBy(path).ifPresent(rule -> findings.add(Location.of(path),
                path + " is ignored by git (" + rule + "), so it is never committed",
                "a .gitignore that ignores .env but not .env.example (add !.env.example)"));
        Set<String> reported = new LinkedHashSet<>();
        for (Value v : compose.interpolations()) {
            for (Interpolation.Reference r : Interpolation.references(v.raw())) {
                if (r.hasDefault() || r.operator().startsWith(":+") || r.operator().startsWith("+")
                        || SHELL_VARIABLES.contains(r.name()) || example.get().has(r.name()) || !reported.add(r.name())) {
                    continue;
                }
                findings.add(at(compose, v.line()), "${" + r.name() + "} has no default and " + path + " does not list " + r.name(),
                        r.name() + "=<placeholder> in " + path + ", so whoever clones the repository knows to set it");
            }
        }
    }

    @Criterion("D1.COMPOSE.EXPOSURE")
    void onlyTheFrontendAndOptionallyTheApiPublishHostPorts(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // unreadable: BadInput, reported with its file and line
        Layout.Services names = app.services();
        Set<String> mayPublish = Set.of(names.frontend(), names.api());
        for (Service s : compose.services()) {
            if (mayPublish.contains(s.name())) {
                continue;
            }
            String role = s.name().equals(names.db()) ? "the database " + s.name() : "service " + s.name();
            String expected = s.name().equals(names.db())
                    ? "no ports: on " + s.name() + "; the api reaches it by name on the compose network"
                    : "no ports: on " + s.name() + " (only " + names.frontend() + " and " + names.api() + " publish host ports)";
            for (Port p : s.ports()) {
                findings.add(at(compose, p.line()), role + " publishes " + p.raw() + " on the host"
                        + (p.loopbackOnly() ? " (loopback only, still reachable by every local process)" : "")
                        + (s.profiles().isEmpty() ? "" : " (profiles " + s.profiles() + ")"), expected);
            }
            s.networkMode().filter(n -> n.raw().equals("host")).ifPresent(n -> findings.add(at(compose, n.line()),
                    role + " uses network_mode: host, which exposes every port it listens on", expected));
        }
        findings.assertNone();
    }

    // ================================================================== helpers

    /** The compose file, or null after recording why it cannot be read. */
    private static ComposeProject quietly(AppProject app) {
        try {
            return app.compose();
        } catch (BadInput reportedElsewhere) {
            return null;
        }
    }

    /**
     * Runs a check on each image in scope with its parsed Dockerfile. A Dockerfile that
     * cannot be read becomes a finding for that image and the others are still checked.
     */
    private static void forEachImage(AppProject app, Findings findings, BiConsumer<ImageInScope, Dockerfile> check) {
        List<ImageInScope> images;
        try {
            images = app.images();
        } catch (BadInput bad) {
            findings.add(bad.location(), bad.problem() + " — so the images to check are unknown", bad.expected());
            return;
        }
        if (images.isEmpty()) {
            findings.add(Location.of(app.composePath()), "no image to check: the compose file builds none and fullchain.yaml names none",
                    "build: for the images you make (frontend, api)");
        }
        for (ImageInScope image : images) {
            Dockerfile dockerfile;
            try {
                dockerfile = app.dockerfile(image);
            } catch (BadInput bad) {
                findings.add(bad.location(), bad.problem() + " — " + image.service()
                        .map(s -> "the Dockerfile service " + s + " builds (" + image.declaredAt() + ")")
                        .orElse("a Dockerfile named in " + Layout.FILE), bad.expected());
                continue;
            }
            findings.tolerating(() -> check.accept(image, dockerfile));
        }
    }

    private static String serviceName(Layout.Services names, String role) {
        return switch (role) {
            case "frontend" -> names.frontend();
            case "api" -> names.api();
            default -> names.db();
        };
    }

    private static String describe(Value v, String resolved) {
        return v.raw().equals(resolved) ? v.raw() : v.raw() + " (= " + resolved + ")";
    }

    private static Location at(ComposeProject compose, int line) {
        return new Location(compose.path(), line);
    }

    private static Location at(Dockerfile dockerfile, int line) {
        return new Location(dockerfile.path(), line);
    }
}
