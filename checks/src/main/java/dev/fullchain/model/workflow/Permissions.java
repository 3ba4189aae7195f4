package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.List;
import java.util.Map;

/**
 * A {@code permissions:} block of the GITHUB_TOKEN: read-all, write-all, or scopes with
 * read/write/none ({} grants nothing). Scopes not listed in the mapping form get none.
 */
public record Permissions(Kind kind, Map<String, Value> scopes, Location location) {

    public enum Kind { READ_ALL, WRITE_ALL, SCOPES }

    public String level(String scope) {
        return switch (kind) {
            case READ_ALL -> "read";
            case WRITE_ALL -> "write";
            case SCOPES -> scopes.containsKey(scope) ? scopes.get(scope).text().strip() : "none";
        };
    }

    public boolean grantsWrite(String scope) {
        return level(scope).equals("write");
    }

    /** The scopes granted write, in the order written ("*" for write-all). */
    public List<String> writes() {
        if (kind == Kind.WRITE_ALL) {
            return List.of("*");
        }
        return scopes.entrySet().stream().filter(e -> e.getValue().text().strip().equals("write")).map(Map.Entry::getKey).toList();
    }

    /** As written: "read-all", "write-all" or "{contents: read, id-token: write}". */
    public String describe() {
        return switch (kind) {
            case READ_ALL -> "read-all";
            case WRITE_ALL -> "write-all";
            case SCOPES -> scopes.isEmpty() ? "{}" : scopes.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue().text()).reduce((a, b) -> a + ", " + b).map(s -> "{" + s + "}").orElse("{}");
        };
    }
}
