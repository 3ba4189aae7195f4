package dev.fullchain.day1;

import static dev.fullchain.day1.Day1Checks.at;
import static dev.fullchain.day1.Day1Checks.forEachImage;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.Instruction;
import dev.fullchain.model.docker.KeyValue;
import dev.fullchain.model.docker.SecretNames;
import dev.fullchain.model.docker.Stage;
import dev.fullchain.secrets.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Day 1, static tier: no secret in a Dockerfile, by name (Docker's own build check) or by value. */
class Day1ImageSecretsChecks {

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
                Optional<String> value = kv.isLiteral() ? kv.value() : Optional.empty();
                Optional<String> why = value.flatMap(v -> SecretValues.secretKeyWithValue(kv.key(), v)
                        .or(() -> SecretValues.secretShapeIn(v)));
                value.filter(v -> why.isPresent()).ifPresent(Secrets::register);
                String written = kv.keyword() + " " + kv.key() + value.map(v -> "=" + Secrets.MASK).orElse("");
                if (SecretNames.flaggedByBuildCheck(kv.key())) {
                    // Docker's own build check warns on the name alone: a value given with --build-arg or
                    // set later stays in the image's history and metadata just the same.
                    findings.add(at(dockerfile, kv.line()), image.describe() + ": " + written + " — " + (kv.keyword().equals("ARG") ? "an " : "a ") + kv.keyword()
                                    + " whose name says secret" + why.map(w -> ", " + w).orElse(value.isPresent() ? "" : ", even without a value")
                                    + " (Docker's build check SecretsUsedInArgOrEnv flags it: " + kv.keyword()
                                    + " values stay in the image's history and metadata)",
                            "no secret in ARG or ENV: use it in the one RUN that needs it with RUN --mount=type=secret,id="
                                    + kv.key().toLowerCase() + " (compose: build.secrets), or give it to the container at run time");
                } else {
                    why.ifPresent(w -> findings.add(at(dockerfile, kv.line()), image.describe() + ": " + written + " — " + w,
                            "no secret in the image (ENV and ARG values stay in its history): " + kv.keyword() + " " + kv.key()
                                    + " without a literal value, the real one given at run time (env_file, secrets)"
                                    + " or at build time with RUN --mount=type=secret"));
                }
            }
            // Keys and tokens have recognisable shapes wherever they are written (RUN, LABEL, heredocs).
            for (Instruction ins : dockerfile.instructions()) {
                if (ins.is("ENV") || ins.is("ARG")) {
                    continue;
                }
                SecretValues.tokenShapeIn(ins.text() + "\n" + ins.script()).ifPresent(w -> findings.add(at(dockerfile, ins.line()),
                        image.describe() + ": " + ins.keyword() + " contains " + w,
                        "no key or token in the Dockerfile: mount it at build time (RUN --mount=type=secret) or give it at run time"));
            }
        });
        findings.assertNone();
    }

}
