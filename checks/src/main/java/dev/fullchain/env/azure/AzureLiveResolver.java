package dev.fullchain.env.azure;

import dev.fullchain.env.Environments;
import dev.fullchain.junit.RunContext;
import dev.fullchain.target.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives live checks an {@link AzureLive} parameter. Unlike other environments it needs the
 * run's settings (subscription, environment, endpoints), which only the extension context
 * carries, hence a resolver of its own rather than an EnvironmentCatalog entry. A login that
 * failed is remembered for the run, so every check skips at once with the same reason.
 */
public final class AzureLiveResolver implements ParameterResolver {

    private static final Map<String, String> NO_LOGIN = new ConcurrentHashMap<>();

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == AzureLive.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        AzureSettings settings = AzureSettings.from(c::getConfigurationParameter, System.getenv());
        String key = settings.key();
        String earlier = NO_LOGIN.get(key);
        if (earlier != null) {
            throw new TestAbortedException(earlier);
        }
        Target target = RunContext.target(c);
        try {
            return Environments.get(AzureLive.class, target, t -> AzureLive.start(t, settings));
        } catch (TestAbortedException e) {
            NO_LOGIN.put(key, e.getMessage());
            throw e;
        }
    }
}
