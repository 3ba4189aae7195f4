package dev.fullchain.model.terraform;

import dev.fullchain.target.Layout;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Terraform code of a repository is: every folder holding .tf files, found
 * anywhere (nearest the root first), or the root, bootstrap and modules fullchain.yaml names
 * ({@code terraform: infra/live} or {@code terraform: {root, bootstrap, modules}}). With no
 * .tf file at all the deliverable is missing, said once for every Day 2 criterion.
 */
public final class TerraformSources {

    static final String KEY = "terraform";
    /** Folders whose .tf files are samples or tests of a module, not configurations of the repository. */
    private static final Set<String> NOT_CONFIGURATIONS = Set.of("examples", "example", "test", "tests", "fixtures");

    private final List<String> dirs;
    private final String baseDir;
    private final Optional<String> root;
    private final Optional<String> bootstrap;
    private final Optional<String> modules;

    private TerraformSources(List<String> dirs, Optional<String> root, Optional<String> bootstrap, Optional<String> modules) {
        this.dirs = List.copyOf(dirs);
        this.root = root;
        this.bootstrap = bootstrap;
        this.modules = modules;
        this.baseDir = commonFolder(dirs);
    }

    /** Finds the code, or throws {@link Missing} when there is none (or none where fullchain.yaml says). */
    public static TerraformSources find(Target target) {
        Layout.TerraformPaths configured = target.layout().terraform();
        List<String> found = new ArrayList<>(new LinkedHashSet<>(target.files().endingWith(".tf").stream()
                .filter(f -> isConfiguration(f))
                .map(TerraformProject::parentOf).toList()));
        for (String[] key : List.of(new String[] {"terraform.root", configured.root().orElse(null)},
                new String[] {"terraform.bootstrap", configured.bootstrap().orElse(null)})) {
            if (key[1] != null && !found.contains(strip(key[1]))) {
                String keyName = target.layout().sets(key[0]) ? key[0] : KEY;
                throw new Missing("Terraform configuration (.tf files) in " + strip(key[1]),
                        List.of(strip(key[1]) + " (" + keyName + " at " + target.layout().where(keyName) + ")"), keyName);
            }
        }
        if (found.isEmpty()) {
            throw new Missing("Terraform configuration (a folder of .tf files)",
                    List.of("every folder of the repository (terraform/, infra/, iac/ or any other)"), KEY);
        }
        Optional<String> root = configured.root().map(TerraformSources::strip);
        Optional<String> modules = configured.modules().map(TerraformSources::strip);
        List<String> dirs = found;
        if (root.isPresent()) {
            // The layout is given: its root, its bootstrap and its modules (the module calls reach the rest).
            dirs = new ArrayList<>();
            dirs.add(root.get());
            configured.bootstrap().map(TerraformSources::strip).ifPresent(dirs::add);
            for (String d : found) {
                if (modules.isPresent() && within(d, modules.get()) && !dirs.contains(d)) {
                    dirs.add(d);
                }
            }
        }
        return new TerraformSources(dirs, root, configured.bootstrap().map(TerraformSources::strip), modules);
    }

    private static boolean isConfiguration(String file) {
        String[] segments = file.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].startsWith(".") || NOT_CONFIGURATIONS.contains(segments[i])) {
                return false;
            }
        }
        return true;
    }

    private static String strip(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }

    private static boolean within(String dir, String folder) {
        return folder.isEmpty() || dir.equals(folder) || dir.startsWith(folder + "/");
    }

    /** The deepest folder holding every configuration ("" when they only share the repository's root). */
    private static String commonFolder(List<String> dirs) {
        String common = dirs.get(0);
        for (String d : dirs) {
            while (!within(d, common)) {
                common = common.contains("/") ? common.substring(0, common.lastIndexOf('/')) : "";
            }
        }
        return common;
    }

    /** The folders of .tf files to read first (the module calls lead to the others). */
    public List<String> dirs() {
        return dirs;
    }

    /** The folder that holds all the Terraform code, "" for the repository's root. */
    public String baseDir() {
        return baseDir;
    }

    /** The root fullchain.yaml names (terraform.root), if it names one. */
    public Optional<String> root() {
        return root;
    }

    public Optional<String> bootstrap() {
        return bootstrap;
    }

    /** Whether fullchain.yaml names this folder as the root or the bootstrap: never a module then. */
    public boolean isRoot(String dir) {
        return root.map(dir::equals).orElse(false) || bootstrap.map(dir::equals).orElse(false);
    }

    /** Whether a folder holds a module by its place: under fullchain.yaml's terraform.modules, or under a modules/ folder. */
    public boolean isModuleDir(String dir) {
        if (modules.isPresent()) {
            return within(dir, modules.get()) && !isRoot(dir);
        }
        return List.of(dir.split("/")).contains("modules");
    }

    /** How the code was found, for a message: "found under infra/" or "named by fullchain.yaml". */
    public String describe() {
        return root.isPresent() ? "the root " + root.get() + " named in fullchain.yaml"
                : "the folders of .tf files found in the repository: " + String.join(", ", dirs);
    }
}
