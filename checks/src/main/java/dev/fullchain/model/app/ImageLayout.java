package dev.fullchain.model.app;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the frontend's or the api's Dockerfile is when no readable compose file builds that
 * service and fullchain.yaml has no images: entry for it. Nearest the root first, the first
 * existing file wins:
 *
 * <ol>
 *   <li>a folder named after the service (your name for it, then the usual names: frontend,
 *       web, client, ui for the frontend; api, backend, server for the api), at the root, then
 *       under app/, apps/, services/, src/: its {@code Dockerfile}, then {@code docker/Dockerfile};
 *       the folder is the build context;</li>
 *   <li>at the root or in docker/: {@code <name>.Dockerfile}, {@code Dockerfile.<name>},
 *       {@code docker/<name>/Dockerfile}; the repository root is the build context.</li>
 * </ol>
 */
final class ImageLayout {

    static final List<String> FRONTEND_NAMES = List.of("frontend", "web", "client", "ui");
    static final List<String> API_NAMES = List.of("api", "backend", "server");
    static final List<String> PARENTS = List.of("", "app/", "apps/", "services/", "src/");

    /** A Dockerfile and its build context, relative to the root ("" is the root). */
    record Candidate(String dockerfile, String context) {
    }

    private ImageLayout() {
    }

    /** The candidates for a role, in the order they are tried. */
    static List<Candidate> candidates(String role, String serviceName) {
        Set<String> names = new LinkedHashSet<>();
        names.add(serviceName);
        names.addAll(role.equals("frontend") ? FRONTEND_NAMES : API_NAMES);
        List<Candidate> out = new ArrayList<>();
        for (String parent : PARENTS) {
            for (String name : names) {
                String dir = parent + name;
                out.add(new Candidate(dir + "/Dockerfile", dir));
                out.add(new Candidate(dir + "/docker/Dockerfile", dir));
            }
        }
        for (String name : names) {
            for (String dir : List.of("", "docker/")) {
                out.add(new Candidate(dir + name + ".Dockerfile", ""));
                out.add(new Candidate(dir + "Dockerfile." + name, ""));
            }
            out.add(new Candidate("docker/" + name + "/Dockerfile", ""));
        }
        return out;
    }

    static Optional<Candidate> find(String role, String serviceName, Predicate<String> exists) {
        return candidates(role, serviceName).stream().filter(c -> exists.test(c.dockerfile())).findFirst();
    }

    /** For "not found" messages: the folders looked in, in short. */
    static List<String> lookedIn() {
        return List.of("the compose file's build: entries", "fullchain.yaml images:",
                "<folder>/Dockerfile and <folder>/docker/Dockerfile for the folders frontend, web, client, ui, api, backend, server"
                        + " (or your service names) at the root and under app/, apps/, services/, src/",
                "<name>.Dockerfile, Dockerfile.<name>, docker/<name>/Dockerfile");
    }
}
