package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.docker.BaseImage;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.ImageName;
import dev.fullchain.model.docker.Instruction;
import dev.fullchain.model.docker.KeyValue;
import dev.fullchain.model.docker.SecretNames;
import dev.fullchain.model.docker.Stage;
import dev.fullchain.model.docker.TagPin;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class DockerfileParserTest {

    private static Dockerfile parse(String text) {
        return Dockerfile.parse(new SourceFile("app/api/Dockerfile", text));
    }

    private static BadInput bad(String text) {
        try {
            parse(text);
        } catch (BadInput b) {
            return b;
        }
        throw new AssertionError("expected a BadInput for:\n" + text);
    }

    @Test
    void keepsTheLineOfEachInstructionAcrossCommentsAndContinuations() {
        Dockerfile d = parse("""
                # a comment
                FROM debian:bookworm-slim

                RUN apt-get update \\
                # a comment inside a continuation is dropped
                 && apt-get install -y curl \\

                 && rm -rf /var/lib/apt/lists/*
                user 10001
                CMD ["python3", "-m", "app"]
                """);
        List<Instruction> all = d.instructions();
        assertThat(all).extracting(Instruction::keyword).containsExactly("FROM", "RUN", "USER", "CMD");
        assertThat(all).extracting(Instruction::line).containsExactly(2, 4, 9, 10);
        assertThat(all.get(1).body()).contains("apt-get install -y curl").contains("rm -rf /var/lib/apt/lists/*")
                .doesNotContain("comment");
        assertThat(all.get(1).endLine()).isEqualTo(8);
    }

    @Test
    void theEscapeDirectiveChangesTheContinuationCharacter() {
        Dockerfile d = parse("""
                # escape=`
                FROM mcr.microsoft.com/windows/servercore:ltsc2022
                RUN echo a `
                    && echo b
                COPY . C:\\app\\
                """);
        assertThat(d.escape()).isEqualTo('`');
        assertThat(d.instructions()).hasSize(3);
        assertThat(d.instructions().get(1).body()).contains("echo a").contains("echo b");
        assertThat(d.instructions().get(2).line()).isEqualTo(5);
    }

    @Test
    void aDirectiveAfterAnInstructionIsOnlyAComment() {
        Dockerfile d = parse("FROM debian:12\n# escape=`\nRUN echo a \\\n b\n");
        assertThat(d.escape()).isEqualTo('\\');
        assertThat(d.instructions().get(1).body()).isEqualTo("echo a  b");
    }

    @Test
    void readsHeredocsAndGoesOnAfterThem() {
        Dockerfile d = parse("""
                FROM debian:12
                RUN <<EOF
                apt-get update
                apt-get install -y --no-install-recommends curl
                EOF
                COPY <<-"CONF" /etc/app.conf
                \tkey=value
                \tCONF
                USER 1000
                """);
        Instruction run = d.instructions().get(1);
        assertThat(run.heredocs()).singleElement().satisfies(h -> {
            assertThat(h.delimiter()).isEqualTo("EOF");
            assertThat(h.body()).contains("--no-install-recommends curl");
            assertThat(h.line()).isEqualTo(3);
        });
        assertThat(run.script()).contains("apt-get install");
        assertThat(d.instructions().get(2).heredocs().get(0).body()).isEqualTo("key=value\n");
        assertThat(d.instructions().get(3).line()).isEqualTo(9);
        assertThat(d.effectiveUser(d.finalStage())).map(u -> u.raw()).contains("1000");
    }

    @Test
    void anUnterminatedHeredocNamesTheInstructionLine() {
        BadInput b = bad("FROM debian:12\n\nRUN <<EOF\necho hi\n");
        assertThat(b.location().path()).isEqualTo("app/api/Dockerfile");
        assertThat(b.location().line()).isEqualTo(3);
        assertThat(b.problem()).contains("<<EOF").contains("never closed");
    }

    @Test
    void instructionsAreCaseInsensitiveAndTellExecFromShellForm() {
        Dockerfile d = parse("""
                from debian:12 as Build
                cmd ["a", "b"]
                entrypoint /bin/app --flag
                RUN [ -f /etc/os-release ] && echo ok
                """);
        Stage s = d.finalStage();
        assertThat(s.name()).contains("build");
        assertThat(s.last("CMD")).get().satisfies(c -> {
            assertThat(c.isExecForm()).isTrue();
            assertThat(c.exec()).contains(List.of("a", "b"));
        });
        assertThat(s.last("ENTRYPOINT")).get().extracting(Instruction::isExecForm).isEqualTo(false);
        // A shell test starting with '[' is a shell command, not a broken array.
        assertThat(s.last("RUN")).get().extracting(Instruction::isExecForm).isEqualTo(false);
    }

    @Test
    void anUnterminatedJsonArrayInCmdIsBadInputAtItsLine() {
        BadInput b = bad("FROM debian:12\nUSER 1\nCMD [\"nginx\", \"-g\", \"daemon off;\"\n");
        assertThat(b.location().line()).isEqualTo(3);
        assertThat(b.problem()).contains("JSON array");
        assertThat(bad("FROM debian:12\nENTRYPOINT ['single', 'quotes']\n").problem()).contains("ENTRYPOINT");
    }

    @Test
    void anUnknownInstructionIsBadInputAtItsLine() {
        BadInput b = bad("FROM debian:12\nRUN true\nthis is not a Dockerfile\n");
        assertThat(b.location().toString()).isEqualTo("app/api/Dockerfile:3");
        assertThat(b.problem()).contains("unknown instruction 'this'");
    }

    @Test
    void aDockerfileWithoutFromIsBadInput() {
        assertThat(bad("RUN echo hi\n").problem()).contains("before the first FROM");
        assertThat(bad("# only a comment\n").problem()).contains("no FROM");
        assertThat(bad("ARG V=1\n").problem()).contains("no FROM");
        assertThat(bad("FROM\n").problem()).contains("no arguments");
        assertThat(bad("FROM a b c d\n").location().line()).isEqualTo(1);
    }

    @Test
    void substitutesGlobalArgDefaultsIntoFrom() {
        Dockerfile d = parse("""
                ARG PY=3.12
                ARG BASE=python:${PY}-slim
                ARG UNSET
                FROM ${BASE} AS one
                FROM $UNSET AS two
                FROM ${UNSET:-debian:12} AS three
                FROM ${NOT_DECLARED}
                """);
        assertThat(d.globalArgs()).extracting(KeyValue::key).containsExactly("PY", "BASE", "UNSET");
        List<BaseImage> bases = d.stages().stream().map(Stage::base).toList();
        assertThat(bases.get(0).resolved()).contains("python:3.12-slim");
        assertThat(bases.get(0).describe()).isEqualTo("${BASE} (= python:3.12-slim)");
        assertThat(bases.get(1).resolved()).isEmpty();
        assertThat(bases.get(1).unresolvedVariables()).containsExactly("UNSET");
        assertThat(bases.get(2).resolved()).contains("debian:12");
        assertThat(bases.get(3).resolved()).isEmpty();
    }

    @Test
    void stagesKnowPlatformNamesAndEarlierStageReferences() {
        Dockerfile d = parse("""
                FROM --platform=$BUILDPLATFORM node:20.11-bookworm AS build
                RUN npm ci
                USER node
                FROM build AS test
                RUN npm test
                FROM scratch
                COPY --from=build /src/dist /www
                """);
        assertThat(d.stages()).hasSize(3);
        Stage build = d.stages().get(0);
        assertThat(build.base().platform()).contains("$BUILDPLATFORM");
        assertThat(build.base().image()).contains(new ImageName("node", Optional.of("20.11-bookworm"), Optional.empty()));
        Stage test = d.stages().get(1);
        assertThat(test.base().stageIndex()).contains(0);
        assertThat(d.lineage(test)).containsExactly(test, build);
        // USER is inherited from the stage it is built FROM.
        assertThat(d.effectiveUser(test)).map(u -> u.raw()).contains("node");
        Stage last = d.finalStage();
        assertThat(last.base().isScratch()).isTrue();
        assertThat(d.effectiveUser(last)).isEmpty();
        assertThat(last.all("COPY").get(0).flag("from")).contains("build");
        assertThat(d.stage("build")).contains(build);
        assertThat(d.stage("0")).contains(build);
    }

    @Test
    void finalUserIsTheLastUserOfTheFinalStageWithVariablesResolved() {
        Dockerfile d = parse("""
                FROM debian:12
                ARG UID=10001
                ENV HOME_USER=app
                USER root
                USER ${UID}:${UID}
                FROM debian:12 AS second
                USER $HOME_USER
                """);
        assertThat(d.effectiveUser(d.stages().get(0))).get().satisfies(u -> {
            assertThat(u.resolved()).contains("10001:10001");
            assertThat(u.user()).contains("10001");
            assertThat(u.line()).isEqualTo(5);
        });
        // ENV of another, unrelated stage is not known here.
        assertThat(d.effectiveUser(d.finalStage())).get().satisfies(u -> assertThat(u.resolved()).isEmpty());
    }

    @Test
    void readsEnvAndArgInBothForms() {
        Dockerfile d = parse("""
                FROM debian:12
                ENV A=1 B="two words" C=$A
                ENV LEGACY some value here
                ARG TOKEN
                ARG X=1 Y
                LABEL org.opencontainers.image.title="api"
                """);
        Stage s = d.finalStage();
        assertThat(s.env()).extracting(KeyValue::key).containsExactly("A", "B", "C", "LEGACY");
        assertThat(s.env().get(1).value()).contains("two words");
        assertThat(s.env().get(2).isLiteral()).isFalse();
        assertThat(s.env().get(3).value()).contains("some value here");
        assertThat(s.env().get(0).isLiteral()).isTrue();
        assertThat(s.args()).extracting(KeyValue::key).containsExactly("TOKEN", "X", "Y");
        assertThat(s.args().get(0).value()).isEmpty();
        assertThat(s.args().get(1).value()).contains("1");
        assertThat(bad("FROM debian:12\nENV A=1 B\n").problem()).contains("not key=value");
        assertThat(bad("FROM debian:12\nENV ONLYKEY\n").problem()).contains("no value");
    }

    @Test
    void parsesFlagsOfCopyAndRun() {
        Dockerfile d = parse("""
                FROM debian:12
                RUN --mount=type=cache,target=/var/lib/apt --network=none apt-get install -y x
                COPY --chown=app:app --link src/ /srv/
                ADD https://example.org/a.tar.gz /opt/
                """);
        Instruction run = d.instructions().get(1);
        assertThat(run.flagValues("mount")).containsExactly("type=cache,target=/var/lib/apt");
        assertThat(run.body()).isEqualTo("apt-get install -y x");
        Instruction copy = d.instructions().get(2);
        assertThat(copy.flag("link")).contains("");
        assertThat(copy.words()).containsExactly("src/", "/srv/");
        assertThat(d.instructions().get(3).words()).containsExactly("https://example.org/a.tar.gz", "/opt/");
    }

    @Test
    void splitsRunScriptsIntoCommands() {
        Dockerfile d = parse("""
                FROM debian:12
                RUN set -eux; apt-get update \\
                 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "nginx-light" \\
                 && rm -rf /var/lib/apt/lists/* # tidy up
                RUN <<EOF
                #!/bin/sh
                if true; then sudo npm ci; fi
                EOF
                """);
        List<dev.fullchain.model.docker.ShellCommand> first = d.instructions().get(1).commands();
        assertThat(first).extracting(dev.fullchain.model.docker.ShellCommand::program).containsExactly("set", "apt-get", "apt-get", "rm");
        assertThat(first.get(2).arguments()).containsExactly("install", "-y", "--no-install-recommends", "nginx-light");
        assertThat(first.get(3).arguments()).containsExactly("-rf", "/var/lib/apt/lists/*");
        assertThat(d.instructions().get(2).commands()).extracting(dev.fullchain.model.docker.ShellCommand::program)
                .containsExactly("true", "npm");
    }

    @Test
    void toleratesAByteOrderMarkAndRequiresJsonForShell() {
        assertThat(parse("\uFEFFFROM debian:12\n").stages()).hasSize(1);
        assertThat(bad("FROM debian:12\nSHELL /bin/bash -c\n").location().line()).isEqualTo(2);
    }

    @Test
    void summariesMaskInlineSecretAssignments() {
        Dockerfile d = parse("FROM debian:12\nRUN PGPASSWORD=hunter22 psql -h db && mysql --password hunter33 && echo MODE=fast\n");
        String summary = d.instructions().get(1).summary();
        assertThat(summary).doesNotContain("hunter22").doesNotContain("hunter33")
                .contains("PGPASSWORD=****").contains("--password ****").contains("MODE=fast");
    }

    @Test
    void splitsImageReferences() {
        assertThat(ImageName.parse("localhost:5000/team/app")).isEqualTo(new ImageName("localhost:5000/team/app", Optional.empty(), Optional.empty()));
        assertThat(ImageName.parse("postgres:15-bookworm").tag()).contains("15-bookworm");
        ImageName d = ImageName.parse("debian:12@sha256:" + "a".repeat(64));
        assertThat(d.tag()).contains("12");
        assertThat(d.digest()).contains("sha256:" + "a".repeat(64));
        assertThat(ImageName.parse("docker.io/library/node").shortName()).isEqualTo("node");
    }

    @Test
    void aTagPinsWithAVersionNumberOrAReleaseCodenameOnly() {
        for (String pinned : List.of("postgres:16.4", "node:20-alpine", "python:3.12-slim", "debian:bookworm-slim",
                "ubuntu:jammy", "ubuntu:noble", "python:slim-bookworm", "nginx:1.27.2-alpine3.20",
                "nginx@sha256:" + "a".repeat(64))) {
            assertThat(TagPin.problem(ImageName.parse(pinned))).as(pinned).isEmpty();
        }
        for (String floating : List.of("nginx", "nginx:latest", "nginx:alpine", "nginx:stable-alpine", "node:lts",
                "python:slim", "debian:stable-slim", "debian:sid", "ubuntu:rolling", "nginx:mainline", "nginx@sha256:abc")) {
            assertThat(TagPin.problem(ImageName.parse(floating))).as(floating).isPresent();
        }
    }

    @Test
    void secretNamesFollowBuildKitsSecretsUsedInArgOrEnv() {
        for (String flagged : List.of("NPM_TOKEN", "DB_PASSWORD", "API_KEY", "AUTH", "secret_message", "GITHUB_TOKEN",
                "AWS_SECRET_ACCESS_KEY", "apikey", "PASSWD")) {
            assertThat(SecretNames.flaggedByBuildCheck(flagged)).as(flagged).isTrue();
        }
        for (String allowed : List.of("DB_PASSWORD_FILE", "PUBLIC_KEY", "TOKEN_VERSION", "KEYCLOAK_URL", "NODE_ENV",
                "PYTHONDONTWRITEBYTECODE", "TOKENIZER", "MONKEY")) {
            assertThat(SecretNames.flaggedByBuildCheck(allowed)).as(allowed).isFalse();
        }
    }
}
