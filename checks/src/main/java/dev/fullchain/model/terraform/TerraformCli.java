package dev.fullchain.model.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.JailedCopy;
import dev.fullchain.target.Location;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A terraform (or tofu) binary found on PATH, run on a throwaway copy of the configuration
 * (never in the target): {@code fmt -check}, {@code init -backend=false}, {@code validate}.
 * Its output is turned into file/line diagnostics relative to the target's root.
 */
public final class TerraformCli {

    public record Result(int exit, String stdout, String stderr, boolean timedOut) {
        public String output() {
            return stdout + (stdout.isEmpty() || stderr.isEmpty() ? "" : "\n") + stderr;
        }
    }

    /** An error reported by the binary, at a file (relative to the target's root) and line when it said. */
    public record Diagnostic(String path, int line, String summary, String detail) {
    }

    /** A file fmt would rewrite, with the first line it would change. */
    public record Unformatted(String path, int line, String found, String formatted) {
    }

    public record FmtReport(List<Unformatted> files, List<Diagnostic> errors, Result raw) {
    }

    /** init's outcome; {@code providersUnavailable}: it failed only because providers/modules could not be downloaded. */
    public record InitReport(boolean ok, boolean providersUnavailable, List<Diagnostic> errors, String output) {
    }

    /** The output read from one run: a diff of every file fits; a runaway output does not fill the memory. */
    private static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
    private static final Duration FMT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(180);
    private static final Pattern ON_LINE = Pattern.compile("^\\s*on (.+?) line (\\d+)");
    private static final Pattern AT_LINE = Pattern.compile("\\bat ([^\\s:]+\\.tf(?:vars)?):(\\d+)");
    private static final Pattern DOWNLOAD_FAILURE = Pattern.compile(
            "(?s).*(Failed to query available provider packages|Failed to install provider|could not connect to"
                    + "|failed to request discovery document|no such host|i/o timeout|connection refused"
                    + "|Failed to download module|Error accessing remote module registry|x509:|TLS handshake).*");

    private static volatile String registryUnreachable;

    private final Path executable;

    private TerraformCli(Path executable) {
        this.executable = executable;
    }

