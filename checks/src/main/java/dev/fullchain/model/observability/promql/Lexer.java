package dev.fullchain.model.observability.promql;

import dev.fullchain.model.observability.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PromQL's tokens, as Prometheus's lexer cuts them: comments (#) skipped, durations told from numbers by their unit. */
final class Lexer {

    private static final Pattern DURATION = Pattern.compile("(?:[0-9]+(?:ms|[smhdwy]))+");
    private static final Pattern NUMBER = Pattern.compile("0[xX][0-9a-fA-F]+|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

    private final String text;
    private final int maxTokens;
    private int pos;
    private int parens;
    private int brackets;
    private int braces;

    private Lexer(String text, int maxTokens) {
        this.text = text;
        this.maxTokens = maxTokens;
    }

    static List<Token> tokens(String text, int maxTokens) {
        return new Lexer(text, maxTokens).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (out.size() >= maxTokens) {
                throw new ParseError(text, pos, "expression has more than " + maxTokens + " tokens");
            }
            if (pos >= text.length()) {
                if (braces > 0) {
                    throw new ParseError(text, pos, "unexpected end of input inside braces");
                }
                if (brackets > 0) {
                    throw new ParseError(text, pos, "unclosed left bracket");
                }
                if (parens > 0) {
                    throw new ParseError(text, pos, "unclosed left parenthesis");
                }
                out.add(new Token(Kind.EOF, "", pos));
                return out;
            }
            out.add(balanced(next()));
        }
    }

    /** Prometheus's lexer refuses an unbalanced parenthesis, bracket or brace itself, with these words. */
    private Token balanced(Token t) {
        switch (t.kind()) {
            case LEFT_PAREN -> parens++;
            case LEFT_BRACKET -> brackets++;
            case LEFT_BRACE -> braces++;
            case RIGHT_PAREN -> {
                if (--parens < 0) {
                    throw new ParseError(text, t.pos() + 1, "unexpected right parenthesis ')'");
                }
            }
            case RIGHT_BRACKET -> {
                if (--brackets < 0) {
                    throw new ParseError(text, t.pos() + 1, "unexpected right bracket ']'");
                }
            }
            case RIGHT_BRACE -> {
                if (--braces < 0) {
                    throw new ParseError(text, t.pos() + 1, "unexpected right brace '}'");
                }
            }
            default -> {
            }
        }
        return t;
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                return;
            }
        }
    }

    private Token next() {
        int start = pos;
        char c = text.charAt(pos);
        String two = pos + 1 < text.length() ? text.substring(pos, pos + 2) : "";
        switch (two) {
            case "==": pos += 2; return new Token(Kind.EQL, two, start);
            case "!=": pos += 2; return new Token(Kind.NEQ, two, start);
            case "=~": pos += 2; return new Token(Kind.EQL_REGEX, two, start);
            case "!~": pos += 2; return new Token(Kind.NEQ_REGEX, two, start);
            case "<=": pos += 2; return new Token(Kind.LTE, two, start);
            case ">=": pos += 2; return new Token(Kind.GTE, two, start);
            default: break;
        }
        Kind single = switch (c) {
            case '(' -> Kind.LEFT_PAREN;
            case ')' -> Kind.RIGHT_PAREN;
            case '{' -> Kind.LEFT_BRACE;
            case '}' -> Kind.RIGHT_BRACE;
            case '[' -> Kind.LEFT_BRACKET;
            case ']' -> Kind.RIGHT_BRACKET;
            case ',' -> Kind.COMMA;
            case ':' -> Kind.COLON;
            case '@' -> Kind.AT;
            case '=' -> Kind.ASSIGN;
            case '<' -> Kind.LSS;
            case '>' -> Kind.GTR;
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            case '%' -> Kind.MOD;
            case '^' -> Kind.POW;
            default -> null;
        };
        if (single != null) {
            pos++;
            return new Token(single, String.valueOf(c), start);
        }
        if (c == '"' || c == '\'' || c == '`') {
            return string(c);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
            Matcher d = DURATION.matcher(text).region(pos, text.length());
            if (d.lookingAt() && !wordChar(charAt(d.end()))) {
                pos = d.end();
                return new Token(Kind.DURATION, d.group(), start);
            }
            Matcher n = NUMBER.matcher(text).region(pos, text.length());
            if (n.lookingAt()) {
                pos = n.end();
                if (wordChar(charAt(pos))) {
                    throw new ParseError(text, start, "bad number or duration syntax: \"" + text.substring(start, Math.min(pos + 1, text.length())) + "\"");
                }
                return new Token(Kind.NUMBER, n.group(), start);
            }
        }
        if ((c < 128 && Character.isLetter(c)) || c == '_' || c == ':') {
            while (pos < text.length() && identifierChar(text.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.IDENTIFIER, text.substring(start, pos), start);
        }
        throw new ParseError(text, start, "unexpected character: " + quoteChar(c));
    }

    private Token string(char quote) {
        int start = pos;
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Kind.STRING, value.toString(), start);
            }
            if (c == '\n' && quote != '`') {
                throw new ParseError(text, pos, "unterminated quoted string");
            }
            if (c == '\\' && quote != '`') {
                if (pos + 1 >= text.length()) {
                    break;
                }
                char e = text.charAt(pos + 1);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '\\', '"', '\'', '`' -> value.append(e);
                    case 'a', 'b', 'f', 'v' -> value.append(' ');
                    case 'x', 'u', 'U' -> value.append('?');
                    default -> {
                        if (e >= '0' && e <= '7') {
                            value.append('?');
                        } else {
                            throw new ParseError(text, pos, "unknown escape sequence " + quoteChar(e));
                        }
                    }
                }
                pos += 2;
                continue;
            }
            value.append(c);
            pos++;
        }
        throw new ParseError(text, start, quote == '`' ? "unterminated raw string" : "unterminated quoted string");
    }

    private char charAt(int i) {
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private static boolean identifierChar(char c) {
        return Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == ':';
    }

    /** A letter, digit or underscore: a number or duration cannot run into one (a colon may follow, in a subquery). */
    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) && c < 128 || c == '_';
    }

    private static String quoteChar(char c) {
        return "'" + c + "'";
    }
}
