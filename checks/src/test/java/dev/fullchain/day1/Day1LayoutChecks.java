package dev.fullchain.day1;

import static dev.fullchain.day1.Day1Checks.at;

import dev.fullchain.check.Findings;
import dev.fullchain.criteria.Criterion;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.Service;
import dev.fullchain.target.Layout;
import dev.fullchain.target.Location;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Day 1, static tier: the three tiers are in the compose file, and the two built ones have a Dockerfile. */
class Day1LayoutChecks {

    @Criterion("D1.APP.LAYOUT")
    void frontendApiAndDbArePresentAndTheTwoBuiltOnesHaveADockerfile(AppProject app) {
        Findings findings = new Findings();
        ComposeProject compose = app.compose(); // none: Missing; unreadable: BadInput, which blocks this criterion
        Layout.Services names = app.services();
        Location services = at(compose, compose.servicesLine());
        for (String role : List.of("frontend", "api", "db")) {
            String name = names.of(role);
            Optional<Service> service = compose.service(name);
            if (service.isEmpty()) {
                findings.add(services, "no service '" + name + "' (the " + role + ")",
                        "a service named " + name + " under services: (or map your name in fullchain.yaml services:)");
                continue;
            }
            Service s = service.get();
            if (role.equals("db")) {
                if (s.image().isEmpty() && s.build().isEmpty()) {
                    findings.add(s.at(), "service " + name + " has neither image: nor build:",
                            "image: postgres:<version> (or a build of your own database image)");
                }
                continue;
            }
            if (s.build().isEmpty()) {
                findings.add(s.at(), "service " + name + (name.equals(role) ? "" : " (the " + role + ")") + " is not built here"
                                + s.image().map(i -> ": it runs the ready-made image " + i.raw()).orElse(""),
                        "build: pointing at the " + role + "'s folder, with its Dockerfile");
                continue;
            }
            findings.tolerating(() -> app.imageOf(name).ifPresent(image -> {
                if (image.inline().isEmpty() && !app.exists(image.dockerfile())) {
                    String why = app.exists(image.context()) ? "there is no " + image.dockerfile()
                            : "the build context " + (image.context().isEmpty() ? "(the root)" : image.context()) + " does not exist";
                    findings.add(image.declaredAt(), "service " + name + " builds " + image.dockerfile() + ", but " + why,
                            "a Dockerfile at " + image.dockerfile() + " (build.dockerfile is relative to build.context,"
                                    + " build.context to the compose file's folder)");
                }
            }));
        }
        for (Map.Entry<String, Layout.ImageMapping> e : app.layout().images().entrySet()) {
            if (!app.exists(e.getValue().dockerfile())) {
                findings.add(app.layout().where("images." + e.getKey()), "images." + e.getKey() + " names "
                        + e.getValue().dockerfile() + ", which does not exist", "the path of a Dockerfile, relative to the repository root");
            }
        }
        for (String extra : app.layout().extraImages()) {
            if (!app.exists(extra)) {
                findings.add(app.layout().where("images"), "images: names " + extra + ", which does not exist",
                        "the path of a Dockerfile, relative to the repository root");
            }
        }
        findings.assertNone();
    }
}
