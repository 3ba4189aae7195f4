package dev.fullchain.day1;

import static dev.fullchain.day1.Day1Checks.at;
import static dev.fullchain.day1.Day1Checks.describe;
import static dev.fullchain.day1.Day1Checks.forEachImage;
import static dev.fullchain.day1.Day1Checks.normalizeDir;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.compose.Interpolation;
import dev.fullchain.model.compose.Service;
import dev.fullchain.model.compose.Value;
import dev.fullchain.model.docker.BaseImage;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.ImageName;
import dev.fullchain.model.docker.Instruction;
import dev.fullchain.model.docker.KeyValue;
import dev.fullchain.model.docker.ShellCommand;
import dev.fullchain.model.docker.Stage;
import dev.fullchain.model.docker.TagPin;
import dev.fullchain.model.docker.UserSetting;
import dev.fullchain.target.Location;
import dev.fullchain.target.Missing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Day 1, static tier: what each image is built FROM, the user it runs as, and the frontend's stages. */
class Day1ImageChecks {

    @Criterion("D1.IMG.PINNED")
    void everyFromIsPinnedToAVersionTagOrADigest(AppProject app) {
        Findings findings = new Findings();
        forEachImage(app, findings, (image, dockerfile) -> {
            for (Stage stage : dockerfile.stages()) {
                BaseImage base = stage.base();
                if (base.isScratch() || base.isStage()) {
                    continue; // scratch is empty; an earlier stage is pinned by its own FROM
                }
                String subject = image.describe() + ", " + stage.describe();
                if (base.resolved().isEmpty()) {
                    findings.add(at(dockerfile, stage.line()), subject + ": cannot tell which image, ${"
                                    + String.join("}, ${", base.unresolvedVariables()) + "} has no default value",
                            "a default that pins a version (ARG NAME=image:1.2.3 before FROM) or FROM image:tag written out");
                    continue;
                }
                ImageName name = base.image().orElseThrow();
                // A FROM ${BASE} takes its image from an ARG default: that line sets the tag.
                Optional<KeyValue> setBy = dockerfile.globalArgs().stream()
                        .filter(kv -> kv.value().isPresent() && Interpolation.references(base.raw()).stream()
                                .anyMatch(r -> r.name().equals(kv.key())))
                        .reduce((first, last) -> last);
                Location where = setBy.map(kv -> at(dockerfile, kv.line())).orElse(at(dockerfile, stage.line()));
                String from = setBy.map(kv -> " (ARG " + kv.key() + " sets it, for the FROM on line " + stage.line() + ")").orElse("");
                TagPin.problem(name).ifPresent(problem -> findings.add(where, subject + ": " + problem + from,
                        "FROM " + name.repository() + ":<version> (e.g. " + example(name) + ") or @sha256:<digest>"));
            }
        });
        // The images compose runs without building them are pinned the same way (db: postgres:16).
        // An unreadable compose file blocks the compose criteria, not this one.
        app.readableCompose().ifPresent(compose -> {
            for (Service s : compose.services()) {
                if (s.build().isPresent() || s.image().isEmpty()) {
                    continue; // with build:, image: only names the result
                }
                Value image = s.image().get();
                Optional<String> resolved = app.resolve(image);
                if (resolved.isEmpty()) {
                    findings.add(image.at(), "service " + s.name() + ": image " + image.raw()
                                    + " cannot be told: its variable has no value in .env, .env.example or a default",
                            "a default that pins a version: ${VAR:-image:1.2.3}");
                    continue;
                }
                // The line that sets the reference: the env file's when a variable gives it, else the compose line.
                Optional<Location> setIn = Interpolation.references(image.raw()).stream()
                        .map(r -> app.whereSet(r.name())).flatMap(Optional::stream).findFirst();
                Location where = setIn.orElse(image.at());
                String via = setIn.map(l -> " (set in " + l + ", used in " + image.at() + ")").orElse("");
                ImageName name = ImageName.parse(resolved.get());
                TagPin.problem(name).ifPresent(problem -> findings.add(where,
                        "service " + s.name() + ": image " + describe(image, resolved.get()) + via + ": " + problem,
                        "image: " + name.repository() + ":<version> (e.g. " + example(name) + ") or @sha256:<digest>"));
            }
        });
        findings.assertNone();
    }

    /** A pinned tag of the same image for the hint: the repository with a version, keeping a variant such as -alpine. */
    private static String example(ImageName name) {
        String variant = name.tag().map(t -> t.replaceAll("(?i)^(latest|lts|stable|mainline|current)-?", ""))
                .filter(t -> !t.isEmpty()).map(t -> "-" + t).orElse("");
        return switch (name.shortName()) {
            case "debian" -> "debian:bookworm-slim";
            case "ubuntu" -> "ubuntu:24.04";
            case "postgres" -> "postgres:16.4" + variant;
            case "nginx" -> "nginx:1.27" + variant;
            case "node" -> "node:20.18" + variant;
            case "python" -> "python:3.12" + variant;
            default -> name.repository() + ":1.2.3" + variant;
        };
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
                Optional<Service> unbuilt = app.readableCompose().flatMap(c -> c.service(frontend));
                if (unbuilt.isEmpty()) {
                    throw new Missing("Dockerfile of the " + frontend + " service", AppProject.imagesLookedIn(), "images.frontend");
                }
                findings.add(unbuilt.get().at(),
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

}
