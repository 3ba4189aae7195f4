package dev.fullchain.report;

/**
 * Text from messages made safe for running Markdown, the one place for it: one line, and
 * Markdown's own backslash escapes (never HTML entities, which show as "&amp;lt;" in a
 * terminal and in most viewers of a .md file).
 */
final class MarkdownText {

    private MarkdownText() {
    }

    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * Running text: only what would open an HTML tag (a "<" before a letter, "/", "!" or "?")
     * or emphasis ("*") is escaped; "_" inside words, a lone "<" and the backticks of the
     * catalog's code spans stay as they are, so the text reads the same in a terminal.
     */
    static String text(String s) {
        String line = oneLine(s);
        StringBuilder b = new StringBuilder(line.length() + 8);
        for (int i = 0; i < line.length(); i++) {
            if (line.startsWith(dev.fullchain.secrets.Secrets.MASK, i)) {
                b.append(dev.fullchain.secrets.Secrets.MASK); // reads as a mask, never as emphasis
                i += dev.fullchain.secrets.Secrets.MASK.length() - 1;
                continue;
            }
            char ch = line.charAt(i);
            char next = i + 1 < line.length() ? line.charAt(i + 1) : ' ';
            boolean tag = ch == '<' && (Character.isLetter(next) || "/!?".indexOf(next) >= 0);
            if (tag || ch == '*' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    /** A table cell: running text with the column separator escaped too. */
    static String cell(String s) {
        return text(s).replace("|", "\\|");
    }

    /** Inside an inline code span, where no escape works: a backtick would end it. */
    static String code(String s) {
        return oneLine(s).replace("`", "'");
    }

    /** Lines of a fenced text block, indented for a list item; a fence inside cannot close it. */
    static void fenced(StringBuilder md, String body, String indent) {
        md.append('\n').append(indent).append("```text\n");
        body.lines().forEach(l -> md.append(indent).append(l.replace("```", "ˋˋˋ")).append('\n'));
        md.append(indent).append("```\n\n");
    }
}
