package dev.fullchain.model.terraform.hcl;

import static dev.fullchain.model.terraform.hcl.TokenKind.*;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser of HCL native syntax (the language of .tf and .tfvars files).
 * Keeps every block and attribute with its file and line. On a syntax error it records the
 * error, keeps what it read, and resumes at the next line that starts a top-level block or
 * attribute, so one mistake does not hide the rest of the file.
 */
public final class HclParser {

    /** A line that starts a top-level item: {@code name = ...} or {@code type "label" ... {}. */
    private static final Pattern TOP_LEVEL_START = Pattern.compile(
            "^[A-Za-z_][A-Za-z0-9_-]*(\\s*=[^=>]|\\s*=$|(\\s+(\"[^\"\\n]*\"|[A-Za-z_][A-Za-z0-9_-]*))*\\s*\\{)");

    /**
     * How deep blocks, brackets, braces, parentheses, calls, templates, operator chains and
     * reference steps may nest. Terraform code nests a few levels, generated code a few dozen;
     * 128 leaves room for both while every recursive walk of the tree (this parser, the
     * evaluator, {@link Expr#walk}) stays a few hundred stack frames deep, far below the JVM's
     * limit. Deeper input is a syntax error at the line where it goes too deep.
     */
    public static final int MAX_NESTING = 128;

    /**
     * How many times one file is read again after a syntax error. Each restart may read the
     * rest of the file once more, so this bounds the work on a file broken on every line; a
     * learner fixes the first errors first.
     */
    static final int MAX_RESTARTS = 20;

    private final String file;
    private final HclLexer lexer;
    private final List<Token> buf = new ArrayList<>();
    private final Deque<Boolean> newlines = new ArrayDeque<>();
    private int idx;
    private int lastLine;
    private int depth;

    // What the top-level item being read has shown so far, for recovery.
    private String topType;
    private final List<String> topLabels = new ArrayList<>();
    private int topLine;

    private HclParser(String file, String text, int offset, int line) {
        this.file = file;
        this.lexer = new HclLexer(file, text, offset, line);
        this.lastLine = line;
        this.topLine = line;
    }

    /** Parses a .tf or .tfvars file. Never throws on bad syntax: errors are in the result. */
    public static HclFile parse(String file, String text) {
        List<Attribute> attributes = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        List<HclError> errors = new ArrayList<>();
        List<BrokenBlock> broken = new ArrayList<>();
        int[] lineStarts = lineStarts(text);
        int offset = 0;
        int line = 1;
        for (int restarts = 0; ; restarts++) {
            if (restarts > MAX_RESTARTS) {
                HclError error = new HclError(file, line, 1, "more than " + MAX_RESTARTS
                        + " syntax errors: the rest of the file, from this line, is not read");
                errors.add(error);
                broken.add(new BrokenBlock(null, List.of(), error));
                break;
            }
            HclParser p = new HclParser(file, text, offset, line);
            try {
                p.parseTopLevel(attributes, blocks);
                break;
            } catch (HclSyntaxException e) {
                HclError error = e.toError();
                errors.add(error);
                broken.add(new BrokenBlock(p.topType, List.copyOf(p.topLabels), error));
                int resume = nextTopLevelLine(text, lineStarts, Math.max(p.topLine, line));
                if (resume < 0) {
                    break;
                }
                offset = lineStarts[resume - 1];
                line = resume;
            }
        }
        return new HclFile(file, text, new Body(List.copyOf(attributes), List.copyOf(blocks)),
                List.copyOf(errors), List.copyOf(broken));
    }

    /** Parses one expression (tests, and values given on their own). Throws HclSyntaxException. */
    public static Expr parseExpression(String file, String text) {
        HclParser p = new HclParser(file, text, 0, 1);
        p.newlines.push(false);
        Expr e = p.parseExpression();
        Token t = p.peek();
        if (!t.is(EOF)) {
            throw p.error(t, "unexpected " + t.describe() + " after the expression");
        }
        return e;
    }

    // ------------------------------------------------------------------ bodies

