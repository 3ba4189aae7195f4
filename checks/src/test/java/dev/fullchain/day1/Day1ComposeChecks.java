package dev.fullchain.day1;

import static dev.fullchain.day1.Day1Checks.at;
import static dev.fullchain.day1.Day1Checks.normalizeDir;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.Dependency;
import dev.fullchain.model.compose.EnvVar;
import dev.fullchain.model.compose.Healthcheck;
import dev.fullchain.model.compose.Mount;
import dev.fullchain.model.compose.Port;
import dev.fullchain.model.compose.Service;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.model.docker.Instruction;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Layout;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Day 1, static tier: the compose file parses and wires the services: names, healthchecks, the data volume, host ports. */
class Day1ComposeChecks {

    @Criterion("D1.COMPOSE.SERVICES")
    void theComposeFileParsesAndDefinesFrontendApiAndDb(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose;
        try {
            compose = app.compose(); // none: Missing
        } catch (BadInput unreadable) {
            if (unreadable.location().path().equals(Layout.FILE)) {
                throw unreadable; // fullchain.yaml names a compose file that is not there: blocked by fullchain.yaml
            }
            // This criterion judges whether the files of the project (the compose file, its override, its includes) parse:
            // their error is the finding. The other compose criteria are blocked by it.
            throw Findings.fail(unreadable.location(), unreadable.problem(), unreadable.expected() + " (docker compose config must accept it)");
        }
        Layout.Services names = app.services();
        for (String role : List.of("frontend", "api", "db")) {
            String name = names.of(role);
            if (compose.service(name).isEmpty()) {
                findings.add(at(compose, compose.servicesLine()), compose.services().isEmpty() ? "no services: at all"
                                : "services " + compose.services().stream().map(Service::name).toList() + ", no '" + name + "'",
                        "a service named " + name + " (the " + role + "), or your name for it mapped in fullchain.yaml services:");
            }
        }
        // What `docker compose config` itself refuses.
        for (Service s : compose.services()) {
            if (s.image().isEmpty() && s.build().isEmpty()) {
                findings.add(s.at(), "service " + s.name() + " has neither image: nor build:",
                        "image: or build: for every service");
            }
            for (Dependency d : s.dependsOn()) {
                if (compose.service(d.service()).isEmpty()) {
                    findings.add(d.at(), "service " + s.name() + " depends on '" + d.service() + "', which is not defined",
                            "depends_on naming services of the project");
                }
            }
            for (Mount m : s.volumes()) {
                if (m.kind() == Mount.Kind.NAMED && compose.volume(m.source().orElse("")).isEmpty()) {
                    findings.add(m.at(), "service " + s.name() + " mounts volume '" + m.source().orElse("")
                                    + "', which is not declared under the top-level volumes:",
                            "volumes:\n  " + m.source().orElse("") + ":   (at the top level of the file)");
                }
            }
        }
        findings.assertNone();
    }

    @Criterion("D1.COMPOSE.HEALTH")
    void dbAndApiHaveHealthchecksAndApiWaitsForAHealthyDb(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // none: Missing; unreadable: BadInput, which blocks this criterion
        String db = app.services().db();
        String api = app.services().api();
        for (String name : List.of(db, api)) {
            Optional<Service> service = compose.service(name);
            if (service.isEmpty()) {
                findings.add(at(compose, compose.servicesLine()), "no service '" + name + "' to give a healthcheck",
                        "a service " + name + " with a healthcheck");
                continue;
            }
            healthcheck(app, compose, service.get(), findings);
        }
        compose.service(api).ifPresent(s -> {
            Optional<Dependency> dep = s.dependency(db);
            if (dep.isEmpty()) {
                findings.add(s.at(), "service " + api + " does not depend on " + db
                                + ", so it can start before the database accepts connections",
                        "depends_on: {" + db + ": {condition: service_healthy}} under " + api);
            } else if (!dep.get().condition().equals(Dependency.HEALTHY)) {
                findings.add(dep.get().at(), "service " + api + " waits for " + db + " with condition "
                                + dep.get().condition() + (dep.get().condition().equals(Dependency.STARTED)
                                ? " (the list form means that): started is not ready" : ""),
                        "depends_on: {" + db + ": {condition: service_healthy}}");
            }
        });
        findings.assertNone();
    }

    private static void healthcheck(AppProject app, ComposeProject compose, Service s, Findings findings) {
        Optional<Healthcheck> hc = s.healthcheck();
        if (hc.isPresent() && hc.get().disabled()) {
            findings.add(hc.get().at(), "service " + s.name() + " has its healthcheck disabled",
                    "a healthcheck test that proves " + s.name() + " serves (not disable: true or NONE)");
            return;
        }
        if (hc.isPresent() && !hc.get().test().isEmpty()) {
            String first = hc.get().test().get(0);
            if (!first.equals("CMD") && !first.equals("CMD-SHELL")) {
                findings.add(hc.get().at(), "service " + s.name() + ": healthcheck test starts with '" + first + "'",
                        "test: [\"CMD\", ...] or [\"CMD-SHELL\", \"...\"] or a string");
            } else if (hc.get().test().size() < 2 || hc.get().test().get(1).isBlank()) {
                findings.add(hc.get().at(), "service " + s.name() + ": healthcheck test runs nothing",
                        "a command after " + first);
            }
            return;
        }
        // No test in compose: the image's own HEALTHCHECK counts, if the image is built here.
        Optional<Instruction> fromImage = Optional.empty();
        try {
            Optional<ImageInScope> image = s.build().isPresent() ? app.imageOf(s.name()) : Optional.empty();
            if (image.isPresent()) {
                Dockerfile d = app.dockerfile(image.get());
                fromImage = d.effective("HEALTHCHECK", d.finalStage()).filter(i -> !i.body().strip().equalsIgnoreCase("NONE"));
            }
        } catch (BadInput unreadable) {
            // the image checks report the Dockerfile; here it just does not provide a healthcheck
        }
        if (fromImage.isEmpty()) {
            findings.add(hc.map(Healthcheck::at).orElse(s.at()), "service " + s.name() + " has no healthcheck"
                            + (hc.isPresent() ? " test" : ""),
                    "healthcheck: with a test that proves " + s.name() + " serves (e.g. pg_isready for Postgres, "
                            + "a request to the api's health endpoint)");
        }
    }

