package dev.fullchain.model.observability.promql;

/** One lexical item of a PromQL expression, at its offset in the text. */
record Token(Kind kind, String text, int pos) {

    enum Kind {
        IDENTIFIER, NUMBER, STRING, DURATION,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA, COLON, AT,
        ASSIGN, EQL, NEQ, EQL_REGEX, NEQ_REGEX, LSS, LTE, GTR, GTE, ADD, SUB, MUL, DIV, MOD, POW,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.IDENTIFIER && text.equals(word);
    }

    boolean isOperator() {
        return switch (kind) {
            case EQL, NEQ, LSS, LTE, GTR, GTE, ADD, SUB, MUL, DIV, MOD, POW, ASSIGN, EQL_REGEX, NEQ_REGEX -> true;
            default -> kind == Kind.IDENTIFIER && Parser.SET_OR_ATAN.contains(text);
        };
    }

    /** How Prometheus names an item in "unexpected ..." messages: {@code <op:*>}, {@code identifier "foo"}, {@code end of input}. */
    String describe() {
        if (kind == Kind.EOF) {
            return "end of input";
        }
        if (isOperator()) {
            return "<op:" + text + ">";
        }
        if (kind == Kind.IDENTIFIER && Parser.AGGREGATORS.contains(text)) {
            return "<aggr:" + text + ">";
        }
        if (kind == Kind.IDENTIFIER && Parser.KEYWORDS.contains(text)) {
            return "<" + text + ">";
        }
        String q = quote(text.length() > 10 ? text.substring(0, 10) : text) + (text.length() > 10 ? "..." : "");
        return switch (kind) {
            case IDENTIFIER -> "identifier " + q;
            case NUMBER -> "number " + q;
            case STRING -> "string " + q;
            case DURATION -> "duration " + q;
            default -> q;
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
