package dev.fullchain.model.terraform.hcl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns HCL native syntax into tokens, on demand. HCL is context-sensitive (a quoted string
 * holds templates, which hold expressions, which hold strings...), so the lexer keeps a
 * stack of modes: NORMAL (expressions; inside a template interpolation it ends at the
 * matching '}'), QUOTED (a "..." template) and HEREDOC (a <<EOF template).
 */
final class HclLexer {

    private enum ModeKind { NORMAL, QUOTED, HEREDOC }

    private static final class Mode {
        final ModeKind kind;
        final boolean interp;
        final String anchor;
        final int openLine;
        final int openColumn;
        int braces;
        boolean lineStart;

        Mode(ModeKind kind, boolean interp, String anchor, int openLine, int openColumn) {
            this.kind = kind;
            this.interp = interp;
            this.anchor = anchor;
            this.openLine = openLine;
            this.openColumn = openColumn;
        }
    }

    private final String file;
    private final String src;
    private final Deque<Mode> modes = new ArrayDeque<>();
    private int pos;
    private int line;
    private int col = 1;

    HclLexer(String file, String src, int startOffset, int startLine) {
        this.file = file;
        this.src = src;
        this.pos = startOffset;
        this.line = startLine;
        modes.push(new Mode(ModeKind.NORMAL, false, null, startLine, 1));
    }

    Token next() {
        Mode m = modes.peek();
        return switch (m.kind) {
            case NORMAL -> normal(m);
            case QUOTED -> quoted(m);
            case HEREDOC -> heredoc(m);
        };
    }

    // ------------------------------------------------------------------ expressions

