package dev.fullchain.env.github;

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
 * Gives live checks a {@link GitHubLive} parameter. Like the Azure one, it needs the run's
 * settings (repository, token, API root), which only the extension context carries, hence a
 * resolver of its own. A start that was refused (no token, token refused, repository not
 * visible) is remembered for the run, so every check skips at once with the same reason.
 */
public final class GitHubLiveResolver implements ParameterResolver {

    private static final Map<String, String> REFUSED = new ConcurrentHashMap<>();

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == GitHubLive.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Target target = RunContext.target(c);
        GitHubSettings settings = GitHubSettings.from(c::getConfigurationParameter, System.getenv(), target);
        String key = target.root() + "|" + settings.key();
        String earlier = REFUSED.get(key);
        if (earlier != null) {
            throw new TestAbortedException(earlier);
        }
        try {
            return Environments.get(GitHubLive.class, target, t -> GitHubLive.start(t, settings));
        } catch (TestAbortedException e) {
            REFUSED.put(key, e.getMessage());
            throw e;
        }
    }
}
