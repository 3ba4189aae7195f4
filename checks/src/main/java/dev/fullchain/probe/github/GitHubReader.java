package dev.fullchain.probe.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullchain.probe.github.GitHubApi.Answer;
import dev.fullchain.probe.github.GitHubApi.GitHubApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What GitHub says about one repository, read-only (every call is a GET of the REST API).
 * Answers are plain facts; whether they are right is for the checks to say. Absent things
 * (404) are empty; any other error is thrown with GitHub's own message.
 */
public final class GitHubReader {

    /** At most this many pages of a listing (100 items each): bounded, and far more than a course repository has. */
    static final int MAX_PAGES = 5;

    private final GitHubApi api;
    private final String repo;

    /** @param repo "owner/name" */
    public GitHubReader(GitHubApi api, String repo) {
        this.api = api;
        this.repo = repo;
    }

    public String repository() {
        return repo;
    }

    public record RepositoryFacts(String fullName, String defaultBranch, boolean isPrivate, String htmlUrl) {
    }

    public record WorkflowFacts(long id, String name, String path, String state, String htmlUrl) {

        /** The file name of the workflow (pipeline.yml). */
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** One run. {@code conclusion} is "" while the run has not completed. */
    public record RunFacts(long id, int runNumber, String name, String event, String status, String conclusion,
                           String headBranch, String headSha, String htmlUrl, String createdAt) {

        public boolean completed() {
            return "completed".equals(status);
        }

        public String shortSha() {
            return headSha.length() > 7 ? headSha.substring(0, 7) : headSha;
        }
    }

    /** A protection rule: its type, the wait timer in minutes (wait_timer), the reviewers (required_reviewers). */
    public record ProtectionRule(String type, Optional<Integer> waitTimerMinutes, List<String> reviewers,
                                 Optional<Boolean> preventSelfReview) {

        public String describe() {
            return switch (type) {
                case "required_reviewers" -> "required_reviewers (" + (reviewers.isEmpty() ? "no reviewer" : String.join(", ", reviewers)) + ")";
                case "wait_timer" -> "wait_timer (" + waitTimerMinutes.map(m -> m + " min").orElse("?") + ")";
                default -> type;
            };
        }
    }

    public record EnvironmentFacts(String name, String htmlUrl, List<ProtectionRule> protectionRules) {
    }

    /** GET /repos/{owner}/{repo}: empty on 404 (no such repository, or not visible to the token). */
    public Optional<RepositoryFacts> repositoryFacts() {
        Answer a = api.get("/repos/" + repo);
        if (a.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(repositoryFrom(require(a), repo));
    }

    /** The facts of a GET /repos/{owner}/{repo} answer's body. */
    public static RepositoryFacts repositoryFrom(JsonNode b, String repo) {
        return new RepositoryFacts(b.path("full_name").asText(repo), b.path("default_branch").asText(""),
                b.path("private").asBoolean(false), b.path("html_url").asText(""));
    }

    /** GET /repos/{owner}/{repo}/actions/workflows, every page (bounded). */
    public List<WorkflowFacts> workflows() {
        List<WorkflowFacts> out = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode b = require(api.get("/repos/" + repo + "/actions/workflows?per_page=100&page=" + page));
            for (JsonNode w : b.path("workflows")) {
                out.add(new WorkflowFacts(w.path("id").asLong(), w.path("name").asText(""), w.path("path").asText(""),
                        w.path("state").asText(""), w.path("html_url").asText("")));
            }
            if (b.path("workflows").size() < 100 || out.size() >= b.path("total_count").asInt(0)) {
                break;
            }
        }
        return out;
    }

    /** GET /repos/{owner}/{repo}/actions/workflows/{id}/runs?branch=..&per_page=..: the newest runs first. */
    public List<RunFacts> runs(long workflowId, String branch, int perPage) {
        JsonNode b = require(api.get("/repos/" + repo + "/actions/workflows/" + workflowId + "/runs?branch=" + encode(branch)
                + "&per_page=" + perPage));
        List<RunFacts> out = new ArrayList<>();
        for (JsonNode r : b.path("workflow_runs")) {
            out.add(new RunFacts(r.path("id").asLong(), r.path("run_number").asInt(), r.path("name").asText(""),
                    r.path("event").asText(""), r.path("status").asText(""), r.path("conclusion").asText(""),
                    r.path("head_branch").asText(""), r.path("head_sha").asText(""), r.path("html_url").asText(""),
                    r.path("created_at").asText("")));
        }
        return out;
    }

    /** GET /repos/{owner}/{repo}/environments/{name}: empty on 404. */
    public Optional<EnvironmentFacts> environment(String name) {
        Answer a = api.get("/repos/" + repo + "/environments/" + encode(name));
        if (a.status() == 404) {
            return Optional.empty();
        }
        JsonNode b = require(a);
        List<ProtectionRule> rules = new ArrayList<>();
        for (JsonNode r : b.path("protection_rules")) {
            List<String> reviewers = new ArrayList<>();
            for (JsonNode rv : r.path("reviewers")) {
                JsonNode who = rv.path("reviewer");
                String label = who.hasNonNull("login") ? who.path("login").asText()
                        : who.hasNonNull("slug") ? "team " + who.path("slug").asText() : who.path("name").asText("?");
                reviewers.add(label);
            }
            rules.add(new ProtectionRule(r.path("type").asText(""),
                    r.hasNonNull("wait_timer") ? Optional.of(r.path("wait_timer").asInt()) : Optional.empty(),
                    List.copyOf(reviewers),
                    r.hasNonNull("prevent_self_review") ? Optional.of(r.path("prevent_self_review").asBoolean()) : Optional.empty()));
        }
        return Optional.of(new EnvironmentFacts(b.path("name").asText(name), b.path("html_url").asText(""), List.copyOf(rules)));
    }

    /** GET /repos/{owner}/{repo}/environments: the names of the repository's environments. */
    public List<String> environmentNames() {
        Answer a = api.get("/repos/" + repo + "/environments?per_page=100");
        if (a.status() == 404) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : require(a).path("environments")) {
            out.add(e.path("name").asText());
        }
        return out;
    }

    private JsonNode require(Answer a) {
        if (!a.ok()) {
            throw new GitHubApiException("GitHub answered GET " + a.url() + " with " + a.message() + hint(a.status()));
        }
        if (a.body().isMissingNode()) {
            throw new GitHubApiException("GitHub answered GET " + a.url() + " with a body that is not JSON");
        }
        return a.body();
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> ": the token is not valid (expired or revoked)";
            case 403, 429 -> ": the token lacks a permission (read access to Actions and to the repository's metadata)"
                    + " or the API rate limit is exhausted (see x-ratelimit-* headers)";
            default -> "";
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
