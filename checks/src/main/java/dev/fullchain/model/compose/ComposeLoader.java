package dev.fullchain.model.compose;

import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a compose project the way `docker compose config` does from the compose file's folder:
 * the file, then the override file compose reads by default beside it (merged into it), then
 * every {@code include:} (each loaded as its own project, with its own project directory, its
 * resources copied in). Only files inside the repository are read: an include, a project
 * directory or an include env_file that leaves it is a BadInput on the line that names it,
 * and the file is never opened.
 */
final class ComposeLoader {

    /**
     * How many compose files one project may read. Includes can nest and fan out; a real
     * project has a handful, 32 bounds the work against includes that multiply.
     */
    static final int MAX_FILES = 32;

    private static final String INCLUDE_DOCS = "https://docs.docker.com/reference/compose-file/include/";

    private final Target target;
    private final Set<String> read = new LinkedHashSet<>();
    private final List<Service> written = new ArrayList<>();

    private ComposeLoader(Target target) {
        this.target = target;
    }

    static ComposeProject load(Target target, String path) {
        return new ComposeLoader(target).project(path);
    }

    private ComposeProject project(String path) {
        String dir = parent(path);
        ComposeFile main = parse(path, dir);
        if (ComposeProject.DEFAULT_NAMES.contains(name(path))) {
            for (String override : ComposeProject.OVERRIDE_NAMES) {
                String o = dir + override;
                if (target.exists(o)) {
                    main = ComposeMerge.files(main, parse(o, dir));
                    break;
                }
            }
        }
        ComposeFile whole = withIncludes(main, dir, List.of(path));
        return new ComposeProject(path, whole.servicesLine(), whole.services(), whole.volumes(), whole.interpolations(),
                List.copyOf(read), List.copyOf(written));
    }

    private ComposeFile parse(String path, String directory) {
        if (read.size() >= MAX_FILES) {
            throw new BadInput(Location.of(path), "the project reads more than " + MAX_FILES + " compose files through include:"
                    + " fullchain reads no further", "a compose project of at most " + MAX_FILES + " files");
        }
        read.add(path);
        ComposeFile file = ComposeParser.parse(target.read(path), directory);
        written.addAll(file.services());
        return file;
    }

    /** The file with every include loaded and its services and volumes copied in; {@code chain} is the include path so far. */
    private ComposeFile withIncludes(ComposeFile file, String directory, List<String> chain) {
        ComposeFile out = new ComposeFile(file.path(), file.servicesLine(), file.services(), file.volumes(), file.interpolations(), List.of());
        for (Include include : file.includes()) {
            List<String> paths = new ArrayList<>();
            for (Value p : include.paths()) {
                paths.add(inside(include, p, directory, "include path"));
            }
            for (Value e : include.envFiles()) {
                inside(include, e, directory, "include env_file");
            }
            String projectDir = include.projectDirectory()
                    .map(d -> asDirectory(inside(include, d, directory, "include project_directory")))
                    .orElse(parent(paths.get(0)));
            for (String p : paths) {
                if (chain.contains(p)) {
                    throw new BadInput(include.at(), "include " + p + " includes itself (" + String.join(" -> ", chain) + " -> " + p + ")",
                            "includes that do not loop, see " + INCLUDE_DOCS);
                }
                if (!target.exists(p)) {
                    throw new BadInput(include.at(), "include names " + p + ", which does not exist",
                            "the path of a compose file, relative to " + (directory.isEmpty() ? "the repository root" : directory));
                }
            }
            ComposeFile included = parse(paths.get(0), projectDir);
            for (String p : paths.subList(1, paths.size())) {
                included = ComposeMerge.files(included, parse(p, projectDir));
            }
            List<String> deeper = new ArrayList<>(chain);
            deeper.add(paths.get(0));
            out = imported(out, withIncludes(included, projectDir, deeper), include);
        }
        return out;
    }

    /** The resources of an included project copied in; compose refuses one the including project defines too. */
    private static ComposeFile imported(ComposeFile into, ComposeFile included, Include include) {
        Map<String, Service> services = new LinkedHashMap<>();
        into.services().forEach(s -> services.put(s.name(), s));
        for (Service s : included.services()) {
            Service existing = services.putIfAbsent(s.name(), s);
            if (existing != null) {
                throw new BadInput(include.at(), "the included " + included.path() + " defines service " + s.name() + ", which "
                        + existing.at() + " defines too: compose does not merge an included service",
                        "each service defined once: in the included file or here, see " + INCLUDE_DOCS);
            }
        }
        Map<String, NamedVolume> volumes = new LinkedHashMap<>();
        into.volumes().forEach(v -> volumes.put(v.name(), v));
        included.volumes().forEach(v -> volumes.putIfAbsent(v.name(), v));
        List<Value> interpolations = new ArrayList<>(into.interpolations());
        interpolations.addAll(included.interpolations());
        return new ComposeFile(into.path(), into.servicesLine(), List.copyOf(services.values()), List.copyOf(volumes.values()),
                List.copyOf(interpolations), List.of());
    }

    /** A path of an include, relative to the root; BadInput naming the include's line when it leaves the repository or cannot be told. */
    private String inside(Include include, Value v, String directory, String what) {
        String raw = v.raw().replace('\\', '/');
        if (v.interpolated()) {
            throw new BadInput(v.at(), what + " " + v.raw() + " uses a variable: fullchain reads only the files a path names as written",
                    "a path written out, relative to the compose file's folder");
        }
        if (raw.matches("^[a-z][a-z0-9+.-]*://.*") || raw.startsWith("git@")) {
            throw new BadInput(v.at(), what + " " + v.raw() + " is remote: only compose files in the repository can be checked",
                    "the included compose file committed in the repository");
        }
        String relative = raw.startsWith("/") ? raw : target.relative(target.resolve(directory + raw));
        if (raw.startsWith("/") || relative.equals("..") || relative.startsWith("../")) {
            throw new BadInput(v.at(), what + " " + v.raw() + " leaves the repository: not read (fullchain reads only inside it,"
                    + " and a clone would not have it)", "a path inside the repository, relative to the compose file's folder");
        }
        return relative;
    }

    private static String asDirectory(String relative) {
        return relative.isEmpty() || relative.endsWith("/") ? relative : relative + "/";
    }

    /** The folder of a path relative to the root: "" or ending in '/'. */
    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
