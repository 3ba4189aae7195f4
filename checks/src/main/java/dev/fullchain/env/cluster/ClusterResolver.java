package dev.fullchain.env.cluster;

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
 * Gives cluster checks a {@link Cluster}, started once per run from the run's settings
 * (-Dcluster, -Dkubeconfig, ...). A cluster that cannot start is remembered, so every
 * cluster check skips at once with the same one-line reason.
 */
public final class ClusterResolver implements ParameterResolver {

    private static final Map<String, String> UNAVAILABLE = new ConcurrentHashMap<>();

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        ClusterSettings settings;
        try {
            settings = ClusterSettings.from(c::getConfigurationParameter, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new TestAbortedException(e.getMessage());
        }
        Target target = RunContext.target(c);
        String key = settings.key() + "|" + target.root();
        String earlier = UNAVAILABLE.get(key);
        if (earlier != null) {
            throw new TestAbortedException(earlier);
        }
        try {
            return Environments.get(Cluster.class, target, t -> settings.mode() == ClusterSettings.Mode.K3S
                    ? K3sCluster.start(t, settings) : KubeconfigCluster.start(t, settings));
        } catch (ClusterUnavailable e) {
            UNAVAILABLE.put(key, e.getMessage());
            throw new TestAbortedException(e.getMessage());
        }
    }
}
