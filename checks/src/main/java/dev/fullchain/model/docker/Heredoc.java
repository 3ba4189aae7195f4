package dev.fullchain.model.docker;

/** A here-document attached to RUN, COPY or ADD ({@code <<EOF ... EOF}); line is its first body line. */
public record Heredoc(String delimiter, String body, int line) {
}
