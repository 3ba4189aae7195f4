package dev.fullchain.day1;

import static dev.fullchain.day1.Day1Checks.at;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.EnvFile;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.EnvFileRef;
import dev.fullchain.model.compose.EnvVar;
import dev.fullchain.model.compose.Interpolation;
import dev.fullchain.model.compose.Service;
import dev.fullchain.model.compose.Value;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Day 1, static tier: no password written in the compose file, an ignored .env, a committed .env.example. */
class Day1ComposeSecretsChecks {

    @Criterion("D1.COMPOSE.SECRETS")
    void noPlaintextPasswordsInComposeAndAnIgnoredEnvFileWithACommittedExample(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // none: Missing; unreadable: BadInput, which blocks this criterion
        // Every file as written: a password an override replaces is still committed where it is written.
        // An anchor merged into several services is one line of the file: said once.
        Set<String> judged = new java.util.HashSet<>();
        for (Service s : compose.written()) {
            for (EnvVar e : s.environment()) {
                if (judged.add(e.at() + " " + e.key())) {
                    plaintextSecret(compose, "service " + s.name() + ": environment " + e.key(), e, findings);
                }
            }
            s.build().ifPresent(b -> b.args().stream().filter(a -> judged.add(a.at() + " " + a.key())).forEach(a ->
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
                    String path = app.ofService(s, f.path());
                    if (AppProject.leavesRepository(path)) {
                        // Never read: whoever clones the repository has no such file, and fullchain reads only inside it.
                        findings.add(f.at(), "the env_file " + f.path() + " of service " + s.name()
                                        + " leaves the repository: not read, and a clone of the repository would not have it",
                                "an env file inside the repository, beside the compose file (.env, git-ignored, with a committed .env.example)");
                    } else if (!path.equals(env)) {
                        findings.tolerating(() -> notCommitted(app, path, f.at(),
                                "the env_file " + f.path() + " of service " + s.name(), findings));
                    }
                }
            }
            findings.tolerating(() -> envExample(app, compose, findings));
        }
        findings.assertNone();
    }

    private static void plaintextSecret(ComposeProject compose, String subject, EnvVar e, Findings findings) {
        if (e.value().isEmpty()) {
            return;
        }
        Value v = e.value().get();
        if (v.interpolated()) {
            fallbackSecret(compose, subject, e, v, findings);
            return;
        }
        if (!v.isLiteral()) {
            return;
        }
        String value = v.raw();
        Optional<String> why = SecretValues.secretKeyWithValue(e.key(), value).or(() -> SecretValues.secretShapeIn(value));
        why.ifPresent(w -> {
            Secrets.register(value);
            findings.add(e.at(), subject + "=" + Secrets.MASK + " is written in the file — " + w,
                    e.key() + ": ${" + e.key() + "} with the value in .env (git-ignored), or env_file:");
        });
    }

    /**
     * ${VAR:-value} and ${VAR-value} in a secret's place: compose uses the value written
     * in the file whenever the variable is not set, so that value is a plaintext password
     * committed with the file. ${VAR:?message} and ${VAR} carry none.
     */
    private static void fallbackSecret(ComposeProject compose, String subject, EnvVar e, Value v, Findings findings) {
        for (Interpolation.Reference r : Interpolation.references(v.raw())) {
            String fallback = r.argument().orElse("").strip();
            boolean secretPlace = isSecretKey(e.key()) || isSecretKey(r.name());
            if (!r.hasDefault() || fallback.isEmpty() || Interpolation.isInterpolated(fallback) || !secretPlace) {
                continue;
            }
            findings.add(v.at(), subject + ": ${" + r.name() + r.operator() + "…} falls back to a password"
                            + " written in the file (" + fallback.length() + " characters), used whenever " + r.name()
                            + " is not set" + (r.operator().equals("-") ? "" : " or is empty"),
                    "${" + r.name() + ":?set " + r.name() + " in .env} (compose stops with that message when it is not set)"
                            + " or ${" + r.name() + "}, with the value only in the git-ignored .env");
        }
    }

    private static boolean isSecretKey(String key) {
        return Secrets.isSecretKey(key) && !SecretValues.NOT_A_SECRET_KEY.matcher(key).matches();
    }

    private static void notCommitted(AppProject app, String path, Location where, String what, Findings findings) {
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
                findings.add(v.at(), "${" + r.name() + "} has no default and " + path + " does not list " + r.name(),
                        r.name() + "=<placeholder> in " + path + ", so whoever clones the repository knows to set it");
            }
        }
    }

}
