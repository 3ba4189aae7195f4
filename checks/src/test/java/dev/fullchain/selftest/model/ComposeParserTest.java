package dev.fullchain.selftest.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.Dependency;
import dev.fullchain.model.compose.EnvFileRef;
import dev.fullchain.model.compose.EnvVar;
import dev.fullchain.model.compose.Interpolation;
import dev.fullchain.model.compose.Mount;
import dev.fullchain.model.compose.Port;
import dev.fullchain.model.compose.Service;
import dev.fullchain.model.compose.Value;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class ComposeParserTest {

    private static ComposeProject parse(String text) {
        return ComposeProject.parse(new SourceFile("app/compose.yaml", text));
    }

    private static BadInput bad(String text) {
        try {
            parse(text);
        } catch (BadInput b) {
            return b;
        }
        throw new AssertionError("expected a BadInput for:\n" + text);
    }

    private static final String FULL = """
            name: shop
            x-common: &common
              restart: unless-stopped
              env_file: .env
            services:
              frontend:
                <<: *common
                build: ./frontend
                ports:
                  - "8080:8080"
                depends_on: [api]
              api:
                build:
                  context: ./api
                  dockerfile: docker/Dockerfile.prod
                  args:
                    PY_VERSION: "3.12"
                environment:
                  - DATABASE_HOST=db
                  - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?set it in .env}
                  - DEBUG
                ports:
                  - 127.0.0.1:8000:8000
                  - "9000-9010:9000-9010/udp"
                  - 80
                  - "[::1]:8443:443"
                  - target: 5000
                    published: "5001"
                    host_ip: 0.0.0.0
                healthcheck:
                  test: ["CMD", "curl", "-f", "http://localhost:8000/healthz"]
                depends_on:
                  db:
                    condition: service_healthy
                    restart: true
                env_file:
                  - path: ./api.env
                    required: false
                  - ./more.env
              db:
                image: ${POSTGRES_IMAGE:-postgres:15-bookworm}
                environment:
                  POSTGRES_USER: app
                  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
                  PGDATA:
                volumes:
                  - db-data:/var/lib/postgresql/data
                  - ./init:/docker-entrypoint-initdb.d:ro
                  - /var/run
                  - type: volume
                    source: other
                    target: /other
                  - type: bind
                    source: ${HOME}/x
                    target: /x
                  - ${DATA:-./data}:/data
                healthcheck:
                  test: pg_isready -U app
              debug:
                image: busybox
                healthcheck:
                  disable: true
                network_mode: host
            volumes:
              db-data:
              other:
                external: true
            """;

    @Test
    void readsServicesWithTheirLines() {
        ComposeProject c = parse(FULL);
        assertThat(c.services()).extracting(Service::name).containsExactly("frontend", "api", "db", "debug");
        assertThat(c.services()).extracting(Service::line).containsExactly(6, 12, 40, 59);
        assertThat(c.servicesLine()).isEqualTo(5);
        assertThat(c.directory()).isEqualTo("app/");
    }

    @Test
    void readsBothBuildForms() {
        ComposeProject c = parse(FULL);
        assertThat(c.service("frontend").get().build()).get().satisfies(b -> {
            assertThat(b.context().raw()).isEqualTo("./frontend");
            assertThat(b.dockerfile()).isEmpty();
        });
        assertThat(c.service("api").get().build()).get().satisfies(b -> {
            assertThat(b.context().raw()).isEqualTo("./api");
            assertThat(b.dockerfile()).map(Value::raw).contains("docker/Dockerfile.prod");
            assertThat(b.args()).extracting(EnvVar::key).containsExactly("PY_VERSION");
        });
        assertThat(c.service("db").get().build()).isEmpty();
    }

    @Test
    void readsShortAndLongPorts() {
        List<Port> ports = parse(FULL).service("api").get().ports();
        assertThat(ports).hasSize(5);
        assertThat(ports.get(0)).satisfies(p -> {
            assertThat(p.hostIp()).contains("127.0.0.1");
            assertThat(p.published()).contains("8000");
            assertThat(p.target()).isEqualTo("8000");
            assertThat(p.loopbackOnly()).isTrue();
            assertThat(p.line()).isEqualTo(23);
        });
        assertThat(ports.get(1)).satisfies(p -> {
            assertThat(p.published()).contains("9000-9010");
            assertThat(p.protocol()).isEqualTo("udp");
        });
        // "80" alone still publishes, on an ephemeral host port.
        assertThat(ports.get(2)).satisfies(p -> {
            assertThat(p.published()).isEmpty();
            assertThat(p.target()).isEqualTo("80");
        });
        assertThat(ports.get(3).hostIp()).contains("::1");
        assertThat(ports.get(3).loopbackOnly()).isTrue();
        assertThat(ports.get(4)).satisfies(p -> {
            assertThat(p.published()).contains("5001");
            assertThat(p.hostIp()).contains("0.0.0.0");
            assertThat(p.target()).isEqualTo("5000");
        });
    }

    @Test
    void tellsNamedBindAndAnonymousVolumes() {
        ComposeProject c = parse(FULL);
        List<Mount> m = c.service("db").get().volumes();
        assertThat(m).extracting(Mount::kind).containsExactly(Mount.Kind.NAMED, Mount.Kind.BIND, Mount.Kind.ANONYMOUS,
                Mount.Kind.NAMED, Mount.Kind.BIND, Mount.Kind.BIND);
        assertThat(m.get(0).source()).contains("db-data");
        assertThat(m.get(0).target()).isEqualTo("/var/lib/postgresql/data");
        assertThat(m.get(1).readOnly()).isTrue();
        assertThat(m.get(2).target()).isEqualTo("/var/run");
        assertThat(m.get(5).interpolated()).isTrue();
        assertThat(c.volume("db-data")).get().satisfies(v -> assertThat(v.external()).isFalse());
        assertThat(c.volume("other")).get().satisfies(v -> assertThat(v.external()).isTrue());
    }

    @Test
    void readsHealthchecksAndDependencies() {
        ComposeProject c = parse(FULL);
        assertThat(c.service("api").get().healthcheck()).get().satisfies(h -> {
            assertThat(h.test()).containsExactly("CMD", "curl", "-f", "http://localhost:8000/healthz");
            assertThat(h.disabled()).isFalse();
        });
        assertThat(c.service("db").get().healthcheck()).get()
                .satisfies(h -> assertThat(h.test()).containsExactly("CMD-SHELL", "pg_isready -U app"));
        assertThat(c.service("debug").get().healthcheck()).get().satisfies(h -> assertThat(h.disabled()).isTrue());
        assertThat(c.service("api").get().dependency("db")).get()
                .satisfies(d -> assertThat(d.condition()).isEqualTo(Dependency.HEALTHY));
        assertThat(c.service("frontend").get().dependency("api")).get()
                .satisfies(d -> assertThat(d.condition()).isEqualTo(Dependency.STARTED));
        assertThat(c.service("debug").get().networkMode()).map(Value::raw).contains("host");
    }

    @Test
    void readsEnvironmentInBothFormsAndFlagsInterpolation() {
        ComposeProject c = parse(FULL);
        Service api = c.service("api").get();
        assertThat(api.environment()).extracting(EnvVar::key).containsExactly("DATABASE_HOST", "POSTGRES_PASSWORD", "DEBUG");
        assertThat(api.env("DATABASE_HOST").get().value()).get().satisfies(v -> assertThat(v.isLiteral()).isTrue());
        assertThat(api.env("POSTGRES_PASSWORD").get().value()).get().satisfies(v -> assertThat(v.interpolated()).isTrue());
        assertThat(api.env("DEBUG").get().value()).isEmpty();
        Service db = c.service("db").get();
        assertThat(db.env("POSTGRES_USER").get().value()).get().satisfies(v -> {
            assertThat(v.raw()).isEqualTo("app");
            assertThat(v.line()).isEqualTo(43);
        });
        assertThat(db.env("PGDATA").get().value()).isEmpty();
        assertThat(db.image()).get().satisfies(v -> assertThat(v.interpolated()).isTrue());
        assertThat(c.interpolations()).extracting(Value::raw).contains("${POSTGRES_IMAGE:-postgres:15-bookworm}");
    }

    @Test
    void readsEnvFilesInEveryFormAndMergeKeys() {
        ComposeProject c = parse(FULL);
        assertThat(c.service("api").get().envFiles()).containsExactly(
                new EnvFileRef("./api.env", false, "app/compose.yaml", 37), new EnvFileRef("./more.env", true, "app/compose.yaml", 39));
        // frontend gets env_file from the x-common anchor through the merge key.
        assertThat(c.service("frontend").get().envFiles()).extracting(EnvFileRef::path).containsExactly(".env");
    }

    @Test
    void interpolationFollowsComposeSyntax() {
        assertThat(Interpolation.isInterpolated("$$HOME")).isFalse();
        assertThat(Interpolation.isInterpolated("pg_isready -U $$POSTGRES_USER")).isFalse();
        assertThat(Interpolation.isInterpolated("$HOME/x")).isTrue();
        assertThat(Interpolation.references("${A:-${B}} ${C:?missing}"))
                .extracting(Interpolation.Reference::name).containsExactly("A", "C");
        Map<String, String> env = Map.of("SET", "v");
        assertThat(Interpolation.resolve("${SET}-${UNSET:-d}", k -> Optional.ofNullable(env.get(k)))).contains("v-d");
        assertThat(Interpolation.resolve("${UNSET}", k -> Optional.ofNullable(env.get(k)))).isEmpty();
        assertThat(Interpolation.resolve("${SET:+yes}${UNSET:+no}", k -> Optional.ofNullable(env.get(k)))).contains("yes");
    }

    @Test
    void malformedYamlIsBadInputAtTheLineSnakeYamlReports() {
        BadInput b = bad("services:\n  api:\n    image: x\n  db: [unclosed\n");
        assertThat(b.location().path()).isEqualTo("app/compose.yaml");
        assertThat(b.location().line()).isBetween(4, 5);
        assertThat(b.problem()).startsWith("not valid YAML");
        BadInput tab = bad("services:\n\tapi:\n");
        assertThat(tab.location().line()).isEqualTo(2);
    }

    @Test
    void wrongShapesAreBadInputWithTheirLine() {
        assertThat(bad("- a\n- b\n").problem()).contains("top level is a list");
        assertThat(bad("").problem()).contains("empty");
        assertThat(bad("services:\n  api:\n    ports: 8080\n").location().line()).isEqualTo(3);
        assertThat(bad("services:\n  api:\n    ports: [\"1:2:3:4\"]\n").problem()).contains("HOST_PORT");
        assertThat(bad("services:\n  api:\n    image: a\n  api:\n    image: b\n").problem()).contains("duplicate key 'api'");
        assertThat(bad("services: [a, b]\n").problem()).contains("services is a list");
    }
}