    private void parseTopLevel(List<Attribute> attributes, List<Block> blocks) {
        newlines.push(true);
        while (true) {
            topType = null;
            topLabels.clear();
            topLine = lastLine;
            Token t = peek();
            if (t.is(NEWLINE)) {
                next();
                continue;
            }
            if (t.is(EOF)) {
                return;
            }
            topLine = t.line();
            Object item = parseItem(true);
            if (item instanceof Attribute a) {
                attributes.add(a);
            } else {
                blocks.add((Block) item);
            }
        }
    }

    private Object parseItem(boolean top) {
        Token name = next();
        if (!name.is(IDENT)) {
            throw error(name, "expected an attribute name or a block type, found " + name.describe());
        }
        if (top) {
            topType = name.text();
        }
        if (peek().is(EQUAL)) {
            if (top) {
                topType = "attribute";
                topLabels.add(name.text());
            }
            next();
            Expr value = parseExpression();
            Token end = peek();
            if (!(end.is(NEWLINE) || end.is(EOF) || end.is(RBRACE))) {
                throw error(end, "expected a line break after the value of " + name.text() + ", found " + end.describe());
            }
            if (end.is(NEWLINE)) {
                next();
            }
            return new Attribute(name.text(), value, range(name).to(value.range()));
        }
        List<String> labels = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.is(IDENT)) {
                next();
                labels.add(t.text());
            } else if (t.is(OQUOTE)) {
                Token q = next();
                Expr label = parseTemplate(q, CQUOTE);
                String s = Expr.literalString(label).orElseThrow(
                        () -> error(q, "a block label cannot hold a template sequence (${ or %{)"));
                labels.add(s);
            } else if (t.is(LBRACE)) {
                break;
            } else if (labels.isEmpty()) {
                throw error(t, "expected '=' or a block after '" + name.text() + "', found " + t.describe());
            } else {
                throw error(t, "expected '{' to open the block " + name.text() + ", found " + t.describe());
            }
            if (top) {
                topLabels.add(labels.get(labels.size() - 1));
            }
        }
        Token open = next();
        Body body = parseBody(open, name.text(), labels);
        Token close = next();
        Token after = peek();
        if (!(after.is(NEWLINE) || after.is(EOF) || after.is(RBRACE))) {
            throw error(after, "expected a line break after the } closing " + name.text() + ", found " + after.describe());
        }
        if (after.is(NEWLINE)) {
            next();
        }
        return new Block(name.text(), List.copyOf(labels), body,
                new SourceRange(file, name.line(), name.column(), name.start(), close.end()));
    }

    private Body parseBody(Token open, String type, List<String> labels) {
        enter(open);
        newlines.push(true);
        List<Attribute> attributes = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.is(NEWLINE)) {
                next();
                continue;
            }
            if (t.is(RBRACE)) {
                break;
            }
            if (t.is(EOF)) {
                StringBuilder header = new StringBuilder(type);
                labels.forEach(l -> header.append(" \"").append(l).append('"'));
                throw new HclSyntaxException(file, open.line(), open.column(),
                        "unclosed block: " + header + " opened on this line has no closing }");
            }
            Object item = parseItem(false);
            if (item instanceof Attribute a) {
                attributes.add(a);
            } else {
                blocks.add((Block) item);
            }
        }
        newlines.pop();
        depth--;
        return new Body(List.copyOf(attributes), List.copyOf(blocks));
    }

    // ------------------------------------------------------------------ expressions

    private Expr parseExpression() {
        enter(peek());
        Expr e = parseConditional();
        depth--;
        return e;
    }

    private Expr parseConditional() {
        Expr condition = parseBinary(1);
        if (peek().is(QUESTION)) {
            next();
            Expr whenTrue = parseExpression();
            expect(COLON, "':' of the conditional (a ? b : c)");
            Expr whenFalse = parseExpression();
            return new Expr.Conditional(condition, whenTrue, whenFalse, condition.range().to(whenFalse.range()));
        }
        return condition;
    }

    /** One level deeper; past {@link #MAX_NESTING} the file is not read further (a syntax error at {@code at}). */
    private void enter(Token at) {
        if (++depth > MAX_NESTING) {
            throw error(at, "nested deeper than " + MAX_NESTING + " levels (blocks, brackets, parentheses, calls, templates,"
                    + " operators or reference steps): fullchain does not read further");
        }
    }

    /**
     * Operators by precedence climbing (one stack frame per operand, not one per level).
     * Levels, lowest first: || ; && ; == != ; < <= > >= ; + - ; * / %. All associate to the left.
     */
    private Expr parseBinary(int minLevel) {
        Expr left = parseUnary();
        // a chain a + b + c nests to the left: each operator is one level of the tree
        int chained = 0;
        while (true) {
            int level = levelOf(peek());
            if (level == 0 || level < minLevel) {
                depth -= chained;
                return left;
            }
            Token t = next();
            enter(t);
            chained++;
            Expr right = parseBinary(level + 1);
            left = new Expr.Binary(operator(level, t), left, right, left.range().to(right.range()));
        }
    }

    /** The precedence level of an operator token (1 for ||, 6 for * / %), 0 when it is none. */
    private static int levelOf(Token t) {
        for (int level = 1; level <= 6; level++) {
            if (operator(level, t) != null) {
                return level;
            }
        }
        return 0;
    }

    private static String operator(int level, Token t) {
        return switch (level) {
            case 1 -> t.is(OR) ? "||" : null;
            case 2 -> t.is(AND) ? "&&" : null;
            case 3 -> t.is(EQEQ) ? "==" : t.is(NOTEQ) ? "!=" : null;
            case 4 -> t.is(LT) ? "<" : t.is(LE) ? "<=" : t.is(GT) ? ">" : t.is(GE) ? ">=" : null;
            case 5 -> t.is(PLUS) ? "+" : t.is(MINUS) ? "-" : null;
            default -> t.is(STAR) ? "*" : t.is(SLASH) ? "/" : t.is(PERCENT) ? "%" : null;
        };
    }

    private Expr parseUnary() {
        Token t = peek();
        if (t.is(MINUS) || t.is(BANG)) {
            enter(next());
            Expr operand = parseUnary();
            depth--;
            return new Expr.Unary(t.is(MINUS) ? "-" : "!", operand, range(t).to(operand.range()));
        }
        return parsePostfix(parsePrimary());
    }

    private Expr parsePrimary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                try {
                    return new Expr.Literal(new BigDecimal(t.text()), range(t));
                } catch (NumberFormatException outOfRange) {
                    throw error(t, "the number " + (t.text().length() > 24 ? t.text().substring(0, 24) + "…" : t.text())
                            + " is out of range");
                }
            case IDENT: {
                if (t.text().equals("true") || t.text().equals("false")) {
                    return new Expr.Literal(Boolean.valueOf(t.text()), range(t));
                }
                if (t.text().equals("null")) {
                    return new Expr.Literal(null, range(t));
                }
                String name = t.text();
                // provider-defined functions: provider::azurerm::normalise_resource_id(...)
                while (peek().is(COLON) && peek(1).is(COLON) && peek(2).is(IDENT)) {
                    next();
                    next();
                    name = name + "::" + next().text();
                }
                if (peek().is(LPAREN)) {
                    return parseCall(t, name);
                }
                if (!name.equals(t.text())) {
                    throw error(peek(), "expected '(' after the function name " + name);
                }
                return new Expr.Traversal(name, List.of(), range(t));
            }
            case OQUOTE:
                return parseTemplate(t, CQUOTE);
            case OHEREDOC:
                return parseTemplate(t, CHEREDOC);
            case LBRACK:
                return parseTupleOrFor(t);
            case LBRACE:
                return parseObjectOrFor(t);
            case LPAREN: {
                newlines.push(false);
                Expr inner = parseExpression();
                Token close = expect(RPAREN, "')'");
                newlines.pop();
                return new Expr.Paren(inner, range(t).to(range(close)));
            }
            default:
                throw error(t, "expected an expression, found " + t.describe());
        }
    }

    private Expr parsePostfix(Expr e) {
        int steps = 0;
        while (true) {
            Token t = peek();
            if (t.is(DOT) || t.is(LBRACK)) {
                enter(t);
                steps++;
            }
            if (t.is(DOT)) {
                Token after = peek(1);
                if (after.is(IDENT)) {
                    next();
                    next();
                    e = withStep(e, new Step.Attr(after.text()), after);
                } else if (after.is(NUMBER)) {
                    next();
                    next();
                    // legacy index: a.0 (a.0.1 is lexed as the number 0.1: two indexes)
                    for (String part : after.text().split("\\.")) {
                        if (!part.matches("[0-9]+")) {
                            throw error(after, "a legacy index (.0) must be a whole number");
                        }
                        e = withStep(e, new Step.Index(new Expr.Literal(new BigDecimal(part), range(after))), after);
                    }
                } else if (after.is(STAR)) {
                    next();
                    Token star = next();
                    List<Step> each = new ArrayList<>();
                    Token last = star;
                    while (peek().is(DOT) && peek(1).is(IDENT)) {
                        next();
                        last = next();
                        each.add(new Step.Attr(last.text()));
                    }
                    e = new Expr.Splat(e, List.copyOf(each), e.range().to(range(last)));
                } else {
                    throw error(after, "expected an attribute name after '.', found " + after.describe());
                }
            } else if (t.is(LBRACK)) {
                next();
                newlines.push(false);
                if (peek().is(STAR) && peek(1).is(RBRACK)) {
                    next();
                    Token close = next();
                    newlines.pop();
                    List<Step> each = new ArrayList<>();
                    Token last = close;
                    while (true) {
                        if (peek().is(DOT) && peek(1).is(IDENT)) {
                            next();
                            last = next();
                            each.add(new Step.Attr(last.text()));
                        } else if (peek().is(LBRACK) && !peek(1).is(STAR)) {
                            next();
                            newlines.push(false);
                            Expr key = parseExpression();
                            last = expect(RBRACK, "']'");
                            newlines.pop();
                            each.add(new Step.Index(key));
                        } else {
                            break;
                        }
                    }
                    e = new Expr.Splat(e, List.copyOf(each), e.range().to(range(last)));
                } else {
                    Expr key = parseExpression();
                    Token close = expect(RBRACK, "']' closing the index");
                    newlines.pop();
                    e = withStep(e, new Step.Index(key), close);
                }
            } else {
                depth -= steps;
                return e;
            }
        }
    }

    private Expr withStep(Expr e, Step step, Token last) {
        SourceRange r = e.range().to(range(last));
        if (e instanceof Expr.Traversal t) {
            List<Step> steps = new ArrayList<>(t.steps());
            steps.add(step);
            return new Expr.Traversal(t.root(), List.copyOf(steps), r);
        }
        if (e instanceof Expr.Relative rel) {
            List<Step> steps = new ArrayList<>(rel.steps());
            steps.add(step);
            return new Expr.Relative(rel.source(), List.copyOf(steps), r);
        }
        return new Expr.Relative(e, List.of(step), r);
    }

    private Expr parseCall(Token nameToken, String name) {
        next();
        newlines.push(false);
        List<Expr> args = new ArrayList<>();
        boolean expand = false;
        if (!peek().is(RPAREN)) {
            while (true) {
                args.add(parseExpression());
                if (peek().is(ELLIPSIS)) {
                    next();
                    expand = true;
                    if (!peek().is(RPAREN)) {
                        throw error(peek(), "'...' can only follow the last argument of " + name + "()");
                    }
                    break;
                }
                if (peek().is(COMMA)) {
                    next();
                    if (peek().is(RPAREN)) {
                        break;
                    }
                    continue;
                }
                if (peek().is(RPAREN)) {
                    break;
                }
                throw error(peek(), "expected ',' or ')' in the arguments of " + name + "(), found " + peek().describe());
            }
        }
        Token close = expect(RPAREN, "')' closing " + name + "(");
        newlines.pop();
        return new Expr.Call(name, List.copyOf(args), expand, range(nameToken).to(range(close)));
    }

    private Expr parseTupleOrFor(Token open) {
        newlines.push(false);
        if (peek().isKeyword("for") && peek(1).is(IDENT)) {
            return parseFor(open, false);
        }
        List<Expr> items = new ArrayList<>();
        while (!peek().is(RBRACK)) {
            items.add(parseExpression());
            if (peek().is(COMMA)) {
                next();
            } else if (!peek().is(RBRACK)) {
                throw error(peek(), "expected ',' or ']' in the list, found " + peek().describe());
            }
        }
        Token close = next();
        newlines.pop();
        return new Expr.Tuple(List.copyOf(items), range(open).to(range(close)));
    }

    private Expr parseObjectOrFor(Token open) {
        newlines.push(false);
        if (peek().isKeyword("for") && peek(1).is(IDENT)) {
            return parseFor(open, true);
        }
        newlines.pop();
        newlines.push(true);
        List<Expr.ObjectCons.Item> items = new ArrayList<>();
        while (true) {
            while (peek().is(NEWLINE)) {
                next();
            }
            if (peek().is(RBRACE)) {
                break;
            }
            Token k = peek();
            Expr key;
            boolean bare = false;
            if (k.is(IDENT) && (peek(1).is(EQUAL) || peek(1).is(COLON))) {
                next();
                key = new Expr.Literal(k.text(), range(k));
                bare = true;
            } else if (k.is(EOF)) {
                throw error(open, "unclosed object: the { opened here has no closing }");
            } else {
                key = parseExpression();
            }
            Token sep = next();
            if (!(sep.is(EQUAL) || sep.is(COLON))) {
                throw error(sep, "expected '=' or ':' after the key of an object item, found " + sep.describe());
            }
            Expr value = parseExpression();
            items.add(new Expr.ObjectCons.Item(key, value, bare));
            Token t = peek();
            if (t.is(COMMA) || t.is(NEWLINE)) {
                next();
            } else if (!t.is(RBRACE)) {
                throw error(t, "expected ',' or a line break after an object item, found " + t.describe());
            }
        }
        Token close = next();
        newlines.pop();
        return new Expr.ObjectCons(List.copyOf(items), range(open).to(range(close)));
    }

    /** Called with the "for" keyword next and newlines already ignored; pops that state. */
    private Expr parseFor(Token open, boolean object) {
        next();
        Token first = expect(IDENT, "a variable name after 'for'");
        String keyVar = null;
        String valueVar = first.text();
        if (peek().is(COMMA)) {
            next();
            keyVar = first.text();
            valueVar = expect(IDENT, "a second variable name").text();
        }
        if (!peek().isKeyword("in")) {
            throw error(peek(), "expected 'in' in the for expression, found " + peek().describe());
        }
        next();
        Expr collection = parseExpression();
        expect(COLON, "':' after the collection of the for expression");
        Expr keyExpr = null;
        Expr valueExpr;
        boolean grouping = false;
        if (object) {
            keyExpr = parseExpression();
            expect(FAT_ARROW, "'=>' between key and value of the for expression");
            valueExpr = parseExpression();
            if (peek().is(ELLIPSIS)) {
                next();
                grouping = true;
            }
        } else {
            valueExpr = parseExpression();
        }
        Expr condition = null;
        if (peek().isKeyword("if")) {
            next();
            condition = parseExpression();
        }
        Token close = expect(object ? RBRACE : RBRACK, object ? "'}' closing the for expression" : "']' closing the for expression");
        newlines.pop();
        return new Expr.For(keyVar, valueVar, collection, keyExpr, valueExpr, condition, grouping, object,
                range(open).to(range(close)));
    }

    // ------------------------------------------------------------------ templates

    private sealed interface Piece {
    }

    private static final class Lit implements Piece {
        String text;

        Lit(String text) {
            this.text = text;
        }
    }

    private record Seq(String kind, Token token, Expr expr, String keyVar, String valueVar,
                       boolean stripLeft, boolean stripRight) implements Piece {
    }

    private Expr parseTemplate(Token open, TokenKind closeKind) {
        List<Piece> pieces = new ArrayList<>();
        Token close;
        while (true) {
            Token t = next();
            if (t.is(closeKind)) {
                close = t;
                break;
            }
            switch (t.kind()) {
                case STRING_LIT -> pieces.add(new Lit(t.text()));
                case TEMPLATE_INTERP -> {
                    newlines.push(false);
                    Expr e = parseExpression();
                    Token end = expect(TEMPLATE_SEQ_END, "'}' closing the ${ opened at line " + t.line());
                    newlines.pop();
                    pieces.add(new Seq("interp", t, e, null, null, t.flag(), end.flag()));
                }
                case TEMPLATE_CONTROL -> pieces.add(parseDirective(t));
                default -> throw error(t, "unexpected " + t.describe() + " in a string template");
            }
        }
        if (open.is(OHEREDOC) && open.flag()) {
            flush(pieces);
        }
        strip(pieces);
        List<TemplatePart> parts = structure(joinText(pieces), open);
        return new Expr.Template(parts, open.is(OHEREDOC), range(open).to(range(close)));
    }

    private Seq parseDirective(Token open) {
        newlines.push(false);
        Token kw = expect(IDENT, "if, else, endif, for or endfor after %{");
        Expr expr = null;
        String keyVar = null;
        String valueVar = null;
        switch (kw.text()) {
            case "if" -> expr = parseExpression();
            case "for" -> {
                Token first = expect(IDENT, "a variable name after %{ for");
                valueVar = first.text();
                if (peek().is(COMMA)) {
                    next();
                    keyVar = first.text();
                    valueVar = expect(IDENT, "a second variable name").text();
                }
                if (!peek().isKeyword("in")) {
                    throw error(peek(), "expected 'in' in %{ for }, found " + peek().describe());
                }
                next();
                expr = parseExpression();
            }
            case "else", "endif", "endfor" -> {
            }
            default -> throw error(kw, "unknown template directive %{" + kw.text() + "}: expected if, else, endif, for or endfor");
        }
        Token end = expect(TEMPLATE_SEQ_END, "'}' closing the %{ " + kw.text() + " directive");
        newlines.pop();
        return new Seq(kw.text(), open, expr, keyVar, valueVar, open.flag(), end.flag());
    }

    /** <<- heredocs: remove the indentation common to all non-blank lines (as HCL does). */
    private static void flush(List<Piece> pieces) {
        int min = Integer.MAX_VALUE;
        boolean newline = true;
        List<Lit> adjust = new ArrayList<>();
        for (Piece p : pieces) {
            if (newline) {
                newline = false;
                int spaces;
                if (p instanceof Lit lit) {
                    int lead = leadingSpace(lit.text);
                    if (lead == lit.text.length() && lit.text.endsWith("\n")) {
                        spaces = Integer.MAX_VALUE;
                    } else {
                        spaces = lead;
                        adjust.add(lit);
                    }
                } else {
                    spaces = 0;
                }
                min = Math.min(min, spaces);
            }
            if (p instanceof Lit lit && lit.text.endsWith("\n")) {
                newline = true;
            }
        }
        if (min == Integer.MAX_VALUE) {
            return;
        }
        for (Lit lit : adjust) {
            lit.text = lit.text.substring(Math.min(min, lit.text.length()));
        }
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** ${~ and ~} remove the whitespace (newlines included) before or after them. */
    private static void strip(List<Piece> pieces) {
        for (int i = 0; i < pieces.size(); i++) {
            if (pieces.get(i) instanceof Seq s) {
                if (s.stripLeft() && i > 0 && pieces.get(i - 1) instanceof Lit before) {
                    before.text = before.text.stripTrailing();
                }
                if (s.stripRight() && i + 1 < pieces.size() && pieces.get(i + 1) instanceof Lit after) {
                    after.text = after.text.stripLeading();
                }
            }
        }
    }

    /** Consecutive literal pieces as one (a heredoc gives one per line): joined once, a long heredoc stays linear to read. */
    private static List<Piece> joinText(List<Piece> pieces) {
        List<Piece> out = new ArrayList<>();
        StringBuilder text = null;
        for (Piece p : pieces) {
            if (p instanceof Lit lit) {
                text = text == null ? new StringBuilder(lit.text) : text.append(lit.text);
                continue;
            }
            if (text != null) {
                out.add(new Lit(text.toString()));
                text = null;
            }
            out.add(p);
        }
        if (text != null) {
            out.add(new Lit(text.toString()));
        }
        return out;
    }

    private static final class Frame {
        final Seq opener;
        final List<TemplatePart> then = new ArrayList<>();
        final List<TemplatePart> otherwise = new ArrayList<>();
        boolean inElse;

        Frame(Seq opener) {
            this.opener = opener;
        }

        List<TemplatePart> current() {
            return inElse ? otherwise : then;
        }
    }

    private List<TemplatePart> structure(List<Piece> pieces, Token open) {
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(null));
        for (Piece p : pieces) {
            if (p instanceof Lit lit) {
                addText(stack.peek().current(), lit.text);
                continue;
            }
            Seq s = (Seq) p;
            switch (s.kind()) {
                case "interp" -> stack.peek().current().add(new TemplatePart.Interp(s.expr()));
                case "if", "for" -> {
                    if (depth + stack.size() > MAX_NESTING) {
                        throw error(s.token(), "template directives nested deeper than " + MAX_NESTING
                                + " levels: fullchain does not read further");
                    }
                    stack.push(new Frame(s));
                }
                case "else" -> {
                    Frame f = stack.peek();
                    if (f.opener == null || !f.opener.kind().equals("if") || f.inElse) {
                        throw error(s.token(), "%{ else } without a matching %{ if }");
                    }
                    f.inElse = true;
                }
                case "endif", "endfor" -> {
                    Frame f = stack.peek();
                    String expected = s.kind().equals("endif") ? "if" : "for";
                    if (f.opener == null || !f.opener.kind().equals(expected)) {
                        throw error(s.token(), "%{ " + s.kind() + " } without a matching %{ " + expected + " }");
                    }
                    stack.pop();
                    TemplatePart part = expected.equals("if")
                            ? new TemplatePart.If(f.opener.expr(), List.copyOf(f.then), List.copyOf(f.otherwise))
                            : new TemplatePart.Each(f.opener.keyVar(), f.opener.valueVar(), f.opener.expr(), List.copyOf(f.then));
                    stack.peek().current().add(part);
                }
                default -> throw new IllegalStateException(s.kind());
            }
        }
        if (stack.size() > 1) {
            Frame f = stack.peek();
            throw error(f.opener.token(), "%{ " + f.opener.kind() + " } has no matching %{ end" + f.opener.kind() + " }");
        }
        return List.copyOf(stack.peek().then);
    }

    private static void addText(List<TemplatePart> parts, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof TemplatePart.Text prev) {
            parts.set(parts.size() - 1, new TemplatePart.Text(prev.text() + text));
        } else {
            parts.add(new TemplatePart.Text(text));
        }
    }

    // ------------------------------------------------------------------ tokens

    private Token fetch(int i) {
        while (buf.size() <= i) {
            buf.add(lexer.next());
        }
        return buf.get(i);
    }

    private boolean significant() {
        return newlines.isEmpty() || newlines.peek();
    }

    private int skip(int from) {
        int i = from;
        if (!significant()) {
            while (fetch(i).is(NEWLINE)) {
                i++;
            }
        }
        return i;
    }

    private Token peek() {
        return fetch(skip(idx));
    }

    private Token peek(int n) {
        int i = skip(idx);
        for (int k = 0; k < n; k++) {
            if (fetch(i).is(EOF)) {
                return fetch(i);
            }
            i = skip(i + 1);
        }
        return fetch(i);
    }

    private Token next() {
        int i = skip(idx);
        Token t = fetch(i);
        if (!t.is(EOF)) {
            idx = i + 1;
        }
        lastLine = t.line();
        return t;
    }

    private Token expect(TokenKind kind, String what) {
        Token t = next();
        if (!t.is(kind)) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return t;
    }

    private HclSyntaxException error(Token t, String message) {
        return new HclSyntaxException(file, t.line(), t.column(), message);
    }

    private SourceRange range(Token t) {
        return new SourceRange(file, t.line(), t.column(), t.start(), t.end());
    }

    // ------------------------------------------------------------------ recovery

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first line after {@code after} that looks like the start of a top-level item, or -1. */
    private static int nextTopLevelLine(String text, int[] lineStarts, int after) {
        for (int l = after + 1; l <= lineStarts.length; l++) {
            int s = lineStarts[l - 1];
            int e = l < lineStarts.length ? lineStarts[l] : text.length();
            String lineText = text.substring(s, e).replace("\r", "").replace("\n", "");
            if (TOP_LEVEL_START.matcher(lineText).find()) {
                return l;
            }
        }
        return -1;
    }
}
