package dev.fullchain.junit;

import dev.fullchain.env.Environment;
import dev.fullchain.target.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The one place that lists which environments checks can receive as parameters, and how each starts. */
public final class EnvironmentCatalog {

    private static final Map<Class<?>, Function<Target, ? extends Environment>> STARTERS = new ConcurrentHashMap<>();

    static {
        register(dev.fullchain.env.ComposeStack.class, dev.fullchain.env.ComposeStack::start);
    }

    private EnvironmentCatalog() {
    }

    public static <T extends Environment> void register(Class<T> type, Function<Target, T> starter) {
        STARTERS.put(type, starter);
    }

    static boolean supports(Class<?> type) {
        return STARTERS.containsKey(type);
    }

    @SuppressWarnings("unchecked")
    static <T extends Environment> Function<Target, T> starter(Class<T> type) {
        return (Function<Target, T>) STARTERS.get(type);
    }
}
