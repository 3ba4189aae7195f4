package dev.fullchain.day4;

import dev.fullchain.model.workflow.ExecutedStep;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a step's script does, recognised by its commands (not by job names): image builds and
 * pushes, tests, deployments, Terraform. Scripts are read as logical lines: continuations
 * (a trailing backslash) joined, comment lines dropped.
 */
final class Commands {

    static final Pattern BUILD_IMAGE = Pattern.compile(
            "\\b(docker|podman)\\s+(buildx\\s+)?build\\b|\\bdocker(-|\\s+)compose\\b.*\\bbuild\\b|\\bbuildah\\s+(bud|build)\\b|\\baz\\s+acr\\s+build\\b");
    static final Pattern PUSH_IMAGE = Pattern.compile(
            "\\b(docker|podman)\\s+(image\\s+)?push\\b|\\bdocker(-|\\s+)compose\\b.*\\bpush\\b|\\bdocker\\s+buildx\\s+build\\b.*--push\\b"
                    + "|\\baz\\s+acr\\s+build\\b");
    static final Pattern TEST = Pattern.compile(
            "\\bpytest\\b|\\bpython3?\\s+-m\\s+(pytest|unittest)\\b|\\b(npm|pnpm|yarn|bun)\\s+(run\\s+)?test\\b|\\bnpx\\s+(vitest|jest|playwright)\\b"
                    + "|\\bgo\\s+test\\b|\\bmvnw?\\b.*\\b(test|verify)\\b|\\bgradlew?\\b.*\\b(test|check)\\b|\\bdotnet\\s+test\\b"
                    + "|\\b(tox|nox)\\b|\\bmake\\s+test\\b|\\bcargo\\s+test\\b");
    static final Pattern DEPLOY = Pattern.compile(
            "\\bhelm\\s+(upgrade|install)\\b|\\bhelmfile\\b.*\\b(apply|sync|deploy)\\b|\\bkubectl\\s+(apply|set\\s+image|create)\\b"
                    + "|\\baz\\s+containerapp\\s+(update|create)\\b");
    static final Pattern HELM_UPGRADE = Pattern.compile("\\bhelm\\s+(upgrade|install)\\b");
    static final Pattern HELMFILE_APPLY = Pattern.compile("\\bhelmfile\\b.*\\b(apply|sync|deploy)\\b");
    static final Pattern TERRAFORM = Pattern.compile("\\b(terraform|tofu)\\b(\\s+-chdir=\\S+)?\\s+(fmt|init|validate|plan|apply)\\b");
    static final Pattern AZ_LOGIN = Pattern.compile("\\baz\\s+login\\b");
    /**
     * Terraform subcommands that read the state backend or configure the providers, so they need
     * Azure credentials. fmt, validate, version, providers, graph and init -backend=false do not.
     */
    private static final Set<String> TERRAFORM_AUTHENTICATED = Set.of("init", "plan", "apply", "destroy", "import", "refresh", "output",
            "state", "show", "console", "taint", "untaint", "force-unlock", "workspace", "test");
    private static final Pattern TERRAFORM_WORD = Pattern.compile("\\b(terraform|tofu)\\b");
    /** A test command whose failure is thrown away. */
    static final Pattern IGNORED_FAILURE = Pattern.compile("\\|\\|\\s*(true|:|exit\\s+0)\\b|;\\s*(true|exit\\s+0)\\s*$");

    /** Deploy actions that count as deployments, like helm upgrade in a script. */
    static final List<String> DEPLOY_ACTIONS = List.of("azure/k8s-deploy", "azure/webapps-deploy", "azure/container-apps-deploy-action",
            "helmfile/helmfile-action");

    private Commands() {
    }

    static List<String> logicalLines(String script) {
        List<String> out = new ArrayList<>();
        for (String line : script.replaceAll("\\\\\\r?\\n\\s*", " ").split("\\r?\\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }

    /** The first logical line of the step's script matching the pattern. */
    static Optional<String> find(ExecutedStep s, Pattern p) {
        return s.step().run().flatMap(r -> logicalLines(r.text()).stream().filter(l -> p.matcher(l).find()).findFirst());
    }

    static List<String> all(ExecutedStep s, Pattern p) {
        return s.step().run().map(r -> logicalLines(r.text()).stream().filter(l -> p.matcher(l).find()).toList()).orElse(List.of());
    }

    static boolean runs(ExecutedStep s, Pattern p) {
        return find(s, p).isPresent();
    }

    /** Whether a terraform (or tofu) subcommand runs in the step, e.g. "plan". */
    static Optional<String> terraform(ExecutedStep s, String subcommand) {
        return all(s, TERRAFORM).stream().filter(l -> {
            var m = TERRAFORM.matcher(l);
            while (m.find()) {
                if (m.group(3).equals(subcommand)) {
                    return true;
                }
            }
            return false;
        }).findFirst();
    }

    /** The first Terraform command of the step that uses the backend or the providers (and so logs in to Azure). */
    static Optional<String> authenticatedTerraform(ExecutedStep s) {
        return s.step().run().flatMap(r -> logicalLines(r.text()).stream()
                .filter(l -> TERRAFORM_WORD.matcher(l).find() && terraformSubcommand(l).filter(Commands::authenticates).isPresent())
                .findFirst());
    }

    private static boolean authenticates(List<String> command) {
        if (!TERRAFORM_AUTHENTICATED.contains(command.get(0))) {
            return false;
        }
        // init -backend=false only downloads providers and modules: no state, no login.
        return !(command.get(0).equals("init") && command.stream().anyMatch(w -> w.equals("-backend=false") || w.equals("--backend=false")));
    }

    /** The subcommand of the first terraform/tofu word of a line and its arguments, global options (-chdir=...) skipped. */
    static Optional<List<String>> terraformSubcommand(String line) {
        List<String> words = ImagePushes.words(line);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).replaceFirst("^.*/", "");
            if (w.equals("terraform") || w.equals("tofu")) {
                int j = i + 1;
                while (j < words.size() && words.get(j).startsWith("-")) {
                    j++;
                }
                if (j < words.size()) {
                    return Optional.of(words.subList(j, words.size()));
                }
            }
        }
        return Optional.empty();
    }

    /** Where a logical line of the step's script is: its line in the file, not only the run: line. */
    static Location where(ExecutedStep s, String logicalLine) {
        return s.step().run().map(r -> r.locationOf(logicalLine)).orElse(s.step().location());
    }

    static String shorten(String s) {
        String t = s.strip();
        return t.length() > 140 ? t.substring(0, 137) + "..." : t;
    }
}
