package dev.fullchain.day1;

import dev.fullchain.check.Findings;
import dev.fullchain.model.app.AppProject;
import dev.fullchain.model.app.ImageInScope;
import dev.fullchain.model.compose.ComposeProject;
import dev.fullchain.model.compose.Value;
import dev.fullchain.model.docker.Dockerfile;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.function.BiConsumer;

/** What the Day 1 static checks share: walking the images, and locations and phrases for messages. */
final class Day1Checks {

    static final String PG_DATA_DIR = "/var/lib/postgresql/data";

    private Day1Checks() {
    }

    /**
     * Runs a check on each image in scope with its parsed Dockerfile. No image at all is
     * Missing (thrown by the model); a Dockerfile that cannot be read blocks the criterion for
     * that image, and the other images are still judged.
     */
    static void forEachImage(AppProject app, Findings findings, BiConsumer<ImageInScope, Dockerfile> check) {
        for (ImageInScope image : app.images()) {
            Dockerfile dockerfile;
            try {
                dockerfile = app.dockerfile(image);
            } catch (BadInput unreadable) {
                findings.add(unreadable);
                continue;
            }
            findings.tolerating(() -> check.accept(image, dockerfile));
        }
    }

    static String describe(Value v, String resolved) {
        return v.raw().equals(resolved) ? v.raw() : v.raw() + " (= " + resolved + ")";
    }

    static String normalizeDir(String path) {
        String p = path.replaceAll("/+", "/").replaceAll("(/\\.)+$", "");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "/" : p;
    }

    static Location at(ComposeProject compose, int line) {
        return new Location(compose.path(), line);
    }

    static Location at(Dockerfile dockerfile, int line) {
        return new Location(dockerfile.path(), line);
    }
}