    @Criterion("D1.COMPOSE.VOLUME")
    void postgresDataLivesOnANamedVolume(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // none: Missing; unreadable: BadInput, which blocks this criterion
        String dbName = app.services().db();
        Optional<Service> db = compose.service(dbName);
        if (db.isEmpty()) {
            findings.add(at(compose, compose.servicesLine()), "no service '" + dbName + "' whose data could be kept",
                    "a service " + dbName + " with a named volume on its data directory");
            findings.assertNone();
            return;
        }
        Service s = db.get();
        // PGDATA moves the data; the volume may sit on it or on its parent folder.
        String dataDir = s.env("PGDATA").flatMap(EnvVar::value).flatMap(app::resolve).filter(v -> v.startsWith("/"))
                .map(Day1Checks::normalizeDir).orElse(Day1Checks.PG_DATA_DIR);
        String parent = dataDir.contains("/") && dataDir.lastIndexOf('/') > 0 ? dataDir.substring(0, dataDir.lastIndexOf('/')) : dataDir;
        List<Mount> onData = s.volumes().stream()
                .filter(m -> normalizeDir(m.target()).equals(dataDir) || normalizeDir(m.target()).equals(parent)).toList();
        String expected = "a named volume on the data directory: volumes: [\"" + dataDir.replace(Day1Checks.PG_DATA_DIR, "db-data:" + Day1Checks.PG_DATA_DIR)
                + "\"] under " + dbName + ", declared under the top-level volumes:";
        if (!dataDir.equals(Day1Checks.PG_DATA_DIR)) {
            expected = "a named volume mounted at " + dataDir + " (PGDATA) or " + parent + ", declared under the top-level volumes:";
        }
        if (onData.isEmpty()) {
            findings.add(s.at(), "service " + dbName + " mounts nothing on " + dataDir
                    + (s.volumes().isEmpty() ? "" : " (its volumes: " + s.volumes().stream().map(Mount::raw).toList() + ")")
                    + ": the data is lost with the container", expected);
            findings.assertNone();
            return;
        }
        boolean named = false;
        for (Mount m : onData) {
            String subject = "service " + dbName + " keeps " + dataDir + " on ";
            switch (m.kind()) {
                case NAMED -> {
                    if (compose.volume(m.source().orElse("")).isPresent()) {
                        named = true;
                    } else {
                        findings.add(m.at(), subject + "volume '" + m.source().orElse("")
                                + "', which is not declared under the top-level volumes:", expected);
                    }
                }
                case BIND -> findings.add(m.at(), subject + "a bind mount of the host folder "
                        + m.source().orElse("") + ", not a named volume", expected);
                case ANONYMOUS -> findings.add(m.at(), subject + "an anonymous volume ("
                        + m.raw() + "), which a down or a new container leaves behind", expected);
                case TMPFS -> findings.add(m.at(), subject + "a tmpfs, in memory only", expected);
                default -> findings.add(m.at(), subject + m.raw() + ", which cannot be told to be a named volume",
                        expected);
            }
        }
        // A named, declared volume on the data holds it; the other mounts there matter only when none does.
        if (!named) {
            findings.assertNone();
        }
    }

    @Criterion("D1.COMPOSE.EXPOSURE")
    void onlyTheFrontendAndOptionallyTheApiPublishHostPorts(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // none: Missing; unreadable: BadInput, which blocks this criterion
        Layout.Services names = app.services();
        Set<String> mayPublish = Set.of(names.frontend(), names.api());
        for (Service s : compose.services()) {
            if (mayPublish.contains(s.name())) {
                continue;
            }
            String role = s.name().equals(names.db()) ? "the database " + s.name() : "service " + s.name();
            String expected = s.name().equals(names.db())
                    ? "no ports: on " + s.name() + "; the api reaches it by name on the compose network"
                    : "no ports: on " + s.name() + " (only " + names.frontend() + " and " + names.api() + " publish host ports)";
            for (Port p : s.ports()) {
                findings.add(p.at(), role + " publishes " + p.raw() + " on the host"
                        + (p.loopbackOnly() ? " (loopback only, still reachable by every local process)" : "")
                        + (s.profiles().isEmpty() ? "" : " (profiles " + s.profiles() + ")"), expected);
            }
            s.networkMode().filter(n -> n.raw().equals("host")).ifPresent(n -> findings.add(n.at(),
                    role + " uses network_mode: host, which exposes every port it listens on", expected));
        }
        findings.assertNone();
    }

}
