package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.EnvVar;
import dev.fullchain.model.compose.Mount;
import dev.fullchain.model.compose.Port;
import dev.fullchain.model.compose.Service;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compose project as `docker compose config` merges it: the override file beside the compose file, and include:. */
@Tag("selftest")
class ComposeMergingTest {

    @TempDir
    Path work;

    private Path root() throws IOException {
        return Files.createDirectories(work.resolve("repo"));
    }

    private void write(String rel, String text) throws IOException {
        Path p = root().resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private ComposeProject load(String path) throws IOException {
        return ComposeProject.load(Target.open(root()), path);
    }

    private static final String BASE = """
            services:
              api:
                image: api:1.0.0
                ports:
                  - "127.0.0.1:8000:8000"
                environment:
                  LOG_LEVEL: info
                  DB_HOST: db
                volumes:
                  - ./src:/app/src
                healthcheck:
                  test: ["CMD", "true"]
                  interval: 5s
              db:
                image: postgres:16.4
            """;

    @Test
    void theOverrideFileIsMergedKeyByKeyAndEveryValueKeepsItsFile() throws IOException {
        write("app/compose.yaml", BASE);
        write("app/compose.override.yaml", """
                services:
                  api:
                    image: api:dev
                    ports:
                      - "127.0.0.1:8000:8000"
                      - "9229:9229"
                    environment:
                      - LOG_LEVEL=debug
                    volumes:
                      - api-src:/app/src
                    healthcheck:
                      interval: 30s
                  db:
                    ports:
                      - "5432:5432"
                  adminer:
                    image: adminer:4.8.1
                volumes:
                  api-src:
                """);
        ComposeProject c = load("app/compose.yaml");
        assertThat(c.files()).containsExactly("app/compose.yaml", "app/compose.override.yaml");
        assertThat(c.services()).extracting(Service::name).containsExactly("api", "db", "adminer");
        Service api = c.service("api").get();
        assertThat(api.at()).isEqualTo(new Location("app/compose.yaml", 2));
        assertThat(api.image()).get().satisfies(v -> {
            assertThat(v.raw()).isEqualTo("api:dev");
            assertThat(v.file()).isEqualTo("app/compose.override.yaml");
        });
        // ports: the same mapping once (the override's), the new one appended.
        assertThat(api.ports()).extracting(Port::raw).containsExactly("127.0.0.1:8000:8000", "9229:9229");
        assertThat(api.ports()).extracting(Port::file).containsOnly("app/compose.override.yaml");
        // environment: merged by name, the override wins; the earlier names stay.
        assertThat(api.environment()).extracting(EnvVar::key).containsExactly("LOG_LEVEL", "DB_HOST");
        assertThat(api.env("LOG_LEVEL").get().value()).get().hasToString("debug");
        assertThat(api.env("DB_HOST").get().file()).isEqualTo("app/compose.yaml");
        // volumes: merged by target, the override's mount replaces the bind mount.
        assertThat(api.volumes()).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo(Mount.Kind.NAMED);
            assertThat(m.at()).isEqualTo(new Location("app/compose.override.yaml", 10));
        });
        // healthcheck: the override sets no test, so the compose file's test still decides.
        assertThat(api.healthcheck()).get().satisfies(h -> assertThat(h.file()).isEqualTo("app/compose.yaml"));
        // As written, each file keeps its own values: the image the override replaced is still in compose.yaml.
        assertThat(c.written()).filteredOn(s -> s.name().equals("api")).extracting(s -> s.image().get().raw())
                .containsExactly("api:1.0.0", "api:dev");
        Port db = c.service("db").get().ports().get(0);
        assertThat(db.at()).isEqualTo(new Location("app/compose.override.yaml", 15));
        assertThat(c.volume("api-src")).isPresent();
    }

    @Test
    void composeReadsTheFirstOverrideThatExistsAndOnlyBesideADefaultName() throws IOException {
        write("docker-compose.yml", BASE);
        write("docker-compose.override.yml", "services:\n  db:\n    ports: [\"5432:5432\"]\n");
        write("compose.override.yml", "services:\n  db:\n    ports: [\"5433:5432\"]\n");
        assertThat(load("docker-compose.yml").service("db").get().ports()).extracting(Port::raw).containsExactly("5433:5432");
        write("stack.yaml", BASE);
        // A file of another name is only ever run with -f, and compose then reads no override.
        assertThat(load("stack.yaml").files()).containsExactly("stack.yaml");
    }

    @Test
    void includedFilesBringTheirServicesWithTheirOwnProjectDirectory() throws IOException {
        write("compose.yaml", """
                include:
                  - db/compose.yaml
                  - path: ./services/api.compose.yaml
                    project_directory: services/api
                    env_file: services/api/.env.defaults
                services:
                  web:
                    build: ./web
                """);
        write("db/compose.yaml", "services:\n  db:\n    image: postgres:16.4\n    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes:\n  pgdata:\n");
        write("services/api.compose.yaml", "services:\n  api:\n    build: .\n    env_file: .env\n");
        write("services/api/Dockerfile", "FROM python:3.12-slim\n");
        write("web/Dockerfile", "FROM nginx:1.27\n");
        ComposeProject c = load("compose.yaml");
        assertThat(c.services()).extracting(Service::name).containsExactly("web", "db", "api");
        assertThat(c.service("db").get().directory()).isEqualTo("db/");
        assertThat(c.service("db").get().at()).isEqualTo(new Location("db/compose.yaml", 2));
        assertThat(c.service("api").get().directory()).isEqualTo("services/api/");
        assertThat(c.volume("pgdata")).get().satisfies(v -> assertThat(v.file()).isEqualTo("db/compose.yaml"));
        AppProject app = AppProject.load(Target.open(root()));
        // build: . in the included file is its project directory, not the including file's folder.
        assertThat(app.images()).extracting(ImageInScope::dockerfile).containsExactly("web/Dockerfile", "services/api/Dockerfile");
        assertThat(app.ofService(c.service("api").get(), ".env")).isEqualTo("services/api/.env");
    }

    @Test
    void anIncludeThatLeavesTheRepositoryIsNamedOnItsLineAndNeverRead() throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("leak.yaml"), "services: {leak: {image: outside-marker}}\n");
        write("compose.yaml", "services:\n  web:\n    image: nginx:1.27\ninclude:\n  - ../outside/leak.yaml\n");
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class, b -> {
            assertThat(b.location()).isEqualTo(new Location("compose.yaml", 5));
            assertThat(b.problem()).contains("leaves the repository").doesNotContain("outside-marker");
        });
        write("compose.yaml", "include:\n  - path: db.yaml\n    project_directory: ../outside\n");
        write("db.yaml", "services: {}\n");
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class,
                b -> assertThat(b.problem()).contains("project_directory", "leaves the repository"));
        write("compose.yaml", "include:\n  - path: db.yaml\n    env_file: [/etc/passwd]\n");
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class,
                b -> assertThat(b.problem()).contains("env_file", "leaves the repository"));
    }

    @Test
    void anOverrideLinkedOutsideIsRefusedNamingIt() throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("leak.yaml"), "services: {db: {ports: [\"5432:5432\"]}}\n");
        write("compose.yaml", BASE);
        Files.createSymbolicLink(root().resolve("compose.override.yaml"), outside.resolve("leak.yaml"));
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class,
                b -> assertThat(b.location().path()).isEqualTo("compose.override.yaml"));
    }

    @Test
    void includesThatConflictLoopOrAreAbsentAreWhatComposeRefuses() throws IOException {
        write("compose.yaml", "include: [other.yaml]\nservices:\n  db:\n    image: postgres:16.4\n");
        write("other.yaml", "services:\n  db:\n    image: postgres:15\n");
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class, b -> {
            assertThat(b.location()).isEqualTo(new Location("compose.yaml", 1));
            assertThat(b.problem()).contains("defines service db", "compose.yaml:3");
        });
        write("other.yaml", "include: [compose.yaml]\n");
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class,
                b -> assertThat(b.problem()).contains("includes itself"));
        write("compose.yaml", "include: [nowhere.yaml]\n");
        assertThatThrownBy(() -> load("compose.yaml")).isInstanceOfSatisfying(BadInput.class,
                b -> assertThat(b.problem()).contains("nowhere.yaml, which does not exist"));
    }

    @Test
    void anEnvFileThatLeavesTheRepositoryIsNeverRead() throws IOException {
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("secret.env"), "POSTGRES_PASSWORD=outside-marker\n");
        write("app/compose.yaml", "services:\n  db:\n    image: postgres:16.4\n    env_file: ../../outside/secret.env\n");
        AppProject app = AppProject.load(Target.open(root()));
        Service db = app.compose().service("db").get();
        String path = app.ofService(db, db.envFiles().get(0).path());
        assertThat(AppProject.leavesRepository(path)).isTrue();
        assertThat(Target.lastRead()).hasValue("app/compose.yaml");
    }
}