    /** terraform, else tofu, from PATH. */
    public static Optional<TerraformCli> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("terraform", "tofu")) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new TerraformCli(candidate));
                }
            }
        }
        return Optional.empty();
    }

    public String name() {
        return executable.getFileName().toString();
    }

    public Path executable() {
        return executable;
    }

    // ------------------------------------------------------------------ commands

    /** {@code fmt -check -recursive -diff} in {@code dir} (the copy of baseRel). */
    public FmtReport fmtCheck(Path copyRoot, String baseRel) {
        Path dir = baseRel.isEmpty() ? copyRoot : copyRoot.resolve(baseRel);
        Result r = run(dir, FMT_TIMEOUT, "fmt", "-check", "-recursive", "-diff", "-no-color");
        List<Unformatted> files = new ArrayList<>();
        String current = null;
        int hunkStart = -1;
        int offset = 0;
        boolean recorded = false;
        String removed = null;
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("--- ") || line.startsWith("+++ ")) {
                continue;
            }
            if (line.startsWith("@@")) {
                Matcher m = Pattern.compile("^@@ -(\\d+)").matcher(line);
                hunkStart = m.find() ? Integer.parseInt(m.group(1)) : 0;
                offset = 0;
                continue;
            }
            if (current != null && hunkStart >= 0 && !recorded) {
                if (line.startsWith("-")) {
                    if (removed == null) {
                        removed = line.substring(1);
                    }
                    continue;
                }
                if (line.startsWith("+")) {
                    files.add(new Unformatted(join(baseRel, current), hunkStart + offset, removed == null ? "" : removed.strip(),
                            line.substring(1).strip()));
                    recorded = true;
                    continue;
                }
                if (line.startsWith(" ") && removed == null) {
                    offset++;
                    continue;
                }
            }
            if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("-") && !line.startsWith("+")
                    && !line.startsWith("@") && !line.startsWith("\\")) {
                if (current != null && !recorded) {
                    files.add(new Unformatted(join(baseRel, current), 0, "", ""));
                }
                current = line.strip();
                hunkStart = -1;
                recorded = false;
                removed = null;
            }
        }
        if (current != null && !recorded) {
            files.add(new Unformatted(join(baseRel, current), 0, "", ""));
        }
        return new FmtReport(List.copyOf(files), r.exit() == 0 || r.exit() == 3 ? List.of() : errors(r.stderr(), baseRel, r), r);
    }

    /**
     * {@code init -backend=false} in the copy of a root: downloads providers and modules, touches
     * no state. Once a download has failed, later inits of this run report it at once rather
     * than wait for the registry again (as tiers are probed once per run).
     */
    public InitReport init(Path copyRoot, String rootRel) {
        String unreachable = registryUnreachable;
        if (unreachable != null) {
            return new InitReport(false, true, List.of(), unreachable);
        }
        Path dir = rootRel.isEmpty() ? copyRoot : copyRoot.resolve(rootRel);
        Result r = run(dir, INIT_TIMEOUT, "init", "-backend=false", "-input=false", "-no-color");
        if (r.exit() == 0 && !r.timedOut()) {
            return new InitReport(true, false, List.of(), r.output());
        }
        boolean download = r.timedOut() || DOWNLOAD_FAILURE.matcher(r.output()).matches();
        if (download) {
            registryUnreachable = r.output();
        }
        return new InitReport(false, download, errors(r.stderr(), rootRel, r), r.output());
    }

    /** {@code validate -json} in the copy of an initialised root: the errors, with file and line. */
    public List<Diagnostic> validate(Path copyRoot, String rootRel) {
        Path dir = rootRel.isEmpty() ? copyRoot : copyRoot.resolve(rootRel);
        Result r = run(dir, FMT_TIMEOUT, "validate", "-json", "-no-color");
        List<Diagnostic> out = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper().readTree(r.stdout());
            for (JsonNode d : root.path("diagnostics")) {
                if (!"error".equals(d.path("severity").asText())) {
                    continue;
                }
                JsonNode range = d.path("range");
                String file = range.path("filename").asText("");
                out.add(new Diagnostic(file.isEmpty() ? rootRel : join(rootRel, file),
                        range.path("start").path("line").asInt(0), d.path("summary").asText(), d.path("detail").asText()));
            }
        } catch (IOException | RuntimeException e) {
            if (r.exit() != 0) {
                out.add(new Diagnostic(rootRel, 0, "terraform validate failed", firstLines(r.output())));
            }
        }
        return out;
    }

    /** The "Error: ..." blocks of the output, with the file and line each names ("on x.tf line 3" or "at x.tf:3"). */
    private static List<Diagnostic> errors(String stderr, String baseRel, Result r) {
        List<Diagnostic> out = new ArrayList<>();
        List<List<String>> blocks = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            String l = line.replaceFirst("^[\u2502\u2577\u2575]\\s?", "");
            if (l.startsWith("Error: ")) {
                blocks.add(new ArrayList<>(List.of(l.substring("Error: ".length()).strip())));
            } else if (!blocks.isEmpty() && !l.isBlank()) {
                blocks.get(blocks.size() - 1).add(l.strip());
            }
        }
        for (List<String> b : blocks) {
            String path = baseRel;
            int lineNo = 0;
            for (String l : b.subList(1, b.size())) {
                Matcher on = ON_LINE.matcher(l);
                Matcher at = AT_LINE.matcher(l);
                if (on.find()) {
                    path = join(baseRel, on.group(1));
                    lineNo = Integer.parseInt(on.group(2));
                    break;
                }
                if (at.find()) {
                    path = join(baseRel, at.group(1));
                    lineNo = Integer.parseInt(at.group(2));
                    break;
                }
            }
            String detail = b.size() > 1 ? b.get(b.size() - 1) : "";
            out.add(new Diagnostic(path, lineNo, b.get(0), detail));
        }
        // the same error said twice, once with a place: keep the one with the place, and each once
        List<Diagnostic> located = out.stream().filter(d -> d.line() > 0).toList();
        out.removeIf(d -> d.line() == 0 && located.stream().anyMatch(x -> x.summary().equals(d.summary())));
        List<Diagnostic> unique = new ArrayList<>();
        for (Diagnostic d : out) {
            if (unique.stream().noneMatch(x -> x.summary().equals(d.summary()) && x.path().equals(d.path()) && x.line() == d.line())) {
                unique.add(d);
            }
        }
        out = unique;
        if (out.isEmpty()) {
            out.add(new Diagnostic(baseRel, 0, r.timedOut() ? "timed out" : "exit code " + r.exit(), firstLines(r.output())));
        }
        return out;
    }

    private static String join(String base, String file) {
        String f = file.startsWith("./") ? file.substring(2) : file;
        return base.isEmpty() ? f : base + "/" + f;
    }

    private static String firstLines(String s) {
        return s.lines().filter(l -> !l.isBlank()).limit(6).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private Result run(Path dir, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("fullchain-tf-", ".out");
            err = Files.createTempFile("fullchain-tf-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("TF_IN_AUTOMATION", "1");
            pb.environment().put("TF_INPUT", "0");
            pb.environment().put("CHECKPOINT_DISABLE", "1");
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(done ? p.exitValue() : -1, readCapped(out), readCapped(err), !done);
        } catch (IOException e) {
            return new Result(-1, "", name() + " could not run: " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", name() + " was interrupted", true);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** What the binary printed, at most {@value #MAX_OUTPUT_BYTES} bytes of it: its diagnostics come first. */
    private static String readCapped(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ the copy

    /**
     * A throwaway copy of the part of the target that holds the configurations, at the same
     * relative paths (so local module sources resolve), made through the jail
     * ({@link JailedCopy}): a link out of the repository, a special file or a file too large
     * is left out and reported. What fullchain could not read itself is left out too, so the
     * binary never judges content fullchain did not read. Skips state, plans, .terraform/ and
     * the lock files: validate judges the configuration, and a lock written by hand (or for
     * other platforms) would stop init from installing providers; D2.TF.VERSIONS checks it.
     */
    public static final class Workdir implements AutoCloseable {

        private static final Set<String> SKIPPED_DIRS = Set.of(".terraform", ".git", "node_modules");
        /** The cap of every read of the target (Target's): a larger file is not given to the binary either. */
        static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

        private final Path root;
        private final String base;
        private final List<BadInput> refused;

        private Workdir(Path root, String base, List<BadInput> refused) {
            this.root = root;
            this.base = base;
            this.refused = List.copyOf(refused);
        }

        public static Workdir of(TerraformProject project) throws IOException {
            Path root = Files.createTempDirectory("fullchain-terraform-");
            try {
                String common = commonDir(project.configs().stream().map(TerraformConfig::dir).toList());
                Path to = common.isEmpty() ? root : root.resolve(common);
                JailedCopy.Result copied = JailedCopy.copy(project.target(), common, to, SKIPPED_DIRS);
                List<BadInput> refused = new ArrayList<>(copied.refused().stream().filter(b -> isTerraformFile(b.location().path())).toList());
                Set<String> unread = new java.util.LinkedHashSet<>();
                project.problems().stream().filter(ConfigProblem::unreadable).forEach(p -> unread.add(p.path()));
                project.roots().forEach(r -> {
                    project.varFiles(r).forEach(f -> f.unreadable().ifPresent(b -> unread.add(f.path())));
                    project.backendFiles(r).forEach(f -> f.unreadable().ifPresent(b -> unread.add(f.path())));
                });
                for (String path : unread) {
                    Files.deleteIfExists(root.resolve(path));
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path f : walk.filter(Files::isRegularFile).toList()) {
                        String name = f.getFileName().toString();
                        if (StateArtifacts.kindOfName(name) != null || name.equals(".terraform.lock.hcl")) {
                            Files.delete(f);
                        } else if (Files.size(f) > MAX_FILE_BYTES) {
                            Files.delete(f);
                            String rel = root.relativize(f).toString().replace('\\', '/');
                            if (!unread.contains(rel)) {
                                refused.add(new BadInput(Location.of(rel), "file is larger than 4 MiB: not read",
                                        "a text file under 4 MiB"));
                            }
                        }
                    }
                }
                return new Workdir(root, common, refused);
            } catch (IOException | RuntimeException e) {
                deleteTree(root);
                throw e;
            }
        }

        private static boolean isTerraformFile(String path) {
            return path.endsWith(".tf") || path.endsWith(".tf.json") || path.endsWith(".tfvars") || path.endsWith(".tfvars.json")
                    || path.endsWith(".tfbackend") || path.endsWith(".hcl");
        }

        /** The Terraform files of the folder that were not copied (links out of the repository, special files, too large). */
        public List<BadInput> refused() {
            return refused;
        }

        /** The copy's root: configurations are at the same relative paths as in the target. */
        public Path root() {
            return root;
        }

        /** The folder (relative to the target's root) that holds every configuration, and was copied. */
        public String base() {
            return base;
        }

        @Override
        public void close() {
            deleteTree(root);
        }

        static String commonDir(List<String> dirs) {
            if (dirs.isEmpty()) {
                return "";
            }
            String[] common = dirs.get(0).isEmpty() ? new String[0] : dirs.get(0).split("/");
            int n = common.length;
            for (String d : dirs) {
                String[] segs = d.isEmpty() ? new String[0] : d.split("/");
                int i = 0;
                while (i < n && i < segs.length && segs[i].equals(common[i])) {
                    i++;
                }
                n = i;
            }
            return String.join("/", java.util.Arrays.copyOf(common, n));
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