    private Token normal(Mode m) {
        while (true) {
            char c = at(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                advance(1);
            } else if (c == '#' || (c == '/' && at(pos + 1) == '/')) {
                while (pos < src.length() && at(pos) != '\n') {
                    advance(1);
                }
            } else if (c == '/' && at(pos + 1) == '*') {
                int sl = line;
                int sc = col;
                int s = pos;
                int close = src.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw error(sl, sc, "unterminated comment: the /* opened here is never closed with */");
                }
                boolean multiline = src.substring(pos, close).indexOf('\n') >= 0;
                advance(close + 2 - pos);
                if (multiline) {
                    return new Token(TokenKind.NEWLINE, "\n", sl, sc, s, pos, false);
                }
            } else {
                break;
            }
        }
        int start = pos;
        int sl = line;
        int sc = col;
        if (pos >= src.length()) {
            if (m.interp) {
                throw error(m.openLine, m.openColumn, "unterminated template: the ${ or %{ opened here is never closed with }");
            }
            return new Token(TokenKind.EOF, "", sl, sc, start, start, false);
        }
        char c = at(pos);
        if (c == '\n') {
            advance(1);
            return tok(TokenKind.NEWLINE, start, sl, sc);
        }
        if (isIdentStart(c)) {
            advance(1);
            while (pos < src.length() && isIdentPart(at(pos))) {
                advance(1);
            }
            return tok(TokenKind.IDENT, start, sl, sc);
        }
        if (c >= '0' && c <= '9') {
            return number(start, sl, sc);
        }
        switch (c) {
            case '"':
                advance(1);
                modes.push(new Mode(ModeKind.QUOTED, false, null, sl, sc));
                return tok(TokenKind.OQUOTE, start, sl, sc);
            case '{':
                m.braces++;
                advance(1);
                return tok(TokenKind.LBRACE, start, sl, sc);
            case '}':
                advance(1);
                if (m.interp && m.braces == 0) {
                    modes.pop();
                    return new Token(TokenKind.TEMPLATE_SEQ_END, "}", sl, sc, start, pos, false);
                }
                m.braces--;
                return tok(TokenKind.RBRACE, start, sl, sc);
            case '~':
                if (at(pos + 1) == '}' && m.interp && m.braces == 0) {
                    advance(2);
                    modes.pop();
                    return new Token(TokenKind.TEMPLATE_SEQ_END, "~}", sl, sc, start, pos, true);
                }
                throw error(sl, sc, "unexpected character '~' (a strip marker goes just before the } that closes ${ or %{)");
            case '[':
                return single(TokenKind.LBRACK, start, sl, sc);
            case ']':
                return single(TokenKind.RBRACK, start, sl, sc);
            case '(':
                return single(TokenKind.LPAREN, start, sl, sc);
            case ')':
                return single(TokenKind.RPAREN, start, sl, sc);
            case ',':
                return single(TokenKind.COMMA, start, sl, sc);
            case '?':
                return single(TokenKind.QUESTION, start, sl, sc);
            case ':':
                return single(TokenKind.COLON, start, sl, sc);
            case '+':
                return single(TokenKind.PLUS, start, sl, sc);
            case '-':
                return single(TokenKind.MINUS, start, sl, sc);
            case '*':
                return single(TokenKind.STAR, start, sl, sc);
            case '/':
                return single(TokenKind.SLASH, start, sl, sc);
            case '%':
                return single(TokenKind.PERCENT, start, sl, sc);
            case '.':
                if (at(pos + 1) == '.' && at(pos + 2) == '.') {
                    advance(3);
                    return tok(TokenKind.ELLIPSIS, start, sl, sc);
                }
                return single(TokenKind.DOT, start, sl, sc);
            case '=':
                if (at(pos + 1) == '=') {
                    advance(2);
                    return tok(TokenKind.EQEQ, start, sl, sc);
                }
                if (at(pos + 1) == '>') {
                    advance(2);
                    return tok(TokenKind.FAT_ARROW, start, sl, sc);
                }
                return single(TokenKind.EQUAL, start, sl, sc);
            case '!':
                if (at(pos + 1) == '=') {
                    advance(2);
                    return tok(TokenKind.NOTEQ, start, sl, sc);
                }
                return single(TokenKind.BANG, start, sl, sc);
            case '<':
                if (at(pos + 1) == '<') {
                    Token heredoc = heredocOpener(start, sl, sc);
                    if (heredoc != null) {
                        return heredoc;
                    }
                }
                if (at(pos + 1) == '=') {
                    advance(2);
                    return tok(TokenKind.LE, start, sl, sc);
                }
                return single(TokenKind.LT, start, sl, sc);
            case '>':
                if (at(pos + 1) == '=') {
                    advance(2);
                    return tok(TokenKind.GE, start, sl, sc);
                }
                return single(TokenKind.GT, start, sl, sc);
            case '&':
                if (at(pos + 1) == '&') {
                    advance(2);
                    return tok(TokenKind.AND, start, sl, sc);
                }
                throw error(sl, sc, "unexpected character '&' (logical and is &&)");
            case '|':
                if (at(pos + 1) == '|') {
                    advance(2);
                    return tok(TokenKind.OR, start, sl, sc);
                }
                throw error(sl, sc, "unexpected character '|' (logical or is ||)");
            case '\'':
                throw error(sl, sc, "unexpected character ' (HCL strings use double quotes)");
            default:
                throw error(sl, sc, "unexpected character '" + c + "'");
        }
    }

    private Token number(int start, int sl, int sc) {
        while (isDigit(at(pos))) {
            advance(1);
        }
        if (at(pos) == '.' && isDigit(at(pos + 1))) {
            advance(1);
            while (isDigit(at(pos))) {
                advance(1);
            }
        }
        if ((at(pos) == 'e' || at(pos) == 'E')
                && (isDigit(at(pos + 1)) || ((at(pos + 1) == '+' || at(pos + 1) == '-') && isDigit(at(pos + 2))))) {
            advance(2);
            while (isDigit(at(pos))) {
                advance(1);
            }
        }
        return tok(TokenKind.NUMBER, start, sl, sc);
    }

    /** {@code <<EOF} or {@code <<-EOF} followed by a line break; null when it is not a heredoc. */
    private Token heredocOpener(int start, int sl, int sc) {
        int i = pos + 2;
        boolean flush = at(i) == '-';
        if (flush) {
            i++;
        }
        if (!isIdentStart(at(i))) {
            return null;
        }
        int a = i;
        while (i < src.length() && isIdentPart(at(i))) {
            i++;
        }
        String anchor = src.substring(a, i);
        int j = i;
        while (at(j) == ' ' || at(j) == '\t' || at(j) == '\r') {
            j++;
        }
        if (at(j) != '\n') {
            throw error(sl, sc, "a heredoc opener <<" + (flush ? "-" : "") + anchor + " must end its line");
        }
        advance(j + 1 - pos);
        Mode h = new Mode(ModeKind.HEREDOC, false, anchor, sl, sc);
        h.lineStart = true;
        modes.push(h);
        return new Token(TokenKind.OHEREDOC, anchor, sl, sc, start, pos, flush);
    }

    // ------------------------------------------------------------------ templates

    private Token quoted(Mode m) {
        int start = pos;
        int sl = line;
        int sc = col;
        char c = at(pos);
        if (pos >= src.length() || c == '\n') {
            throw error(m.openLine, m.openColumn, "unterminated string: the quote opened here is not closed on its line");
        }
        if (c == '"') {
            advance(1);
            modes.pop();
            return tok(TokenKind.CQUOTE, start, sl, sc);
        }
        Token seq = templateSequenceStart(start, sl, sc);
        if (seq != null) {
            return seq;
        }
        StringBuilder b = new StringBuilder();
        while (pos < src.length()) {
            c = at(pos);
            if (c == '"' || c == '\n' || startsSequence()) {
                break;
            }
            if (c == '\\') {
                escape(b);
            } else if ((c == '$' || c == '%') && at(pos + 1) == c && at(pos + 2) == '{') {
                b.append(c).append('{');
                advance(3);
            } else {
                b.append(c);
                advance(1);
            }
        }
        return new Token(TokenKind.STRING_LIT, b.toString(), sl, sc, start, pos, false);
    }

    private Token heredoc(Mode m) {
        int start = pos;
        int sl = line;
        int sc = col;
        if (m.lineStart) {
            int i = pos;
            while (at(i) == ' ' || at(i) == '\t') {
                i++;
            }
            if (src.startsWith(m.anchor, i)) {
                int after = i + m.anchor.length();
                int k = after;
                while (at(k) == ' ' || at(k) == '\t' || at(k) == '\r') {
                    k++;
                }
                if (k >= src.length() || at(k) == '\n') {
                    advance(after - pos);
                    modes.pop();
                    return new Token(TokenKind.CHEREDOC, m.anchor, sl, sc, start, pos, false);
                }
            }
        }
        if (pos >= src.length()) {
            throw error(m.openLine, m.openColumn, "unterminated heredoc: no line holds the closing marker " + m.anchor);
        }
        Token seq = templateSequenceStart(start, sl, sc);
        if (seq != null) {
            m.lineStart = false;
            return seq;
        }
        boolean lineStart = m.lineStart;
        StringBuilder b = new StringBuilder();
        while (pos < src.length()) {
            char c = at(pos);
            if (startsSequence()) {
                break;
            }
            if ((c == '$' || c == '%') && at(pos + 1) == c && at(pos + 2) == '{') {
                b.append(c).append('{');
                advance(3);
                continue;
            }
            b.append(c);
            advance(1);
            if (c == '\n') {
                break;
            }
        }
        String text = b.toString();
        m.lineStart = text.endsWith("\n");
        return new Token(TokenKind.STRING_LIT, text, sl, sc, start, pos, lineStart);
    }

    private boolean startsSequence() {
        char c = at(pos);
        return (c == '$' || c == '%') && at(pos + 1) == '{';
    }

    private Token templateSequenceStart(int start, int sl, int sc) {
        if (!startsSequence()) {
            return null;
        }
        TokenKind kind = at(pos) == '$' ? TokenKind.TEMPLATE_INTERP : TokenKind.TEMPLATE_CONTROL;
        advance(2);
        boolean strip = at(pos) == '~';
        if (strip) {
            advance(1);
        }
        modes.push(new Mode(ModeKind.NORMAL, true, null, sl, sc));
        return new Token(kind, src.substring(start, pos), sl, sc, start, pos, strip);
    }

    private void escape(StringBuilder b) {
        int sl = line;
        int sc = col;
        char e = at(pos + 1);
        switch (e) {
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case '"' -> b.append('"');
            case '\\' -> b.append('\\');
            case 'u', 'U' -> {
                int digits = e == 'u' ? 4 : 8;
                String hex = pos + 2 + digits <= src.length() ? src.substring(pos + 2, pos + 2 + digits) : "";
                if (!hex.matches("[0-9A-Fa-f]{" + digits + "}")) {
                    throw error(sl, sc, "invalid escape \\" + e + ": expected " + digits + " hexadecimal digits");
                }
                b.appendCodePoint(Integer.parseInt(hex, 16));
                advance(2 + digits);
                return;
            }
            default -> throw error(sl, sc, "invalid escape \\" + (e == 0 ? "" : String.valueOf(e))
                    + " in a string (use \\\\ for a backslash)");
        }
        advance(2);
    }

    // ------------------------------------------------------------------ helpers

    private Token single(TokenKind kind, int start, int sl, int sc) {
        advance(1);
        return tok(kind, start, sl, sc);
    }

    private Token tok(TokenKind kind, int start, int sl, int sc) {
        return new Token(kind, src.substring(start, pos), sl, sc, start, pos, false);
    }

    private char at(int i) {
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private void advance(int n) {
        for (int k = 0; k < n && pos < src.length(); k++) {
            if (src.charAt(pos) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
            pos++;
        }
    }

    private HclSyntaxException error(int l, int c, String message) {
        return new HclSyntaxException(file, l, c, message);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    static boolean isIdentPart(char c) {
        return c == '_' || c == '-' || Character.isLetterOrDigit(c);
    }
}
