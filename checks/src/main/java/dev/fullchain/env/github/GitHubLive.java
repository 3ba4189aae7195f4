package dev.fullchain.env.github;

import dev.fullchain.env.Environment;
import dev.fullchain.probe.github.GitHubApi;
import dev.fullchain.probe.github.GitHubApi.Answer;
import dev.fullchain.probe.github.GitHubReader;
import dev.fullchain.target.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentest4j.TestAbortedException;

/**
 * The learner's GitHub repository seen through their token, read-only. Started once per run
 * when a live GitHub check asks for it: it needs a token and a repository, and first reads the
 * repository itself, so that "no token", "token refused" or "repository not visible" skips the
 * checks with the way to fix it instead of failing them. Nothing is created or changed.
 */
public final class GitHubLive implements Environment {

    static final String NO_TOKEN = "no GitHub token: export GITHUB_TOKEN (or GH_TOKEN), e.g. `export GITHUB_TOKEN=$(gh auth token)`,"
            + " or a fine-grained token with read access to the repository's Actions; then run again with -Dlive=github";

    private final GitHubSettings settings;
    private final GitHubApi api;
    private final GitHubReader reader;
    private final GitHubReader.RepositoryFacts repository;
    private final PipelineWorkflow pipeline;

    private GitHubLive(GitHubSettings settings, GitHubApi api, GitHubReader reader, GitHubReader.RepositoryFacts repository,
                       PipelineWorkflow pipeline) {
        this.settings = settings;
        this.api = api;
        this.reader = reader;
        this.repository = repository;
        this.pipeline = pipeline;
    }

    /** Connects, or aborts (a skip with the reason) when there is no token, no repository, or GitHub refuses to show it. */
    public static GitHubLive start(Target target, GitHubSettings settings) {
        if (settings.token().isEmpty()) {
            throw new TestAbortedException(NO_TOKEN);
        }
        if (settings.repo().isEmpty()) {
            throw new TestAbortedException("cannot tell which GitHub repository to read (" + settings.repoSource()
                    + ", or its URL is not owner/name on a GitHub host): add -Dgithub.repo=<owner>/<name>");
        }
        String repo = settings.repo().get();
        GitHubApi api = new GitHubApi(settings.api(), settings.token().get());
        Answer answer;
        try {
            answer = api.get("/repos/" + repo);
        } catch (GitHubApi.GitHubApiException e) {
            throw new TestAbortedException("cannot reach GitHub's API at " + settings.api() + " (" + e.getMessage()
                    + "): check the network (or -Dgithub.api), then run again");
        }
        switch (answer.status()) {
            case 200 -> {
                // readable: go on
            }
            case 401 -> throw new TestAbortedException("GitHub refused the token from " + settings.tokenSource() + " ("
                    + answer.message() + "): it is expired, revoked or mistyped. Make a new one (gh auth token, or a fine-grained"
                    + " token with read access to Actions) and export it as GITHUB_TOKEN");
            case 404 -> throw new TestAbortedException("repository " + repo + " (from " + settings.repoSource() + ") is not found, or the"
                    + " token from " + settings.tokenSource() + " cannot see it (" + answer.message() + "): check the name"
                    + " (-Dgithub.repo=<owner>/<name>) and, for a private repository, that the token can read it");
            default -> throw new TestAbortedException("GitHub answered GET /repos/" + repo + " with " + answer.message()
                    + " (a rate limit, an organisation's SSO or IP policy?): run again later, or with a token authorised for " + repo);
        }
        GitHubReader reader = new GitHubReader(api, repo);
        return new GitHubLive(settings, api, reader, GitHubReader.repositoryFrom(answer.body(), repo),
                PipelineWorkflow.choose(target, settings.workflow()));
    }

    public GitHubSettings settings() {
        return settings;
    }

    public GitHubReader reader() {
        return reader;
    }

    /** "owner/name" */
    public String repo() {
        return reader.repository();
    }

    public GitHubReader.RepositoryFacts repository() {
        return repository;
    }

    /** The target's workflow file whose runs count, and how it was chosen. */
    public PipelineWorkflow pipeline() {
        return pipeline;
    }

    /** Every request sent so far ("GET url → status"), in order. */
    public List<String> requests() {
        return api.log();
    }

    @Override
    public Map<String, String> diagnostics() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("github settings", settings.toString());
        d.put("github pipeline workflow", pipeline.path().orElse("(none)") + " — " + pipeline.how());
        d.put("github requests (read-only)", String.join("\n", api.log()));
        return d;
    }

    @Override
    public void close() {
        // Nothing to stop: nothing was created, and the JDK's HTTP client releases its connections itself.
    }

    @Override
    public String toString() {
        return "GitHub (" + settings + ")";
    }
}
