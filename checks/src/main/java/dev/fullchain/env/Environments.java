package dev.fullchain.env;

import dev.fullchain.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Environments started during this JVM, one per kind and target, shared by every suite
 * (and by nested self-test runs over the same target). Closed at the end of the run by
 * the launcher listener, on JVM shutdown (Ctrl-C included) as a last resort, or per target
 * by self-tests that are done with a mutant.
 */
public final class Environments {

    private static final Map<String, Environment> STARTED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Environments::closeAll, "fullchain-environments-cleanup"));
    }

    private Environments() {
    }

    public static <T extends Environment> T get(Class<T> kind, Target target, Function<Target, T> starter) {
        String key = kind.getName() + "|" + target.root();
        return kind.cast(STARTED.computeIfAbsent(key, k -> starter.apply(target)));
    }

    /** The environments this run has started so far, for diagnostics. */
    public static List<Environment> started(Target target) {
        List<Environment> out = new ArrayList<>();
        STARTED.forEach((k, v) -> {
            if (k.endsWith("|" + target.root())) {
                out.add(v);
            }
        });
        return out;
    }

    public static void closeFor(Target target) {
        for (String key : List.copyOf(STARTED.keySet())) {
            if (key.endsWith("|" + target.root())) {
                closeQuietly(STARTED.remove(key));
            }
        }
    }

    public static void closeAll() {
        for (String key : List.copyOf(STARTED.keySet())) {
            closeQuietly(STARTED.remove(key));
        }
    }

    private static void closeQuietly(Environment e) {
        if (e == null) {
            return;
        }
        try {
            e.close();
        } catch (RuntimeException ex) {
            System.err.println("[fullchain] could not stop " + e + ": " + ex.getMessage());
        }
    }
}
