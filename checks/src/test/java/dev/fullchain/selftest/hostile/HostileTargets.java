package dev.fullchain.selftest.hostile;

import dev.fullchain.selftest.YamlBombs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The hostile targets of the battery: reads outside the root, special files, huge files, unbounded work, secrets in odd places, wrong verdicts. */
final class HostileTargets {

    /** Planted in the outside folder and in secret positions; must appear in no report. */
    static final String OUTSIDE = "outside-marker-7c1e55ab";
    static final String SECRET = "Pl4nted-H0stile-S3cret-9d2f";
    /** The target with nothing in it: every criterion reads missing, none passes. */
    static final String EMPTY = "an empty repository";

    private HostileTargets() {
    }

    static List<HostileTarget> all() {
        List<HostileTarget> t = new ArrayList<>();
        // ------------------------------------------------ the target is a jail
        t.add(new HostileTarget("compose file linked to a file outside", "jail", "app/compose.yaml",
                (r, o) -> link(r, "app/compose.yaml", o.resolve("secret.yaml"))));
        t.add(new HostileTarget("charts folder linked to a folder outside", "jail", "charts",
                (r, o) -> { delete(r.resolve("charts")); Files.createSymbolicLink(r.resolve("charts"), o); }));
        t.add(new HostileTarget("a Terraform file linked outside", "jail", "terraform/main.tf",
                (r, o) -> link(r, "terraform/main.tf", o.resolve("secret.tf"))));
        t.add(new HostileTarget("a workflow linked outside", "jail", ".github/workflows/app.yml",
                (r, o) -> link(r, ".github/workflows/app.yml", o.resolve("secret.yaml"))));
        t.add(new HostileTarget(".env.example linked outside", "jail", "app/.env.example",
                (r, o) -> link(r, "app/.env.example", o.resolve("secret.env"))));
        t.add(new HostileTarget(".gitignore linked outside", "jail", ".gitignore",
                (r, o) -> link(r, ".gitignore", o.resolve("secret.env"))));
        t.add(new HostileTarget(".dockerignore linked outside", "jail", "app/api/.dockerignore",
                (r, o) -> link(r, "app/api/.dockerignore", o.resolve("secret.env"))));
        t.add(new HostileTarget("a chart template linked outside", "jail", "charts/fullchain-app/templates",
                (r, o) -> Files.createSymbolicLink(r.resolve("charts/fullchain-app/templates/leak.yaml"), o.resolve("secret.yaml"))));
        t.add(new HostileTarget("values file linked outside", "jail", "charts/fullchain-app/values-prod.yaml",
                (r, o) -> link(r, "charts/fullchain-app/values-prod.yaml", o.resolve("secret.yaml"))));
        t.add(new HostileTarget("fullchain.yaml with an absolute compose path", "jail", "fullchain.yaml",
                (r, o) -> write(r, "fullchain.yaml", "compose: " + o.resolve("secret.yaml") + "\n")));
        t.add(new HostileTarget("fullchain.yaml with a chart path through ../", "jail", "fullchain.yaml",
                (r, o) -> write(r, "fullchain.yaml", "chart: ../outside\n")));
        t.add(new HostileTarget("fullchain.yaml linked outside", "jail", "fullchain.yaml",
                (r, o) -> Files.createSymbolicLink(r.resolve("fullchain.yaml"), o.resolve("secret.yaml"))));
        t.add(new HostileTarget("compose build context leaving the root", "jail", "app/compose.yaml",
                (r, o) -> replace(r, "app/compose.yaml", "build: ./api", "build: ../../outside")));
        t.add(new HostileTarget("compose env_file leaving the root", "jail", "app/compose.yaml",
                (r, o) -> replace(r, "app/compose.yaml", "    build: ./api\n", "    build: ./api\n    env_file: ../../outside/secret.env\n")));
        t.add(new HostileTarget("a local action leaving the root", "jail", ".github/workflows",
                (r, o) -> replaceFirstUses(r)));
        t.add(new HostileTarget("a reusable workflow uses: leaving the root", "jail",
                ".github/workflows/app.yml:107: uses: ./../outside/secret.yaml points outside the repository",
                (r, o) -> replaceFirst(r, ".github/workflows/app.yml", "uses: ./.github/workflows/deploy.yml", "uses: ./../outside/secret.yaml")));
        t.add(new HostileTarget("a local action uses: leaving the root", "jail",
                ".github/workflows/app.yml:62: uses: ./../outside points outside the repository",
                (r, o) -> replaceFirst(r, ".github/workflows/app.yml", "uses: ./.github/actions/api-tests", "uses: ./../outside")));
        t.add(new HostileTarget("a module source leaving the root", "jail", "terraform/main.tf:",
                (r, o) -> appendTf(r, "module \"leak\" {\n  source = \"../../outside\"\n}\n")));
        t.add(new HostileTarget("a helmfile release chart leaving the root", "jail", "charts/helmfile.yaml.gotmpl:47",
                (r, o) -> replace(r, "charts/helmfile.yaml.gotmpl", "chart: ./fullchain-app", "chart: ../../outside")));
        // ------------------------------------------------ special files
        for (String f : List.of("app/compose.yaml", ".github/workflows/app.yml", "charts/fullchain-app/values.yaml", ".gitignore")) {
            t.add(new HostileTarget("a FIFO at " + f, "special file", f, (r, o) -> fifo(r, f)));
        }
        // ------------------------------------------------ one size cap
        for (String f : List.of("charts/fullchain-app/values.yaml", ".gitignore", "fullchain.yaml", "charts/fullchain-app/templates/huge.yaml",
                "terraform/huge.tf")) {
            t.add(new HostileTarget("a sparse 2.5 GB file at " + f, "size", f, (r, o) -> sparse(r, f)));
        }
        // ------------------------------------------------ bounded work
        t.add(new HostileTarget("a YAML alias bomb as the compose file", "bounded", "app/compose.yaml",
                (r, o) -> write(r, "app/compose.yaml", YamlBombs.laughs("services"))));
        t.add(new HostileTarget("a YAML alias bomb as a workflow", "bounded", ".github/workflows/app.yml",
                (r, o) -> write(r, ".github/workflows/app.yml", YamlBombs.laughs("services"))));
        t.add(new HostileTarget("a template that ranges a hundred million times", "bounded", "charts/fullchain-app/templates/loop.yaml",
                (r, o) -> write(r, "charts/fullchain-app/templates/loop.yaml", "{{- range until 100000000 }}# x\n{{- end }}\n")));
        t.add(new HostileTarget("a template that repeats a string 400 million times", "bounded", "charts/fullchain-app/templates/big.yaml",
                (r, o) -> write(r, "charts/fullchain-app/templates/big.yaml", "# {{ repeat 400000000 \"x\" }}\n")));
        t.add(new HostileTarget("Terraform locals that double sixty times", "bounded", "terraform",
                (r, o) -> appendTf(r, doublingLocals())));
        t.add(new HostileTarget("10k nested parentheses in HCL", "bounded", "terraform/main.tf:",
                (r, o) -> appendTf(r, "locals {\n  deep = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\n}\n")));
        t.add(new HostileTarget("a module that sources itself", "bounded", "module cycle: terraform/modules/acr → terraform/modules/acr",
                (r, o) -> write(r, "terraform/modules/acr/self.tf", "module \"again\" {\n  source = \"./\"\n}\n")));
        t.add(new HostileTarget("10k nested parentheses in a workflow if:", "bounded",
                ".github/workflows/app.yml:40: the if: expression nests deeper than 128 levels",
                (r, o) -> afterFirstRunsOn(r, "    if: " + "(".repeat(10_000) + "true" + ")".repeat(10_000))));
        // Each expression's line is searched for: once over the block, not once per expression. The last one is judged at its line.
        t.add(new HostileTarget("80k expressions in one workflow run: block", "bounded", ".github/workflows/app.yml:80134",
                (r, o) -> append(r, ".github/workflows/app.yml", "\n  many:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: |\n"
                        + "          echo ${{ github.sha }}\n".repeat(80_000) + "          echo \"${{ github.event.pull_request.title }}\"\n")));
        t.add(new HostileTarget("reusable workflows fanning out ten ways nine levels deep", "bounded",
                ".github/workflows/app.yml:129: job 'fanned' expands into more than 20000 jobs and steps",
                (r, o) -> fanOut(r)));
        t.add(new HostileTarget("a chain of 20k jobs each needing the one before", "bounded",
                ".github/workflows/app.yml:37: jobs: holds 200",
                (r, o) -> append(r, ".github/workflows/app.yml", needsChain(20_000))));
        t.add(new HostileTarget("100k unclosed ${{ in a workflow run:", "bounded", ".github/workflows/app.yml:133",
                (r, o) -> addJob(r, "unclosed", "echo \"${{ github.event.pull_request.title }}\" " + "${{ ".repeat(100_000))));
        t.add(new HostileTarget("10k nested flow sequences in the compose file", "bounded", "app/compose.yaml",
                (r, o) -> write(r, "app/compose.yaml", "services: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")));
        // ------------------------------------------------ secrets in odd places
        t.add(new HostileTarget("az login with a password in a workflow run:", "secret", ".github/workflows",
                (r, o) -> addJob(r, "leak", "az login --service-principal -u app -p " + SECRET + " --tenant t")));
        t.add(new HostileTarget("a Helm fail message printing a values password", "secret", "charts/fullchain-app",
                (r, o) -> {
                    append(r, "charts/fullchain-app/values.yaml", "\nsmoke:\n  password: " + SECRET + "\n");
                    write(r, "charts/fullchain-app/templates/fail.yaml", "{{- fail (printf \"bad password %s\" .Values.smoke.password) }}\n");
                }));
        t.add(new HostileTarget("a client secret in a tfvars file", "secret", "terraform/environments/dev.tfvars",
                (r, o) -> append(r, "terraform/environments/dev.tfvars", "\nclient_secret = \"" + SECRET + "\"\n")));
        t.add(new HostileTarget("a password ARG in a Dockerfile", "secret", "app/api/Dockerfile",
                (r, o) -> replace(r, "app/api/Dockerfile", "FROM debian:bookworm-slim", "FROM debian:bookworm-slim\nARG DB_PASSWORD=" + SECRET)));
        t.add(new HostileTarget("a connection URL with a password in compose", "secret", "app/compose.yaml",
                (r, o) -> replace(r, "app/compose.yaml", "      POSTGRES_HOST: db\n",
                        "      POSTGRES_HOST: db\n      DATABASE_URL: postgresql://app:" + SECRET + "@db:5432/app\n")));
        // ------------------------------------------------ wrong verdicts
        t.add(new HostileTarget(EMPTY, "verdict", "compose", (r, o) -> { delete(r); Files.createDirectories(r); }));
        t.add(new HostileTarget("a broken fullchain.yaml", "verdict", "fullchain.yaml",
                (r, o) -> write(r, "fullchain.yaml", "compose: [unclosed\n")));
        t.add(new HostileTarget("a literal Key Vault secret value", "verdict", "terraform",
                (r, o) -> appendTf(r, "resource \"azurerm_key_vault_secret\" \"leak\" {\n  name         = \"db-password\"\n  value        = \""
                        + SECRET + "\"\n  key_vault_id = \"x\"\n}\n")));
        t.add(new HostileTarget("duplicate permissions keys in a workflow", "verdict", ".github/workflows/app.yml",
                (r, o) -> replaceFirst(r, ".github/workflows/app.yml", "\npermissions:", "\npermissions: write-all\npermissions:")));
        // ------------------------------------------------ more of the jail, special files and secrets
        t.add(new HostileTarget("a chart folder linked to /", "jail", "charts/fullchain-app",
                (r, o) -> { delete(r.resolve("charts/fullchain-app")); Files.createSymbolicLink(r.resolve("charts/fullchain-app"), Path.of("/")); }));
        t.add(new HostileTarget("a chart file linked outside, read with .Files.Get", "jail", "charts/fullchain-app/files/leak.txt",
                (r, o) -> {
                    Files.createDirectories(r.resolve("charts/fullchain-app/files"));
                    Files.createSymbolicLink(r.resolve("charts/fullchain-app/files/leak.txt"), o.resolve("secret.env"));
                    write(r, "charts/fullchain-app/templates/files.yaml",
                            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leak\ndata:\n  leak: {{ .Files.Get \"files/leak.txt\" | quote }}\n");
                }));
        t.add(new HostileTarget("a socket at app/.env.example", "special file", "app/.env.example", (r, o) -> socket(r, "app/.env.example")));
        t.add(new HostileTarget("an endless character device as a values file", "special file", "charts/fullchain-app/values.yaml",
                (r, o) -> device(r, "charts/fullchain-app/values.yaml")));
        t.add(new HostileTarget("a --password= flag of az login in a workflow", "secret", ".github/workflows",
                (r, o) -> addJob(r, "rotate", "az login --service-principal -u app --password=" + SECRET + " --tenant t")));
        t.add(new HostileTarget("a docker login password on a workflow command line", "secret", ".github/workflows",
                (r, o) -> addJob(r, "push", "docker login acr.example.io -u app --password=" + SECRET)));
        t.add(new HostileTarget("a password in an ENV of a Dockerfile", "secret", "app/api/Dockerfile",
                (r, o) -> replace(r, "app/api/Dockerfile", "FROM debian:bookworm-slim", "FROM debian:bookworm-slim\nENV DB_PASSWORD " + SECRET)));
        // ------------------------------------------------ the compose project: override and include
        t.add(new HostileTarget("compose include leaving the root", "jail", "app/compose.yaml",
                (r, o) -> prepend(r, "app/compose.yaml", "include:\n  - ../../outside/secret.yaml\n")));
        t.add(new HostileTarget("compose include with a project_directory leaving the root", "jail", "app/compose.yaml",
                (r, o) -> {
                    write(r, "app/tools.compose.yaml", "services:\n  tools:\n    build: .\n");
                    prepend(r, "app/compose.yaml", "include:\n  - path: tools.compose.yaml\n    project_directory: ../../outside\n");
                }));
        t.add(new HostileTarget("compose include of itself", "bounded", "app/compose.yaml",
                (r, o) -> prepend(r, "app/compose.yaml", "include:\n  - compose.yaml\n")));
        t.add(new HostileTarget("compose override linked outside", "jail", "app/compose.override.yaml",
                (r, o) -> link(r, "app/compose.override.yaml", o.resolve("secret.yaml"))));
        t.add(new HostileTarget("a YAML alias bomb as the compose override", "bounded", "app/compose.override.yaml",
                (r, o) -> write(r, "app/compose.override.yaml", YamlBombs.laughs("services"))));
        t.add(new HostileTarget("a FIFO as the compose override", "special file", "app/compose.override.yaml",
                (r, o) -> fifo(r, "app/compose.override.yaml")));
        // ------------------------------------------------ Helm: the helmfile's paths and the charts' YAML
        t.add(new HostileTarget("a helmfile release chart by an absolute path", "jail", "charts/helmfile.yaml.gotmpl:47",
                (r, o) -> replace(r, "charts/helmfile.yaml.gotmpl", "chart: ./fullchain-app", "chart: " + o)));
        t.add(new HostileTarget("a helmfile release chart linked outside", "jail", "charts/helmfile.yaml.gotmpl:47",
                (r, o) -> {
                    Files.createSymbolicLink(r.resolve("charts/linked-app"), o);
                    replace(r, "charts/helmfile.yaml.gotmpl", "chart: ./fullchain-app", "chart: ./linked-app");
                }));
        t.add(new HostileTarget("a helmfile values file leaving the root", "jail", "charts/helmfile.yaml.gotmpl:51",
                (r, o) -> replace(r, "charts/helmfile.yaml.gotmpl", "- ./fullchain-app/values-{{ .Environment.Name }}.yaml",
                        "- ../../outside/secret.yaml")));
        t.add(new HostileTarget("a YAML alias bomb as a chart's values.yaml", "bounded", "charts/fullchain-app/values.yaml",
                (r, o) -> write(r, "charts/fullchain-app/values.yaml", YamlBombs.laughs("services"))));
        t.add(new HostileTarget("a YAML alias bomb as Chart.yaml", "bounded", "charts/fullchain-app/Chart.yaml",
                (r, o) -> append(r, "charts/fullchain-app/Chart.yaml", "\n" + YamlBombs.laughs("annotations"))));
        t.add(new HostileTarget("a YAML alias bomb as the helmfile", "bounded", "charts/helmfile.yaml.gotmpl",
                (r, o) -> append(r, "charts/helmfile.yaml.gotmpl", "\n---\n" + YamlBombs.laughs("helmDefaults"))));
        // ------------------------------------------------ Day 5: rules and dashboards
        t.add(new HostileTarget("10k nested parentheses in an alert expression", "bounded",
                "charts/fullchain-app/templates/api-prometheusrule.yaml",
                (r, o) -> replace(r, "charts/fullchain-app/templates/api-prometheusrule.yaml",
                        "expr: up{ {{- $api -}} } == 0 or absent(up{ {{- $api -}} })",
                        "expr: " + "(".repeat(10_000) + "up" + ")".repeat(10_000))));
        t.add(new HostileTarget("a dashboard JSON nested 100k arrays deep", "bounded",
                "fullchain-api.json: not valid JSON at line 1, column 1: it nests deeper than 200 levels",
                (r, o) -> write(r, "charts/fullchain-app/dashboards/fullchain-api.json", "[".repeat(100_000) + "]".repeat(100_000))));
        t.add(new HostileTarget("a YAML alias bomb in a rendered manifest", "bounded", "charts/fullchain-app/templates/bomb.yaml",
                (r, o) -> write(r, "charts/fullchain-app/templates/bomb.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n"
                        + YamlBombs.laughs("data"))));
        // ------------------------------------------------ Terraform: module trees and evaluation
        t.add(new HostileTarget("a cycle of two Terraform modules", "bounded",
                "module cycle: terraform/modules/a → terraform/modules/b → terraform/modules/a", (r, o) -> {
                    write(r, "terraform/modules/a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n");
                    write(r, "terraform/modules/b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n");
                    appendTf(r, "module \"a\" {\n  source = \"./modules/a\"\n}\n");
                }));
        t.add(new HostileTarget("Terraform locals that double sixty times, read by a resource name", "bounded", "terraform/main.tf:",
                (r, o) -> appendTf(r, doublingLocals() + "\nresource \"azurerm_resource_group\" \"big\" {\n  name     = local.d60\n"
                        + "  location = \"westeurope\"\n  tags     = local.tags\n}\n")));
        return t;
    }

    /** A Unix socket, bound then left behind (its file stays). */
    private static void socket(Path repo, String rel) throws IOException {
        Path f = repo.resolve(rel);
        Files.deleteIfExists(f);
        try (var ch = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.bind(java.net.UnixDomainSocketAddress.of(f));
        }
    }

    /** The kernel's endless random device (1, 9): a reader that opens it never reaches its end. */
    private static void device(Path repo, String rel) throws IOException, InterruptedException {
        Path f = repo.resolve(rel);
        Files.deleteIfExists(f);
        Process p = new ProcessBuilder("mknod", f.toString(), "c", "1", "9").redirectErrorStream(true).start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            org.junit.jupiter.api.Assumptions.abort("mknod is not permitted here (needs root): " + new String(p.getInputStream().readAllBytes()));
        }
    }

    // ------------------------------------------------------------------ edits

    private static void prepend(Path repo, String rel, String text) throws IOException {
        Files.writeString(repo.resolve(rel), text + Files.readString(repo.resolve(rel)), StandardCharsets.UTF_8);
    }

    private static void link(Path repo, String rel, Path to) throws IOException {
        Path f = repo.resolve(rel);
        Files.deleteIfExists(f);
        Files.createDirectories(f.getParent());
        Files.createSymbolicLink(f, to);
    }

    private static void write(Path repo, String rel, String text) throws IOException {
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.deleteIfExists(f);
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static void append(Path repo, String rel, String text) throws IOException {
        Files.writeString(repo.resolve(rel), Files.readString(repo.resolve(rel)) + text, StandardCharsets.UTF_8);
    }

    private static void appendTf(Path repo, String text) throws IOException {
        append(repo, "terraform/main.tf", "\n" + text);
    }

    private static void replace(Path repo, String rel, String from, String to) throws IOException {
        String text = Files.readString(repo.resolve(rel));
        if (!text.contains(from)) {
            throw new IllegalStateException(rel + " no longer contains " + from);
        }
        Files.writeString(repo.resolve(rel), text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static void replaceFirst(Path repo, String rel, String from, String to) throws IOException {
        String text = Files.readString(repo.resolve(rel));
        int i = text.indexOf(from);
        if (i < 0) {
            throw new IllegalStateException(rel + " no longer contains " + from);
        }
        Files.writeString(repo.resolve(rel), text.substring(0, i) + to + text.substring(i + from.length()), StandardCharsets.UTF_8);
    }

    /** Inserts a line right after the first job's runs-on: line of the app workflow. */
    private static void afterFirstRunsOn(Path repo, String line) throws IOException {
        Path f = repo.resolve(".github/workflows/app.yml");
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String l : Files.readAllLines(f)) {
            out.add(l);
            if (!done && l.strip().startsWith("runs-on:")) {
                out.add(line);
                done = true;
            }
        }
        Files.write(f, out, StandardCharsets.UTF_8);
    }

    /** Jobs c1..cN at the end of the app workflow, each needing the one before. */
    private static String needsChain(int n) {
        StringBuilder b = new StringBuilder("  c0: {runs-on: ubuntu-24.04, steps: [{run: make}]}\n");
        for (int i = 1; i < n; i++) {
            b.append("  c").append(i).append(": {needs: c").append(i - 1).append(", runs-on: ubuntu-24.04, steps: [{run: make}]}\n");
        }
        return b.toString();
    }

    /** fan1.yml .. fan9.yml, each with ten jobs calling the next: one job of the app workflow would run 10^9 steps if expanded in full. */
    private static void fanOut(Path repo) throws IOException {
        for (int level = 1; level <= 9; level++) {
            StringBuilder b = new StringBuilder("on: workflow_call\njobs:\n");
            for (int j = 0; j < 10; j++) {
                b.append("  j").append(j).append(level < 9 ? ": {uses: ./.github/workflows/fan" + (level + 1) + ".yml}\n"
                        : ": {runs-on: ubuntu-24.04, steps: [{run: make}]}\n");
            }
            write(repo, ".github/workflows/fan" + level + ".yml", b.toString());
        }
        append(repo, ".github/workflows/app.yml", "  fanned:\n    uses: ./.github/workflows/fan1.yml\n");
    }

    /** Adds a job at the end of the app workflow (its last top-level key is jobs:). */
    private static void addJob(Path repo, String name, String run) throws IOException {
        append(repo, ".github/workflows/app.yml", "\n  " + name + ":\n    runs-on: ubuntu-24.04\n    steps:\n      - run: " + run + "\n");
    }

    private static void replaceFirstUses(Path repo) throws IOException {
        Path dir = repo.resolve(".github/workflows");
        try (var files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String text = Files.readString(f);
                int i = text.indexOf("uses: ./");
                if (i >= 0) {
                    Files.writeString(f, text.substring(0, i) + "uses: ./../../outside" + text.substring(text.indexOf('\n', i)), StandardCharsets.UTF_8);
                    return;
                }
            }
        }
        throw new IllegalStateException("no local uses: in the fixtures' workflows");
    }

    private static void fifo(Path repo, String rel) throws IOException, InterruptedException {
        Path f = repo.resolve(rel);
        Files.deleteIfExists(f);
        Files.createDirectories(f.getParent());
        Process p = new ProcessBuilder("mkfifo", f.toString()).start();
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo failed for " + f);
        }
    }

    private static void sparse(Path repo, String rel) throws IOException {
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.deleteIfExists(f);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(2_500_000_000L);
        }
    }

    private static void delete(Path p) throws IOException {
        if (Files.isSymbolicLink(p) || !Files.isDirectory(p)) {
            Files.deleteIfExists(p);
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    private static String doublingLocals() {
        StringBuilder b = new StringBuilder("locals {\n  d0 = \"xx\"\n");
        for (int i = 1; i <= 60; i++) {
            b.append("  d").append(i).append(" = \"${local.d").append(i - 1).append("}${local.d").append(i - 1).append("}\"\n");
        }
        return b.append("  name = substr(local.d60, 0, 3)\n}\n").toString();
    }
}
