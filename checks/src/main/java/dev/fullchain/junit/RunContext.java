package dev.fullchain.junit;

import dev.fullchain.secrets.SecretPositions;
import dev.fullchain.target.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Run-wide settings read from JUnit configuration parameters (which fall back to -D system properties). */
public final class RunContext {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RunContext.class);

    private RunContext() {
    }

    /** The target of this run, opened once (per launcher run) and kept in the root store. */
    public static Target target(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("target",
                k -> {
                    Target t = Target.open(Path.of(context.getConfigurationParameter(Target.PROPERTY).orElse("fixtures")));
                    SecretPositions.registerFrom(t); // before any check, so that every message is masked from the first
                    return t;
                },
                Target.class);
    }

    /** A setting such as "live" or "cluster", empty string when not given. */
    public static String setting(ExtensionContext context, String key) {
        return context.getConfigurationParameter(key).orElse("");
    }
}
