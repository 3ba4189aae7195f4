package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.DockerIgnore;
import dev.fullchain.model.app.EnvFile;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.selftest.Learners;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Missing;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("selftest")
class AppProjectTest {

    @TempDir
    Path root;

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static final String COMPOSE = """
            services:
              web:
                build: ./frontend
              api:
                build:
                  context: ./api
                  dockerfile: docker/Dockerfile
                environment:
                  API_TOKEN: tok-9Lq2-literal-in-compose
              db:
                image: ${PG_IMAGE:-postgres:16}
              worker:
                build: ./missing
            """;

    @Test
    void findsTheImagesTheComposeFileBuildsRelativeToItsFolder() throws IOException {
        write("app/compose.yaml", COMPOSE);
        write("fullchain.yaml", "services: {frontend: web}\nimages: [tools/Dockerfile]\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.composePath()).isEqualTo("app/compose.yaml");
        assertThat(app.composeDir()).isEqualTo("app/");
        assertThat(app.services().frontend()).isEqualTo("web");
        assertThat(app.images()).extracting(ImageInScope::dockerfile)
                .containsExactly("app/frontend/Dockerfile", "app/api/docker/Dockerfile", "app/missing/Dockerfile", "tools/Dockerfile");
        assertThat(app.imageOf("api")).get().satisfies(i -> {
            assertThat(i.context()).isEqualTo("app/api");
            assertThat(i.declaredAt().toString()).isEqualTo("app/compose.yaml:5");
        });
    }

    @Test
    void oneBrokenDockerfileOnlyFailsItsOwnReads() throws IOException {
        write("app/compose.yaml", COMPOSE);
        write("app/frontend/Dockerfile", "FROM nginx:1.27\nUSER 101\n");
        write("app/api/docker/Dockerfile", "FROM python:3.12-slim\nnonsense here\n");
        AppProject app = AppProject.load(Target.open(root));
        ImageInScope api = app.imageOf("api").orElseThrow();
        assertThatThrownBy(() -> app.dockerfile(api)).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().toString()).isEqualTo("app/api/docker/Dockerfile:2"));
        assertThat(app.dockerfile(app.imageOf("web").orElseThrow()).finalStage().users()).hasSize(1);
        assertThatThrownBy(() -> app.dockerfile(app.imageOf("worker").orElseThrow()))
                .isInstanceOf(BadInput.class).hasMessageContaining("app/missing/Dockerfile");
    }

    @Test
    void noComposeFileAndNoDockerfileAreMissingOnlyWhenAsked() {
        AppProject app = AppProject.load(Target.open(root));
        assertThatThrownBy(app::compose).isInstanceOf(Missing.class)
                .hasMessageContaining("no compose file").hasMessageContaining("anywhere in the repository")
                .satisfies(e -> assertThat(((Missing) e).key()).isEqualTo("compose"));
        assertThatThrownBy(app::images).isInstanceOf(Missing.class)
                .satisfies(e -> assertThat(((Missing) e).key()).isEqualTo("images"));
        assertThat(app.envExample()).isEmpty();
    }

    @Test
    void aComposeFileNamedInFullchainYamlThatIsNotThereIsBadInputAtThatLine() throws IOException {
        write("fullchain.yaml", "# layout\ncompose: deploy/compose.yaml\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThatThrownBy(app::compose).isInstanceOf(BadInput.class)
                .satisfies(e -> assertThat(((BadInput) e).location().toString()).isEqualTo("fullchain.yaml:2"));
    }

    @Test
    void theComposeFileIsFoundAnywhereNearestTheRootFirst() throws IOException {
        write("ops/deep/er/compose.yaml", "services: {}\n");
        write("deploy/docker-compose.yml", "services: {}\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.composePath()).isEqualTo("deploy/docker-compose.yml");
        write("app/compose.yml", "services: {}\n");
        assertThat(AppProject.load(Target.open(root)).composePath()).isEqualTo("app/compose.yml");
    }

    @Test
    void buildContextsResolveAsComposeDoes() throws IOException {
        // context relative to the compose file's folder, dockerfile relative to the context
        write("deploy/compose.yaml", """
                services:
                  frontend:
                    build: {context: .., dockerfile: frontend/Dockerfile}
                  api:
                    build:
                      context: ../api
                  tools:
                    build: .
                """);
        write("fullchain.yaml", "compose: deploy/compose.yaml\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.images()).extracting(ImageInScope::dockerfile)
                .containsExactly("frontend/Dockerfile", "api/Dockerfile", "deploy/Dockerfile");
        assertThat(app.images()).extracting(ImageInScope::context).containsExactly("", "api", "deploy");
        write("compose.yaml", "services:\n  api:\n    build: .\n  out:\n    build: ../elsewhere\n");
        write("fullchain.yaml", "compose: compose.yaml\n");
        AppProject rooted = AppProject.load(Target.open(root));
        assertThat(rooted.imageOf("api").orElseThrow().dockerfile()).isEqualTo("Dockerfile");
        assertThat(rooted.imageOf("api").orElseThrow().context()).isEqualTo("");
        assertThatThrownBy(() -> rooted.dockerfile(rooted.imageOf("out").orElseThrow()))
                .isInstanceOf(BadInput.class).hasMessageContaining("outside the repository");
    }

    @Test
    void withoutAComposeFileTheImagesComeFromTheLayout() throws IOException {
        write("services/web/Dockerfile", "FROM nginx:1.27\n");
        write("backend/docker/Dockerfile", "FROM python:3.12-slim\n");
        write("web/README.md", "not a Dockerfile\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.imageOf("frontend")).get().satisfies(i -> {
            assertThat(i.dockerfile()).isEqualTo("services/web/Dockerfile");
            assertThat(i.context()).isEqualTo("services/web");
        });
        assertThat(app.imageOf("api")).get().satisfies(i -> {
            assertThat(i.dockerfile()).isEqualTo("backend/docker/Dockerfile");
            assertThat(i.context()).isEqualTo("backend");
        });
    }

    @Test
    void imagesInFullchainYamlNameTheDockerfileAndContextOfARole() throws IOException {
        write("compose.yaml", "services:\n  api:\n    build: ./api\n  frontend:\n    build: ./frontend\n");
        write("docker/api.Dockerfile", "FROM python:3.12-slim\n");
        write("docker/api.Dockerfile.dockerignore", ".env\n");
        write("fullchain.yaml", "images:\n  api: {dockerfile: docker/api.Dockerfile, context: .}\n");
        AppProject app = AppProject.load(Target.open(root));
        ImageInScope api = app.imageOf("api").orElseThrow();
        assertThat(api.dockerfile()).isEqualTo("docker/api.Dockerfile");
        assertThat(api.context()).isEqualTo("");
        assertThat(api.declaredAt().toString()).isEqualTo("fullchain.yaml:2");
        assertThat(app.dockerignore(api)).get().satisfies(d -> assertThat(d.path()).isEqualTo("docker/api.Dockerfile.dockerignore"));
        assertThat(app.images()).extracting(ImageInScope::dockerfile).containsExactly("frontend/Dockerfile", "docker/api.Dockerfile");
    }

    @Test
    void aComposeFileThatDoesNotParseLeavesTheImagesToTheLayout() throws IOException {
        write("compose.yaml", "services: [unclosed\n");
        write("api/Dockerfile", "FROM python:3.12-slim\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThatThrownBy(app::compose).isInstanceOf(BadInput.class);
        assertThat(app.images()).extracting(ImageInScope::dockerfile).containsExactly("api/Dockerfile");
    }

    @Test
    void theLineThatSetsAVariableIsInTheEnvFile() throws IOException {
        write("compose.yaml", "services:\n  db:\n    image: ${PG_IMAGE}\n");
        write(".env.example", "# images\nPG_IMAGE=postgres:alpine\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.whereSet("PG_IMAGE")).map(Object::toString).contains(".env.example:2");
        write(".env", "PG_IMAGE=postgres:16\n");
        assertThat(AppProject.load(Target.open(root)).whereSet("PG_IMAGE")).map(Object::toString).contains(".env:1");
    }

    @Test
    void readsEnvFilesAndRegistersTheirSecretsForMasking() throws IOException {
        write("app/compose.yaml", COMPOSE);
        write("app/.env", "# local\nexport DB_PASSWORD=\"pa ss-from-env\"\nPG_IMAGE=postgres:16.4 # pinned\nUSER_NAME='app'\n");
        AppProject app = AppProject.load(Target.open(root));
        EnvFile env = app.envFile("app/.env").orElseThrow();
        assertThat(env.get("DB_PASSWORD")).map(EnvFile.Entry::value).contains("pa ss-from-env");
        assertThat(env.get("PG_IMAGE")).map(EnvFile.Entry::line).contains(3);
        assertThat(env.get("PG_IMAGE")).map(EnvFile.Entry::value).contains("postgres:16.4");
        assertThat(env.get("USER_NAME")).map(EnvFile.Entry::value).contains("app");
        assertThat(Secrets.mask("x pa ss-from-env y")).isEqualTo("x **** y");
        assertThat(Secrets.mask("token tok-9Lq2-literal-in-compose")).isEqualTo("token ****");
        // .env fills interpolations before defaults.
        assertThat(app.resolve(app.compose().service("db").orElseThrow().image().orElseThrow())).contains("postgres:16.4");
    }

    @Test
    void anEnvFileLineThatIsNotKeyValueIsBadInputWithoutEchoingIt() {
        assertThatThrownBy(() -> EnvFile.parse(new SourceFile("app/.env", "A=1\nmy password is hunter2\n")))
                .isInstanceOf(BadInput.class)
                .satisfies(e -> {
                    assertThat(((BadInput) e).location().toString()).isEqualTo("app/.env:2");
                    assertThat(e.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void gitIgnoreRulesComeFromTheRootAndTheFoldersOnTheWay() throws IOException {
        write(".gitignore", ".env\n");
        write("app/.gitignore", "!.env\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.gitIgnoresFor("app/.env").isIgnored("app/.env")).isFalse();
        assertThat(app.gitIgnoresFor("other/.env").isIgnored("other/.env")).isTrue();
        assertThat(app.gitIgnoreFilesFor("app/.env")).containsExactly(".gitignore", "app/.gitignore");
    }

    @Test
    void theDockerignoreNextToTheDockerfileWinsOverTheContextOne() throws IOException {
        write("app/compose.yaml", COMPOSE);
        write("app/api/.dockerignore", ".git\n");
        write("app/api/docker/Dockerfile.dockerignore", ".env\n");
        write("app/frontend/.dockerignore", "node_modules\n");
        AppProject app = AppProject.load(Target.open(root));
        assertThat(app.dockerignore(app.imageOf("api").orElseThrow())).get()
                .satisfies(d -> assertThat(d.path()).isEqualTo("app/api/docker/Dockerfile.dockerignore"));
        assertThat(app.dockerignore(app.imageOf("web").orElseThrow())).get()
                .satisfies(d -> assertThat(d.excludes("node_modules/a")).isTrue());
        assertThat(app.dockerignore(app.imageOf("worker").orElseThrow())).isEqualTo(Optional.empty());
    }

    @Test
    void theLearnerRepositoriesAreReadWhereTheirBuildsPoint() {
        AppProject northwind = AppProject.load(Target.open(Learners.get("northwind").root()));
        ImageInScope backend = northwind.imageOf("backend").orElseThrow();
        assertThat(backend.dockerfile()).isEqualTo("services/backend/docker/Dockerfile");
        assertThat(backend.context()).isEqualTo("services/backend");
        assertThat(northwind.dockerignore(backend)).map(DockerIgnore::path).contains("services/backend/docker/Dockerfile.dockerignore");
        AppProject kestrel = AppProject.load(Target.open(Learners.get("kestrel").root()));
        assertThat(kestrel.composePath()).isEqualTo("deploy/compose.yaml");
        assertThat(kestrel.images()).extracting(ImageInScope::dockerfile).containsExactly("api/Dockerfile", "frontend/Dockerfile");
        assertThat(kestrel.images()).extracting(ImageInScope::context).containsOnly("");
        assertThat(kestrel.dockerignore(kestrel.imageOf("frontend").orElseThrow())).map(DockerIgnore::path).contains(".dockerignore");
    }
}
