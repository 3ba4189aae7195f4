package dev.fullchain.model.terraform;

import dev.fullchain.model.git.GitIgnores;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.model.terraform.hcl.SourceRange;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Terraform code of the target, parsed in-process (no terraform binary): every folder
 * of .tf files (roots and modules), the environments each root is applied to (per-env
 * .tfvars, one folder per environment, or workspaces), lock files, and the evaluation of
 * each environment ({@link #instantiate}). Found anywhere in the repository, or where
 * fullchain.yaml says ({@link TerraformSources}). Files that cannot be read are
 * recorded as problems and the rest is still modelled.
 */
public final class TerraformProject {

    private static final Pattern BOOTSTRAP = Pattern.compile(
            "(?i).*bootstrap.*|.*tfstate.*|remote-?state|state(-?(store|storage|backend))?|backend");
    /** Entries of one folder looked at for linked .tf files: a folder of a real configuration holds a few dozen. */
    private static final int MAX_ENTRIES_LISTED = 10_000;
    private static final Pattern ENV_NAME = Pattern.compile(
            "(?i)dev|develop|development|prod|prd|production|staging|stage|test|qa|uat|preprod|sandbox|int|integration|live");

    private final Target target;
    private final String baseDir;
    private final TerraformSources sources;
    private final Map<String, TerraformConfig> configs = new LinkedHashMap<>();
    private final List<TerraformConfig> roots = new ArrayList<>();
    private final List<TerraformConfig> bootstrapRoots = new ArrayList<>();
    private final List<TerraformConfig> applicationRoots = new ArrayList<>();
    private final List<TerraformConfig> modules = new ArrayList<>();
    private final Map<TerraformConfig, List<TfEnvironment>> environments = new LinkedHashMap<>();
    private final Map<TerraformConfig, List<TfvarsFile>> backendFiles = new LinkedHashMap<>();
    private final Map<TerraformConfig, List<TfvarsFile>> varFiles = new LinkedHashMap<>();
    private final Map<TfEnvironment, ModuleInstance> instances = new ConcurrentHashMap<>();
    private ModuleGraph graph;
    private volatile GitIgnores ignore;
    private volatile StateArtifacts artifacts;

    private TerraformProject(Target target, String baseDir, TerraformSources sources) {
        this.target = target;
        this.baseDir = baseDir;
        this.sources = sources;
    }

    public static TerraformProject load(Target target) {
        TerraformSources sources = TerraformSources.find(target);
        TerraformProject p = new TerraformProject(target, sources.baseDir(), sources);
        p.loadConfigs();
        p.graph = ModuleGraph.of(p.configs);
        p.classify();
        p.findEnvironments();
        return p;
    }

    // ------------------------------------------------------------------ discovery

    private static boolean hasTfFiles(Target target, String dir) {
        return target.files().endingWith(".tf").stream().anyMatch(f -> parentOf(f).equals(dir));
    }

    static String parentOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }

    private void loadConfigs() {
        Deque<String> work = new ArrayDeque<>();
        work.addAll(sources.dirs());
        while (!work.isEmpty()) {
            String dir = work.poll();
            if (configs.containsKey(dir)) {
                continue;
            }
            TerraformConfig c = loadConfig(dir);
            configs.put(dir, c);
            for (ModuleCall m : c.moduleCalls()) {
                if (m.sourceExists() && !configs.containsKey(m.localDir().get())) {
                    work.add(m.localDir().get());
                }
            }
        }
    }

    private TerraformConfig loadConfig(String dir) {
        TerraformConfig c = new TerraformConfig(dir);
        for (String rel : tfFilesIn(dir)) {
            try {
                SourceFile source = target.read(rel);
                HclFile parsed = HclParser.parse(rel, source.text());
                c.add(parsed, b -> moduleCall(c, b));
            } catch (BadInput bad) {
                c.addProblem(new ConfigProblem(bad, null));
            }
        }
        return c;
    }

    /**
     * The .tf files of a folder: the regular files the repository listing holds, and the links
     * and special files named *.tf there, which that listing leaves out. Those are read through
     * the jail like the others: a link inside the repository is followed, one out of it is a
     * problem of that file, never opened.
     */
    private List<String> tfFilesIn(String dir) {
        Set<String> files = new java.util.TreeSet<>();
        target.files().endingWith(".tf").stream().filter(f -> parentOf(f).equals(dir)).forEach(files::add);
        Path folder = target.resolve(dir);
        if (target.isInside(folder) && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(folder)) {
                entries.limit(MAX_ENTRIES_LISTED)
                        .filter(p -> p.getFileName().toString().endsWith(".tf"))
                        .filter(p -> !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .forEach(p -> files.add(dir.isEmpty() ? p.getFileName().toString() : dir + "/" + p.getFileName()));
            } catch (IOException | java.io.UncheckedIOException e) {
                // the folder went away or cannot be listed: its regular files are still read
            }
        }
        return List.copyOf(files);
    }

    private ModuleCall moduleCall(TerraformConfig caller, Block b) {
        Optional<String> source = b.attribute("source").flatMap(a -> Expr.literalString(a.expr()));
        if (source.isPresent() && (source.get().startsWith("./") || source.get().startsWith("../"))) {
            Path resolved = Path.of(caller.dir().isEmpty() ? "." : caller.dir()).resolve(source.get()).normalize();
            String rel = resolved.toString().replace('\\', '/');
            // ../ past the root, or a folder that is a link out of the repository: never read
            boolean leaves = rel.equals("..") || rel.startsWith("../")
                    || Files.exists(target.resolve(rel), LinkOption.NOFOLLOW_LINKS) && !target.isInside(target.resolve(rel));
            boolean exists = !leaves && hasTfFiles(target, rel);
            return new ModuleCall(b.label(0), b, caller, source, Optional.of(rel), exists, leaves);
        }
        return new ModuleCall(b.label(0), b, caller, source, Optional.empty(), false, false);
    }

    private void classify() {
        Set<String> called = new LinkedHashSet<>();
        for (TerraformConfig c : configs.values()) {
            c.moduleCalls().stream().filter(ModuleCall::sourceExists).forEach(m -> called.add(m.localDir().get()));
        }
        for (TerraformConfig c : configs.values()) {
            boolean underModules = sources.isModuleDir(c.dir());
            if (!sources.isRoot(c.dir()) && (called.contains(c.dir()) || underModules)) {
                modules.add(c);
            } else {
                roots.add(c);
            }
        }
        for (TerraformConfig r : roots) {
            if (sources.bootstrap().map(b -> b.equals(r.dir())).orElseGet(() -> !sources.isRoot(r.dir())
                    && relativeSegments(r).stream().anyMatch(s -> BOOTSTRAP.matcher(s).matches()))) {
                bootstrapRoots.add(r);
            }
        }
        if (bootstrapRoots.isEmpty() && sources.bootstrap().isEmpty() && roots.size() > 1) {
            for (TerraformConfig r : roots) {
                if (!sources.isRoot(r.dir()) && r.settings().backend().isEmpty() && !r.resources("azurerm_storage_account").isEmpty()
                        && !r.resources("azurerm_storage_container").isEmpty()) {
                    bootstrapRoots.add(r);
                }
            }
        }
        roots.stream().filter(r -> !bootstrapRoots.contains(r)).forEach(applicationRoots::add);
    }

    private List<String> relativeSegments(TerraformConfig c) {
        String rel = baseDir.isEmpty() ? c.dir() : c.dir().equals(baseDir) ? "" : c.dir().startsWith(baseDir + "/")
                ? c.dir().substring(baseDir.length() + 1) : c.dir();
        return rel.isEmpty() ? List.of() : List.of(rel.split("/"));
    }

    private void findEnvironments() {
        for (TerraformConfig root : roots) {
            List<TfvarsFile> auto = new ArrayList<>();
            List<TfvarsFile> perEnv = new ArrayList<>();
            List<TfvarsFile> backends = new ArrayList<>();
            for (String rel : settingsFilesUnder(root)) {
                String name = rel.substring(rel.lastIndexOf('/') + 1);
                String dir = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
                TfvarsFile f = TfvarsFile.read(target, rel);
                if (name.endsWith(".tfbackend") || name.matches("(?i).*backend.*\\.hcl")) {
                    backends.add(f);
                } else if (dir.equals(root.dir()) && (name.equals("terraform.tfvars") || name.equals("terraform.tfvars.json")
                        || name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json"))) {
                    auto.add(f);
                } else {
                    perEnv.add(f);
                }
            }
            auto.sort((a, b) -> a.fileName().startsWith("terraform.tfvars") ? -1
                    : b.fileName().startsWith("terraform.tfvars") ? 1 : a.fileName().compareTo(b.fileName()));
            List<TfvarsFile> all = new ArrayList<>(auto);
            all.addAll(perEnv);
            varFiles.put(root, List.copyOf(all));
            backendFiles.put(root, List.copyOf(backends));
            environments.put(root, environmentsOf(root, auto, perEnv));
        }
    }

    private List<TfEnvironment> environmentsOf(TerraformConfig root, List<TfvarsFile> auto, List<TfvarsFile> perEnv) {
        List<TfEnvironment> out = new ArrayList<>();
        if (bootstrapRoots.contains(root)) {
            out.add(new TfEnvironment(root.name(), root, List.copyOf(auto), Optional.empty(), TfEnvironment.Kind.SINGLE));
            return out;
        }
        if (!perEnv.isEmpty()) {
            for (TfvarsFile f : perEnv) {
                String name = f.fileName().replaceFirst("(\\.auto)?\\.tfvars(\\.json)?$", "");
                List<TfvarsFile> files = new ArrayList<>(auto);
                files.add(f);
                // With workspaces and per-environment values, the workspace is named after the environment.
                Optional<String> workspace = root.readsWorkspace() ? Optional.of(name) : Optional.empty();
                out.add(new TfEnvironment(name, root, List.copyOf(files), workspace, TfEnvironment.Kind.TFVARS));
            }
            return out;
        }
        boolean envFolder = ENV_NAME.matcher(root.name()).matches()
                || List.of("dev", "prod").contains(TfEnvironment.stageOf(root.name()));
        if (envFolder && applicationRoots.size() > 1) {
            out.add(new TfEnvironment(root.name(), root, List.copyOf(auto), Optional.empty(), TfEnvironment.Kind.FOLDER));
            return out;
        }
        if (root.readsWorkspace()) {
            for (String ws : workspaceNames(root)) {
                out.add(new TfEnvironment(ws, root, List.copyOf(auto), Optional.of(ws), TfEnvironment.Kind.WORKSPACE));
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        out.add(new TfEnvironment(root.name(), root, List.copyOf(auto), Optional.empty(), TfEnvironment.Kind.SINGLE));
        return out;
    }

    /** Environment-looking keys of maps in locals (settings = { dev = {...}, prod = {...} }), for workspace layouts. */
    private static List<String> workspaceNames(TerraformConfig root) {
        Set<String> names = new LinkedHashSet<>();
        for (LocalValue l : root.locals()) {
            Expr.walk(l.attribute().expr(), e -> {
                if (e instanceof Expr.ObjectCons o) {
                    List<String> keys = new ArrayList<>();
                    for (Expr.ObjectCons.Item item : o.items()) {
                        Expr.literalString(item.key()).filter(k -> ENV_NAME.matcher(k).matches()).ifPresent(keys::add);
                    }
                    if (keys.size() >= 2) {
                        names.addAll(keys);
                    }
                }
            });
        }
        if (names.size() < 2) {
            // contains(["dev", "prod"], terraform.workspace), terraform.workspace == "prod" ? ... : ...
            Set<String> compared = new LinkedHashSet<>(names);
            root.files().values().forEach(f -> f.body().blocks().forEach(b -> workspaceLiterals(b, compared)));
            if (compared.size() >= 2) {
                return List.copyOf(compared);
            }
        }
        return List.copyOf(names);
    }

    /** Environment-looking string literals in the expressions of a block that read terraform.workspace. */
    private static void workspaceLiterals(Block b, Set<String> names) {
        for (dev.fullchain.model.terraform.hcl.Attribute a : b.body().attributes()) {
            boolean readsWorkspace = Expr.references(a.expr()).stream().anyMatch(t -> t.dotted().equals("terraform.workspace"));
            if (readsWorkspace) {
                Expr.walk(a.expr(), e -> {
                    if (e instanceof Expr.Literal || e instanceof Expr.Template) {
                        Expr.literalString(e).filter(k -> ENV_NAME.matcher(k).matches()).ifPresent(names::add);
                    }
                });
            }
        }
        b.body().blocks().forEach(inner -> workspaceLiterals(inner, names));
    }

    /** .tfvars, .tfvars.json, .tfbackend and backend .hcl files in a root folder and its plain subfolders (2 levels). */
    private List<String> settingsFilesUnder(TerraformConfig root) {
        Set<String> configDirs = configs.keySet();
        String prefix = root.dir().isEmpty() ? "" : root.dir() + "/";
        return target.files().all().stream()
                .filter(f -> f.startsWith(prefix))
                .filter(f -> {
                    String n = f.substring(f.lastIndexOf('/') + 1);
                    return n.endsWith(".tfvars") || n.endsWith(".tfvars.json") || n.endsWith(".tfbackend")
                            || n.matches("(?i).*backend.*\\.hcl");
                })
                .filter(f -> {
                    String dir = parentOf(f);
                    String below = f.substring(prefix.length());
                    if (dir.equals(root.dir())) {
                        return true;
                    }
                    boolean shallow = below.chars().filter(c -> c == '/').count() <= 2;
                    boolean hidden = List.of(below.split("/")).stream().anyMatch(seg -> seg.startsWith("."));
                    // not in another configuration's folder, nor below one
                    boolean ownFolder = configDirs.stream().noneMatch(c -> !c.equals(root.dir())
                            && (dir.equals(c) || dir.startsWith(c + "/")) && c.startsWith(prefix));
                    return shallow && !hidden && ownFolder;
                })
                .sorted()
                .toList();
    }

    // ------------------------------------------------------------------ the view

    public Target target() {
        return target;
    }

    /** The folder holding all the Terraform code ("terraform"), "" for the whole repository. */
    public Optional<String> baseDir() {
        return Optional.of(baseDir);
    }

    /** Where the code was found, and how (fullchain.yaml, or discovery), for messages. */
    public TerraformSources sources() {
        return sources;
    }

    public List<TerraformConfig> configs() {
        return List.copyOf(configs.values());
    }

    public Optional<TerraformConfig> config(String dir) {
        return Optional.ofNullable(configs.get(dir));
    }

    /** Configurations no other calls: where terraform init/apply runs. */
    public List<TerraformConfig> roots() {
        return List.copyOf(roots);
    }

    /** Roots that create the state storage (a folder named bootstrap, tfstate, state...). */
    public List<TerraformConfig> bootstrapRoots() {
        return List.copyOf(bootstrapRoots);
    }

    /** The other roots: the infrastructure itself, applied per environment. */
    public List<TerraformConfig> applicationRoots() {
        return List.copyOf(applicationRoots);
    }

    /** Configurations called as modules (or kept under a modules/ folder). */
    public List<TerraformConfig> modules() {
        return List.copyOf(modules);
    }

    public boolean isModule(TerraformConfig c) {
        return modules.contains(c);
    }

    /** The calls between configurations: cycles and chains too deep, which are not instantiated. */
    public ModuleGraph moduleGraph() {
        return graph;
    }

    /** Every module call, in every configuration. */
    public List<ModuleCall> moduleCalls() {
        return configs.values().stream().flatMap(c -> c.moduleCalls().stream()).toList();
    }

    /** The module calls whose local source is this configuration. */
    public List<ModuleCall> callersOf(TerraformConfig module) {
        return moduleCalls().stream().filter(m -> m.localDir().equals(Optional.of(module.dir()))).toList();
    }

    public List<TfEnvironment> environments(TerraformConfig root) {
        return environments.getOrDefault(root, List.of());
    }

    /** Every environment of every root (bootstrap included). */
    public List<TfEnvironment> environments() {
        return environments.values().stream().flatMap(List::stream).toList();
    }

    /** The .tfvars files of a root (auto-loaded and per environment). */
    public List<TfvarsFile> varFiles(TerraformConfig root) {
        return varFiles.getOrDefault(root, List.of());
    }

    /** Partial backend configurations of a root (*.tfbackend, backend*.hcl), given to init with -backend-config. */
    public List<TfvarsFile> backendFiles(TerraformConfig root) {
        return backendFiles.getOrDefault(root, List.of());
    }

    /** The configuration applied in an environment: root module instance, modules below it. Cached. */
    public ModuleInstance instantiate(TfEnvironment env) {
        return instances.computeIfAbsent(env, e -> new ModuleInstance(this, e.root(), e, null, null, "", null));
    }

    /** Every resource instance of an environment (root and modules). */
    public List<ResourceInstance> resources(TfEnvironment env) {
        return instantiate(env).allResources();
    }

    /** Every resource instance of a type, in every environment of every root. */
    public List<ResourceInstance> resources(String type) {
        return environments().stream().flatMap(e -> resources(e).stream()).filter(r -> r.type().equals(type)).toList();
    }

    public String lockPath(TerraformConfig root) {
        return root.dir().isEmpty() ? ".terraform.lock.hcl" : root.dir() + "/.terraform.lock.hcl";
    }

    /** The root's .terraform.lock.hcl, if there is one (a file that cannot be read gives a lock with problems). */
    public Optional<LockFile> lockFile(TerraformConfig root) {
        String path = lockPath(root);
        try {
            return target.readOptional(path).map(f -> LockFile.parse(path, f.text()));
        } catch (BadInput bad) {
            return Optional.of(new LockFile(path, List.of(), List.of(bad)));
        }
    }

    /** Every file problem of every configuration. */
    public List<ConfigProblem> problems() {
        return configs.values().stream().flatMap(c -> c.problems().stream()).toList();
    }

    /** The .gitignore files of the repository, as git applies them. */
    public GitIgnores ignoreRules() {
        if (ignore == null) {
            ignore = GitIgnores.all(target);
        }
        return ignore;
    }

    /** State, plans and .terraform/ folders found in the target, and whether git tracks or ignores them. */
    public StateArtifacts stateArtifacts() {
        if (artifacts == null) {
            List<String> folders = new ArrayList<>(List.of(baseDir));
            configs.keySet().stream().filter(d -> !folders.contains(d)).forEach(folders::add);
            artifacts = StateArtifacts.scan(target, ignoreRules(), folders);
        }
        return artifacts;
    }

    /** The source text of a range, as written. */
    public String text(SourceRange r) {
        for (TerraformConfig c : configs.values()) {
            if (c.files().containsKey(r.file())) {
                return c.text(r);
            }
        }
        return "";
    }

    @Override
    public String toString() {
        return "Terraform in " + (baseDir == null ? "(none)" : baseDir.isEmpty() ? "." : baseDir) + ": " + configs.keySet();
    }
}
