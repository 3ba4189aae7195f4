package dev.fullchain.env.github;

import dev.fullchain.model.git.GitRemote;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Target;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which repository the live GitHub checks read, and with which token, from run settings
 * (JUnit configuration parameters, which fall back to -D system properties) and the
 * environment. Every default is real GitHub; {@code github.api} exists for GitHub Enterprise
 * Server and for fullchain's own tests.
 *
 * <ul>
 * <li>{@code github.repo}: owner/name (else the target's remote "origin" in .git/config)</li>
 * <li>the token: the first of the environment variables GITHUB_TOKEN, GH_TOKEN that is set
 *     ({@code github.tokenEnv} names others, comma-separated); {@code github.token} gives it
 *     directly (for wrappers and tests: a -D on a command line is visible to other users)</li>
 * <li>{@code github.api}: the REST API's root (default https://api.github.com)</li>
 * <li>{@code github.workflow}: the pipeline's file (pipeline.yml or .github/workflows/pipeline.yml);
 *     default: the workflow of the target that has deploy jobs ({@link PipelineWorkflow})</li>
 * <li>{@code github.branch}: the branch whose latest run counts (default main)</li>
 * <li>{@code github.environment}: the environment that needs reviewers (default production)</li>
 * </ul>
 * The token is registered with {@link Secrets} as soon as it is read and never printed.
 */
public record GitHubSettings(Optional<String> repo, String repoSource, Optional<String> token, String tokenSource,
                             String api, Optional<String> workflow, String branch, String environment) {

    public static final String DEFAULT_API = "https://api.github.com";
    public static final String DEFAULT_TOKEN_VARIABLES = "GITHUB_TOKEN,GH_TOKEN";
    public static final String DEFAULT_BRANCH = "main";
    public static final String DEFAULT_ENVIRONMENT = "production";

    /** Reads the settings: {@code params} are run settings by key, {@code env} the process environment. */
    public static GitHubSettings from(Function<String, Optional<String>> params, Map<String, String> env, Target target) {
        Function<String, Optional<String>> p = k -> params.apply(k).map(String::trim).filter(s -> !s.isEmpty());
        Function<String, Optional<String>> e = k -> Optional.ofNullable(env.get(k)).map(String::trim).filter(s -> !s.isEmpty());

        Optional<String> token = p.apply("github.token");
        String tokenSource = "-Dgithub.token";
        if (token.isEmpty()) {
            tokenSource = "none";
            for (String variable : Arrays.stream(p.apply("github.tokenEnv").orElse(DEFAULT_TOKEN_VARIABLES).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList()) {
                token = e.apply(variable);
                if (token.isPresent()) {
                    tokenSource = variable;
                    break;
                }
            }
        }
        token.ifPresent(Secrets::register);

        Optional<String> repo = p.apply("github.repo");
        String repoSource = "-Dgithub.repo";
        if (repo.isEmpty()) {
            GitRemote.Lookup lookup = GitRemote.lookup(target, "origin");
            Optional<GitRemote> origin = lookup.remote();
            origin.flatMap(GitRemote::credentials).ifPresent(Secrets::register);
            repo = origin.flatMap(GitRemote::ownerAndName);
            repoSource = origin.map(o -> "remote origin " + o.displayUrl() + " in " + o.configFile()).orElse(lookup.why());
        }
        return new GitHubSettings(repo.map(GitHubSettings::withoutGitSuffix), repoSource, token, tokenSource,
                withoutSlash(p.apply("github.api").orElse(DEFAULT_API)), p.apply("github.workflow"),
                p.apply("github.branch").orElse(DEFAULT_BRANCH), p.apply("github.environment").orElse(DEFAULT_ENVIRONMENT));
    }

    /** Whether these settings reach github.com (for messages). */
    public boolean publicGitHub() {
        return api.equals(DEFAULT_API);
    }

    /** What identifies these settings: runs with the same key share one answer (a refused token is asked once). */
    public String key() {
        return String.join("|", repo.orElse(""), api, tokenSource, token.map(t -> Integer.toHexString(t.hashCode())).orElse(""));
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String withoutGitSuffix(String repo) {
        return repo.endsWith(".git") ? repo.substring(0, repo.length() - 4) : repo;
    }

    /** Never the token: only where it came from. */
    @Override
    public String toString() {
        return "repository " + repo.orElse("(unknown)") + " (from " + repoSource + "), API " + api + ", token from "
                + tokenSource + ", branch " + branch + ", environment " + environment
                + workflow.map(w -> ", workflow " + w).orElse("");
    }
}
