package dev.fullchain.selftest.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.env.ImageSubstitution;
import dev.fullchain.env.compose.DerivedCompose;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The compose file fullchain starts differs from the learner's only where a test stack must. */
@Tag("selftest")
class DerivedComposeTest {

    /** What `docker compose config` prints for a small project (v2, normalised). */
    private static final String CONFIG = """
            name: app
            services:
              api:
                build:
                  context: /tmp/copy/app/api
                  dockerfile: Dockerfile
                container_name: my-api
                environment:
                  POSTGRES_PASSWORD: s3cret-value
                healthcheck:
                  test: ["CMD", "true"]
                networks:
                  default: null
              db:
                image: postgres:15-bookworm
                healthcheck:
                  test: ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER"]
                volumes:
                  - type: volume
                    source: db-data
                    target: /var/lib/postgresql/data
              frontend:
                build:
                  context: /tmp/copy/app/frontend
                image: me/frontend:1.0
                ports:
                  - mode: ingress
                    target: 8080
                    published: "8080"
                    protocol: tcp
                  - mode: ingress
                    host_ip: 0.0.0.0
                    target: 9090
                    published: "9091"
                    protocol: tcp
              tool:
                image: debian:bookworm-slim
                ports:
                  - "127.0.0.1:5000:5000/udp"
                  - "6000"
                healthcheck:
                  disable: true
            networks:
              default:
                name: app_default
            volumes:
              db-data:
                name: app_db-data
              shared:
                name: someone-elses
                external: true
            """;

    private static final Map<String, Set<Integer>> REACH = Map.of("api", Set.of(8000), "frontend", Set.of(8080));

    private static DerivedCompose derive(ImageSubstitution substitution) {
        return DerivedCompose.derive(DerivedCompose.parseConfig(CONFIG), substitution, REACH, "fullchain-1234abcd");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(DerivedCompose d, String name) {
        return (Map<String, Object>) ((Map<String, Object>) d.model().get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ports(DerivedCompose d, String name) {
        return (List<Map<String, Object>>) service(d, name).get("ports");
    }

    @Test
    void everyPublishedPortIsBoundToLoopbackOnAnEphemeralHostPort() {
        DerivedCompose d = derive(ImageSubstitution.none());
        assertThat(ports(d, "frontend")).hasSize(2).allSatisfy(p -> {
            assertThat(p).containsEntry("host_ip", "127.0.0.1").doesNotContainKey("published");
        });
        assertThat(ports(d, "frontend")).extracting(p -> p.get("target")).containsExactly(8080, 9090);
        assertThat(ports(d, "tool")).extracting(p -> p.get("target")).containsExactly(5000, 6000);
        assertThat(ports(d, "tool").get(0)).containsEntry("protocol", "udp").containsEntry("host_ip", "127.0.0.1");
        assertThat(d.changes()).anyMatch(c -> c.startsWith("frontend: port 8080:8080 published as 127.0.0.1"));
    }

    @Test
    void thePortsTheChecksCallArePublishedOnLoopbackWhenTheFileDoesNot() {
        DerivedCompose d = derive(ImageSubstitution.none());
        assertThat(ports(d, "api")).containsExactly(Map.of("target", 8000, "host_ip", "127.0.0.1", "protocol", "tcp"));
        assertThat(ports(d, "frontend")).hasSize(2); // 8080 was published already: not added twice
        assertThat(service(d, "db")).doesNotContainKey("ports");
    }

    @Test
    void imagesAreReplacedOnlyWhenConfigured() {
        assertThat(service(derive(ImageSubstitution.none()), "db")).containsEntry("image", "postgres:15-bookworm");
        DerivedCompose d = derive(ImageSubstitution.parse("postgres:15-bookworm=fullchain/postgres-standin:15", "-Dsubstitute"));
        assertThat(service(d, "db")).containsEntry("image", "fullchain/postgres-standin:15");
        assertThat(d.pulledImages()).containsEntry("db", "fullchain/postgres-standin:15");
        assertThat(d.changes()).contains("db: image postgres:15-bookworm replaced by fullchain/postgres-standin:15 (-Dsubstitute)");
        // Another tag of the same repository is not the configured image.
        DerivedCompose other = derive(ImageSubstitution.parse("postgres:16=fullchain/postgres-standin:15", "-Dsubstitute"));
        assertThat(service(other, "db")).containsEntry("image", "postgres:15-bookworm");
    }

    @Test
    void builtImagesGetAStableNameUnlessTheFileNamesThem() {
        DerivedCompose d = derive(ImageSubstitution.none());
        assertThat(d.builtImages()).containsEntry("api", "fullchain-1234abcd-api").containsEntry("frontend", "me/frontend:1.0");
        assertThat(service(d, "api")).containsEntry("image", "fullchain-1234abcd-api");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTestProjectOwnsItsContainersVolumesAndNetworks() {
        DerivedCompose d = derive(ImageSubstitution.none());
        assertThat(service(d, "api")).doesNotContainKey("container_name");
        assertThat(d.model()).doesNotContainKey("name");
        Map<String, Object> volumes = (Map<String, Object>) d.model().get("volumes");
        assertThat((Map<String, Object>) volumes.get("db-data")).doesNotContainKey("name");
        assertThat((Map<String, Object>) volumes.get("shared")).containsEntry("name", "someone-elses");
        Map<String, Object> networks = (Map<String, Object>) d.model().get("networks");
        assertThat((Map<String, Object>) networks.get("default")).doesNotContainKey("name");
    }

    @Test
    void healthchecksEnvironmentAndYamlRoundTrip() {
        DerivedCompose d = derive(ImageSubstitution.none());
        assertThat(d.hasHealthcheck("api")).isTrue();
        assertThat(d.hasHealthcheck("tool")).isFalse();
        assertThat(d.environment("api")).containsEntry("POSTGRES_PASSWORD", "s3cret-value");
        String yaml = d.toYaml();
        // Escaped dollars stay escaped: compose interpolates the derived file again.
        assertThat(yaml).contains("pg_isready -U $$POSTGRES_USER");
        assertThat(DerivedCompose.parseConfig(yaml).get("services")).isEqualTo(d.model().get("services"));
    }
}
