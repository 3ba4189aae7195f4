package dev.fullchain.model.terraform.hcl;

/**
 * One token. {@code text} is the decoded value for literals (escapes resolved), the anchor
 * for heredoc openers, the source text otherwise. {@code flag} means: a {@code ~} strip
 * marker on template tokens, a flush ({@code <<-}) heredoc on OHEREDOC, and "starts a line"
 * on heredoc literal chunks.
 */
record Token(TokenKind kind, String text, int line, int column, int start, int end, boolean flag) {

    boolean is(TokenKind k) {
        return kind == k;
    }

    boolean isKeyword(String word) {
        return kind == TokenKind.IDENT && text.equals(word);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "the end of the file";
            case NEWLINE -> "a line break";
            case OQUOTE -> "a quoted string";
            case OHEREDOC -> "a heredoc";
            case IDENT -> "'" + text + "'";
            case NUMBER -> "the number " + text;
            case STRING_LIT -> "text";
            default -> "'" + text + "'";
        };
    }
}
