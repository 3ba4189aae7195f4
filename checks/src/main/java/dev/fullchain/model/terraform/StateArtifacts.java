package dev.fullchain.model.terraform;

import dev.fullchain.model.git.GitIgnores;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Terraform files that must never be committed, found in the target: state (*.tfstate,
 * *.tfstate.backup), saved plans, and .terraform/ folders. In a git repository (a .git at
 * the target's root) each is TRACKED (committed), NOT_IGNORED (would be committed by
 * {@code git add .}) or IGNORED; anywhere else it is PRESENT.
 */
public final class StateArtifacts {

    public enum Kind { STATE, STATE_BACKUP, PLAN, TERRAFORM_DIR }

    public enum Status { TRACKED, NOT_IGNORED, IGNORED, PRESENT }

    public record Artifact(String path, Kind kind, Status status) {
        public String describe() {
            return switch (kind) {
                case STATE -> "Terraform state";
                case STATE_BACKUP -> "a Terraform state backup";
                case PLAN -> "a saved Terraform plan";
                case TERRAFORM_DIR -> "Terraform's working folder (providers, modules, local state)";
            };
        }
    }

    private static final Pattern PLAN_NAME = Pattern.compile("(?i).*\\.tfplan(\\.json)?|tfplan|plan\\.out|.*\\.plan\\.out|terraform\\.plan");

    private final boolean gitRepository;
    private final List<Artifact> artifacts;

    private StateArtifacts(boolean gitRepository, List<Artifact> artifacts) {
        this.gitRepository = gitRepository;
        this.artifacts = List.copyOf(artifacts);
    }

    /**
     * @param folders the folders of the Terraform code: where terraform init writes .terraform/
     *                (the repository listing leaves those folders out)
     */
    public static StateArtifacts scan(Target target, GitIgnores ignore, List<String> folders) {
        Map<String, Kind> found = new LinkedHashMap<>();
        for (String folder : folders) {
            String dir = folder.isEmpty() ? ".terraform" : folder + "/.terraform";
            if (Files.isDirectory(target.resolve(dir))) {
                found.put(dir, Kind.TERRAFORM_DIR);
            }
        }
        for (String file : target.files().all()) {
            Kind k = kindOf(target, file);
            if (k != null) {
                found.put(file, k);
            }
        }
        boolean git = Files.exists(target.root().resolve(".git"));
        Set<String> tracked = git ? trackedFiles(target) : null;
        List<Artifact> out = new ArrayList<>();
        if (tracked != null) {
            for (String t : tracked) {
                Kind k = kindOfTracked(t);
                if (k != null) {
                    String path = k == Kind.TERRAFORM_DIR ? t.substring(0, t.indexOf(".terraform/") + ".terraform".length()) : t;
                    found.putIfAbsent(path, k);
                }
            }
        }
        for (Map.Entry<String, Kind> e : found.entrySet()) {
            String path = e.getKey();
            Status status;
            if (tracked == null) {
                status = git && ignored(ignore, path, e.getValue()) ? Status.IGNORED
                        : git ? Status.NOT_IGNORED : Status.PRESENT;
            } else if (tracked.contains(path) || (e.getValue() == Kind.TERRAFORM_DIR
                    && tracked.stream().anyMatch(t -> t.startsWith(path + "/")))) {
                status = Status.TRACKED;
            } else {
                status = ignored(ignore, path, e.getValue()) ? Status.IGNORED : Status.NOT_IGNORED;
            }
            out.add(new Artifact(path, e.getValue(), status));
        }
        return new StateArtifacts(git, out);
    }

    private static boolean ignored(GitIgnores ignore, String path, Kind kind) {
        return kind == Kind.TERRAFORM_DIR ? terraformDirIgnored(ignore, path) : ignore.isIgnored(path, false);
    }

    /**
     * Whether git keeps a .terraform/ folder out: the folder itself is ignored (.terraform/), or
     * everything Terraform writes in it is (GitHub's standard line **&#47;.terraform/* ignores the
     * contents, not the folder: git then has nothing in it to add).
     */
    public static boolean terraformDirIgnored(GitIgnores ignore, String dir) {
        if (ignore.isIgnored(dir, true)) {
            return true;
        }
        return ignore.isIgnored(dir + "/providers", true) && ignore.isIgnored(dir + "/modules", true)
                && ignore.isIgnored(dir + "/terraform.tfstate", false) && ignore.isIgnored(dir + "/environment", false);
    }

    public boolean gitRepository() {
        return gitRepository;
    }

    public List<Artifact> all() {
        return artifacts;
    }

    /** What is committed, or would be: tracked, not ignored, or present outside a git repository. */
    public List<Artifact> exposed() {
        return artifacts.stream().filter(a -> a.status() != Status.IGNORED).toList();
    }

    static Kind kindOfName(String name) {
        if (name.endsWith(".tfstate")) {
            return Kind.STATE;
        }
        if (name.matches(".*\\.tfstate(\\.[^/]*)?\\.backup|.*\\.tfstate\\.[0-9]+.*")) {
            return Kind.STATE_BACKUP;
        }
        if (PLAN_NAME.matcher(name).matches()) {
            return Kind.PLAN;
        }
        return null;
    }

    private static Kind kindOf(Target target, String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        Kind k = kindOfName(name);
        if (k != null) {
            return k;
        }
        // a plan saved under another name: a zip archive holding a "tfplan" entry, next to .tf files
        String dir = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
        boolean besideTf = target.files().endingWith(".tf").stream()
                .anyMatch(f -> f.startsWith(dir) && f.indexOf('/', dir.length()) < 0);
        if ((!name.contains(".") || name.endsWith(".out") || name.endsWith(".bin") || name.endsWith(".plan"))
                && besideTf && isZipWithPlan(target.readHead(file, 4096))) {
            return Kind.PLAN;
        }
        return null;
    }

    private static boolean isZipWithPlan(byte[] head) {
        return head.length > 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4
                && new String(head, StandardCharsets.ISO_8859_1).contains("tfplan");
    }

    private static Kind kindOfTracked(String path) {
        if (path.startsWith(".terraform/") || path.contains("/.terraform/")) {
            return Kind.TERRAFORM_DIR;
        }
        int slash = path.lastIndexOf('/');
        return kindOfName(slash < 0 ? path : path.substring(slash + 1));
    }

    /** The files git tracks, or null when git cannot tell (not installed, not a repository). */
    private static Set<String> trackedFiles(Target target) {
        try {
            Process p = new ProcessBuilder("git", "-C", target.root().toString(), "ls-files", "-z")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            if (p.exitValue() != 0) {
                return null;
            }
            Set<String> files = new java.util.HashSet<>();
            for (String f : new String(out, StandardCharsets.UTF_8).split("\0")) {
                if (!f.isEmpty()) {
                    files.add(f);
                }
            }
            return files;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
