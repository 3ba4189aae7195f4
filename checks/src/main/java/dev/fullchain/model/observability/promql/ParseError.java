package dev.fullchain.model.observability.promql;

/**
 * An expression PromQL refuses, in promtool's words: {@code 1:15: parse error: unexpected <op:*>}.
 * Line and column are 1-based, counted in characters of the expression as given.
 */
public final class ParseError extends RuntimeException {

    private final int line;
    private final int column;
    private final String problem;

    ParseError(String text, int pos, String problem) {
        super(position(text, pos)[0] + ":" + position(text, pos)[1] + ": parse error: " + problem);
        int[] lc = position(text, pos);
        this.line = lc[0];
        this.column = lc[1];
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without its position ("unexpected <op:*>"). */
    public String problem() {
        return problem;
    }

    private static int[] position(String text, int pos) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }
}
