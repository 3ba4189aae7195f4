package dev.fullchain.junit;

import dev.fullchain.target.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The typed, read-only models checks receive as parameters (ComposeProject, Dockerfiles,
 * ...), built once per target and type. A model builds lazily and reports unreadable files
 * as BadInput when a check asks for them, so one broken file fails only its checks.
 */
public final class Models {

    private static final Map<Class<?>, Function<Target, ?>> FACTORIES = new ConcurrentHashMap<>();
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    static {
        ModelCatalog.registerAll();
    }

    private Models() {
    }

    public static <T> void register(Class<T> type, Function<Target, T> factory) {
        FACTORIES.put(type, factory);
    }

    public static boolean supports(Class<?> type) {
        return FACTORIES.containsKey(type);
    }

    public static <T> T of(Class<T> type, Target target) {
        Function<Target, ?> factory = FACTORIES.get(type);
        if (factory == null) {
            throw new IllegalArgumentException("no model of type " + type.getName());
        }
        return type.cast(CACHE.computeIfAbsent(target.root() + "|" + type.getName(), k -> factory.apply(target)));
    }
}
