package dev.fullchain.model.compose;

import java.util.List;

/**
 * A service healthcheck. test is the list form (the string form becomes ["CMD-SHELL", s]);
 * disabled when {@code disable: true} or {@code test: ["NONE"]}.
 */
public record Healthcheck(List<String> test, boolean disabled, int line) {
}
