package dev.fullchain.model.docker;

import dev.fullchain.secrets.Secrets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Dockerfile instruction after continuation lines are joined.
 *
 * @param keyword   upper case (FROM, RUN, ...), whatever case the file used
 * @param text      everything after the keyword, continuations joined, options included
 * @param flags     leading options (--from=, --platform=, --mount=, ...) of FROM/RUN/COPY/ADD/HEALTHCHECK
 * @param body      the text after the options
 * @param exec      the arguments when written in exec (JSON array) form
 * @param heredocs  here-documents that follow the instruction
 * @param line      the line of the keyword; endLine the last line it spans (heredocs included)
 */
public record Instruction(String keyword, String text, List<Flag> flags, String body, Optional<List<String>> exec,
                          List<Heredoc> heredocs, int line, int endLine, char escape) {

    public boolean is(String kw) {
        return keyword.equalsIgnoreCase(kw);
    }

    public boolean isExecForm() {
        return exec.isPresent();
    }

    public Optional<String> flag(String name) {
        return flags.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Flag::value).reduce((a, b) -> b);
    }

    public List<String> flagValues(String name) {
        return flags.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Flag::value).toList();
    }

    /** The arguments as words: the exec-form array, or the body split like a shell would (quotes removed). */
    public List<String> words() {
        if (exec.isPresent()) {
            return exec.get();
        }
        List<String> w = Words.split(body, escape);
        return w == null ? List.of(body.split("\\s+")) : w;
    }

    /**
     * What a RUN executes: its command line and, after it, the bodies of its here-documents
     * (the {@code <<EOF} markers themselves left out).
     */
    public String script() {
        String cmd = exec.map(e -> String.join(" ", e)).orElse(body);
        if (heredocs.isEmpty()) {
            return cmd;
        }
        StringBuilder b = new StringBuilder(DockerfileParser.HEREDOC.matcher(cmd).replaceAll(""));
        heredocs.forEach(h -> b.append('\n').append(h.body()));
        return b.toString();
    }

    /** The simple commands a RUN executes (its script split on &&, ;, | and new lines). */
    public List<ShellCommand> commands() {
        return ShellCommand.split(script());
    }

    /** "RUN apt-get install ..." shortened for messages, with inline secret assignments masked. */
    public String summary() {
        String s = keyword + " " + text.replaceAll("\\s+", " ").strip();
        s = maskSecretValues(maskSecretValues(s, KEY_EQUALS_VALUE), OPTION_SPACE_VALUE);
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }

    /** NAME=value (also --name=value). */
    private static final Pattern KEY_EQUALS_VALUE = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_-]*)=([^\\s&;|]+)");
    /** --name value. */
    private static final Pattern OPTION_SPACE_VALUE = Pattern.compile("--([A-Za-z][A-Za-z0-9_-]*) +([^\\s&;|-][^\\s&;|]*)");

    private static String maskSecretValues(String s, Pattern p) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String masked = s.substring(m.start(), m.start(2)) + Secrets.MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(Secrets.isSecretKey(m.group(1)) ? masked : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
