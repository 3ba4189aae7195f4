package dev.fullchain.day1;

import static dev.fullchain.day1.Day1Checks.at;
import static dev.fullchain.day1.Day1Checks.forEachImage;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.DockerIgnore;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.Instruction;
import dev.fullchain.model.docker.ShellCommand;
import dev.fullchain.model.docker.Stage;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Day 1, static tier: each image's build context (.dockerignore), apt and apk installs, COPY over ADD, exec-form start. */
class Day1HygieneChecks {

    @Criterion("D1.IMG.HYGIENE")
    void dockerignoreLeanAptInstallsCopyNotAddAndJsonFormCmd(AppProject app) {
        Findings findings = new Findings();
        Map<Unexcluded, List<String>> unexcluded = new LinkedHashMap<>();
        forEachImage(app, findings, (image, dockerfile) -> {
            dockerignore(app, image, unexcluded, findings);
            aptAndApk(image, dockerfile, findings);
            noAddOfLocalFiles(image, dockerfile, findings);
            execFormStart(image, dockerfile, findings);
        });
        // One .dockerignore shared by several images (a root build context) is one finding, naming them all.
        unexcluded.forEach((gap, images) -> findings.add(Location.of(gap.ignoreFile()), "the .dockerignore of "
                + String.join(" and ", images) + " does not exclude " + gap.what(), gap.expected()));
        findings.assertNone();
    }

    /**
     * What a .dockerignore must leave out of this build context, as a sample path (relative to
     * the context) and how to name it: only what can really be there and leak or bloat the
     * build. .git where the context is the repository root (it cannot exist deeper); the
     * node_modules beside each package.json of the context; .env, and every env file that is
     * in the context (the .env the compose file reads included), always: they hold secrets.
     * Caches a toolchain may leave are not asked for: they cannot leak anything.
     */
    record Excluded(String samplePath, String shown, String why) {
    }

    /** What one .dockerignore fails to leave out; several images may share it. */
    private record Unexcluded(String ignoreFile, String what, String expected) {
    }

    /** Committed templates of env files: placeholders, not secrets. */
    private static final Pattern ENV_TEMPLATE = Pattern.compile("\\.env\\.(example|sample|template|dist|defaults)");

    static List<Excluded> mustExclude(AppProject app, ImageInScope image) {
        Map<String, Excluded> out = new LinkedHashMap<>();
        List<String> files = app.filesInContext(image);
        if (image.context().isEmpty()) {
            out.put(".git", new Excluded(".git/HEAD", ".git", "the context is the repository root, so the whole git history is sent"));
        }
        for (String f : files) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            String dir = f.contains("/") ? f.substring(0, f.lastIndexOf('/') + 1) : "";
            if (name.equals("package.json")) {
                out.putIfAbsent(dir + "node_modules", new Excluded(dir + "node_modules/left-pad/package.json", dir + "node_modules",
                        "the context has " + f + ", so npm install leaves a node_modules there"));
            }
        }
        out.putIfAbsent(".env", new Excluded(".env", ".env", "env files hold secrets"));
        List<String> envFiles = new ArrayList<>(files.stream()
                .filter(f -> f.substring(f.lastIndexOf('/') + 1).matches("\\.env(\\..+)?"))
                .filter(f -> !ENV_TEMPLATE.matcher(f.substring(f.lastIndexOf('/') + 1)).matches()).toList());
        String prefix = image.context().isEmpty() ? "" : image.context() + "/";
        app.readableCompose().map(c -> app.besideCompose(AppProject.ENV)).filter(env -> env.startsWith(prefix))
                .ifPresent(env -> envFiles.add(env.substring(prefix.length())));
        for (String env : envFiles) {
            out.putIfAbsent(env, new Excluded(env, env, "env files hold secrets"));
        }
        return List.copyOf(out.values());
    }

    private static void dockerignore(AppProject app, ImageInScope image, Map<Unexcluded, List<String>> unexcluded, Findings findings) {
        List<Excluded> required = mustExclude(app, image);
        String context = image.context().isEmpty() ? "(the repository root)" : image.context();
        Optional<DockerIgnore> ignore = app.dockerignore(image);
        if (ignore.isEmpty()) {
            String own = image.inline().isEmpty() ? image.dockerfile() + ".dockerignore or " : "";
            findings.add(Location.of(image.inContext(".dockerignore")), "no .dockerignore for " + image.describe()
                            + ": the whole build context " + context + " is sent to the build, "
                            + String.join(", ", required.stream().map(Excluded::shown).toList()) + " included",
                    "a .dockerignore (" + own + image.inContext(".dockerignore") + ", the ones Docker reads) excluding "
                            + String.join(", ", required.stream().map(Excluded::shown).toList()));
            return;
        }
        List<Excluded> missing = required.stream().filter(e -> !ignore.get().excludes(e.samplePath())).toList();
        if (!missing.isEmpty()) {
            Unexcluded gap = new Unexcluded(ignore.get().path(),
                    String.join(", ", missing.stream().map(e -> e.shown() + " (" + e.why() + ")").toList()),
                    "lines excluding " + String.join(", ", missing.stream().map(Excluded::shown).distinct().toList())
                            + " (patterns are anchored at the context's root: **/.env matches at any depth)");
            unexcluded.computeIfAbsent(gap, k -> new ArrayList<>()).add(image.describe() + " (build context " + context + ")");
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

}
