package dev.fullchain.model.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile the way Docker's frontend does, keeping line numbers: parser
 * directives, comments, continuation lines (with the escape character in force),
 * here-documents, exec vs shell form, global ARGs substituted into FROM, stages.
 * Anything Docker would refuse becomes a BadInput naming the file and line.
 */
final class DockerfileParser {

    static final Set<String> KEYWORDS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD",
            "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    private static final Set<String> WITH_FLAGS = Set.of("FROM", "RUN", "COPY", "ADD", "HEALTHCHECK");
    private static final Set<String> WITH_HEREDOCS = Set.of("RUN", "COPY", "ADD");
    /** Where a '[' can only mean exec form: a broken array here is an error, not a shell command. */
    private static final Set<String> JSON_ONLY_IF_BRACKET = Set.of("CMD", "ENTRYPOINT", "SHELL");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([A-Za-z][A-Za-z0-9_-]*)\\s*=\\s*(.*?)\\s*$");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    static final Pattern HEREDOC = Pattern.compile("(?<![<\\w])\\d*<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\\2");
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED = "a Dockerfile Docker can build (see https://docs.docker.com/reference/dockerfile/)";

    private final SourceFile file;
    private final String[] lines;
    private char escape = '\\';
    private int next;

    private DockerfileParser(SourceFile file) {
        this.file = file;
        // A byte-order mark is not part of the first instruction (Docker drops it too).
        String text = file.text().startsWith("\uFEFF") ? file.text().substring(1) : file.text();
        this.lines = text.split("\r?\n", -1);
    }

    static Dockerfile parse(SourceFile file) {
        return new DockerfileParser(file).run();
    }

    private BadInput bad(int line, String problem, String expected) {
        return new BadInput(new Location(file.path(), line), problem, expected);
    }

    private Dockerfile run() {
        readDirectives();
        List<Instruction> all = new ArrayList<>();
        while (next < lines.length) {
            Instruction i = readInstruction();
            if (i != null) {
                all.add(i);
            }
        }
        return assemble(all);
    }

    private void readDirectives() {
        Set<String> seen = new java.util.HashSet<>();
        while (next < lines.length) {
            Matcher m = DIRECTIVE.matcher(lines[next]);
            if (!m.matches() || !DIRECTIVES.contains(m.group(1).toLowerCase()) || !seen.add(m.group(1).toLowerCase())) {
                return;
            }
            if (m.group(1).equalsIgnoreCase("escape")) {
                String v = m.group(2);
                if (!v.equals("\\") && !v.equals("`")) {
                    throw bad(next + 1, "escape directive '" + v + "' is not \\ or `", "# escape=\\ or # escape=`");
                }
                escape = v.charAt(0);
            }
            next++;
        }
    }

    private static boolean isCommentOrBlank(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    /** Reads one logical instruction starting at {@code next}, or null for comments/blank lines. */
    private Instruction readInstruction() {
        if (isCommentOrBlank(lines[next])) {
            next++;
            return null;
        }
        int start = next + 1;
        StringBuilder logical = new StringBuilder();
        while (next < lines.length) {
            String content = lines[next++];
            String stripped = content.stripTrailing();
            if (!stripped.isEmpty() && stripped.charAt(stripped.length() - 1) == escape) {
                logical.append(stripped, 0, stripped.length() - 1);
                // Comment and empty lines inside a continuation are dropped, as Docker does.
                while (next < lines.length && isCommentOrBlank(lines[next])) {
                    next++;
                }
                continue;
            }
            logical.append(content);
            break;
        }
        int end = next;
        String text = logical.toString().strip();
        String[] kv = text.split("\\s+", 2);
        String keyword = kv[0].toUpperCase();
        String args = kv.length > 1 ? kv[1].strip() : "";
        if (!KEYWORDS.contains(keyword)) {
            throw bad(start, "unknown instruction '" + clip(kv[0]) + "'", "an instruction such as FROM, RUN, COPY, USER, CMD");
        }
        List<Flag> flags = new ArrayList<>();
        String body = args;
        if (WITH_FLAGS.contains(keyword)) {
            while (body.startsWith("--")) {
                String[] fb = body.split("\\s+", 2);
                String tok = fb[0].substring(2);
                int eq = tok.indexOf('=');
                flags.add(eq < 0 ? new Flag(tok, "") : new Flag(tok.substring(0, eq), tok.substring(eq + 1)));
                body = fb.length > 1 ? fb[1].strip() : "";
            }
        }
        Optional<List<String>> exec = execForm(keyword, body, start);
        if (keyword.equals("SHELL") && exec.isEmpty()) {
            throw bad(start, "SHELL is not a JSON array", "SHELL [\"/bin/bash\", \"-c\"]");
        }
        List<Heredoc> heredocs = new ArrayList<>();
        if (WITH_HEREDOCS.contains(keyword) && exec.isEmpty()) {
            Matcher m = HEREDOC.matcher(body);
            while (m.find()) {
                heredocs.add(readHeredoc(m.group(3), !m.group(1).isEmpty(), start));
            }
            end = next;
        }
        if (args.isEmpty() && !keyword.equals("ONBUILD")) {
            throw bad(start, keyword + " has no arguments", keyword + " followed by its arguments");
        }
        return new Instruction(keyword, args, List.copyOf(flags), body, exec, List.copyOf(heredocs), start, end, escape);
    }

    private Heredoc readHeredoc(String delimiter, boolean stripTabs, int start) {
        int first = next + 1;
        StringBuilder body = new StringBuilder();
        while (next < lines.length) {
            String l = lines[next++];
            String cmp = stripTabs ? l.replaceFirst("^\t+", "") : l;
            if (cmp.equals(delimiter)) {
                return new Heredoc(delimiter, body.toString(), first);
            }
            body.append(cmp).append('\n');
        }
        throw bad(start, "here-document <<" + delimiter + " is never closed", "a line reading exactly " + delimiter + " after its body");
    }

    private Optional<List<String>> execForm(String keyword, String body, int line) {
        if (!body.startsWith("[")) {
            return Optional.empty();
        }
        boolean mustBeJson = JSON_ONLY_IF_BRACKET.contains(keyword);
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isArray()) {
                List<String> out = new ArrayList<>();
                for (JsonNode n : node) {
                    if (!n.isTextual()) {
                        throw new IllegalArgumentException("element " + n + " is not a string");
                    }
                    out.add(n.asText());
                }
                return Optional.of(List.copyOf(out));
            }
            if (mustBeJson) {
                throw bad(line, keyword + " starts with '[' but is not a JSON array", "exec form: a JSON array of strings, e.g. " + keyword + " [\"exe\", \"arg\"]");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            if (mustBeJson) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage().lines().findFirst().orElse("") : e.getMessage();
                throw bad(line, keyword + " starts with '[' but is not a valid JSON array of strings (" + clip(why) + ")",
                        "exec form: a JSON array of double-quoted strings, e.g. " + keyword + " [\"exe\", \"arg\"]");
            }
        }
        // RUN [ -f x ] && ... is a shell test, not a broken array: Docker runs it with a shell.
        return Optional.empty();
    }

    private Dockerfile assemble(List<Instruction> all) {
        List<KeyValue> globalArgs = new ArrayList<>();
        Map<String, Optional<String>> globals = new LinkedHashMap<>();
        int i = 0;
        for (; i < all.size() && !all.get(i).is("FROM"); i++) {
            Instruction ins = all.get(i);
            if (!ins.is("ARG")) {
                throw bad(ins.line(), ins.keyword() + " before the first FROM", "FROM first (only ARG may come before it)");
            }
            for (KeyValue kv : pairs(ins)) {
                globalArgs.add(kv);
                Optional<String> v = kv.value().map(x -> Words.expand(x, n -> globals.getOrDefault(n, Optional.empty()), escape))
                        .filter(Words.Expansion::resolved).map(Words.Expansion::value);
                globals.put(kv.key(), v);
            }
        }
        if (i == all.size()) {
            int line = all.isEmpty() ? 0 : all.get(all.size() - 1).line();
            throw bad(line, "no FROM instruction", "FROM image:tag opening the first build stage");
        }
        List<Stage> stages = new ArrayList<>();
        while (i < all.size()) {
            Instruction from = all.get(i++);
            List<Instruction> body = new ArrayList<>();
            while (i < all.size() && !all.get(i).is("FROM")) {
                body.add(all.get(i++));
            }
            stages.add(stage(stages, from, body, globals));
        }
        return new Dockerfile(file.path(), escape, List.copyOf(globalArgs), List.copyOf(stages), List.copyOf(all));
    }

    private Stage stage(List<Stage> earlier, Instruction from, List<Instruction> body, Map<String, Optional<String>> globals) {
        List<String> w = Words.split(from.body(), escape);
        if (w == null || w.isEmpty() || !(w.size() == 1 || (w.size() == 3 && w.get(1).equalsIgnoreCase("AS")))) {
            throw bad(from.line(), "FROM " + clip(from.body()) + " is not 'image [AS name]'", "FROM [--platform=...] image:tag [AS name]");
        }
        Optional<String> name = Optional.empty();
        if (w.size() == 3) {
            String n = w.get(2).toLowerCase();
            if (!STAGE_NAME.matcher(n).matches()) {
                throw bad(from.line(), "stage name '" + clip(w.get(2)) + "' is not valid", "a name of letters, digits, '.', '-', '_' starting with a letter");
            }
            name = Optional.of(n);
        }
        Words.Expansion image = Words.expand(w.get(0), n -> globals.getOrDefault(n, Optional.empty()), escape);
        Optional<String> resolved = image.resolved() ? Optional.of(image.value()) : Optional.empty();
        Optional<Integer> stageIndex = Optional.empty();
        if (resolved.isPresent()) {
            for (Stage s : earlier) {
                if (s.name().map(resolved.get().toLowerCase()::equals).orElse(false)) {
                    stageIndex = Optional.of(s.index());
                }
            }
        }
        Optional<String> platform = from.flag("platform");
        BaseImage base = new BaseImage(w.get(0), resolved, image.unresolved(), platform, stageIndex);

        // Variables known in this stage: ENV inherited from an earlier stage, ARG defaults, ENV.
        Map<String, Optional<String>> scope = new HashMap<>();
        stageIndex.ifPresent(si -> inheritedEnv(earlier, si).forEach(kv -> scope.put(kv.key(), kv.value())));
        List<KeyValue> env = new ArrayList<>();
        List<KeyValue> args = new ArrayList<>();
        List<UserSetting> users = new ArrayList<>();
        int index = earlier.size();
        for (Instruction ins : body) {
            switch (ins.keyword()) {
                case "ARG" -> {
                    for (KeyValue kv : pairs(ins)) {
                        args.add(kv);
                        Optional<String> v = kv.value().isPresent() ? expandKnown(kv.value().get(), scope)
                                : globals.getOrDefault(kv.key(), Optional.empty());
                        scope.put(kv.key(), v);
                    }
                }
                case "ENV" -> {
                    for (KeyValue kv : pairs(ins)) {
                        env.add(kv);
                        scope.put(kv.key(), kv.value().flatMap(v -> expandKnown(v, scope)));
                    }
                }
                case "USER" -> {
                    String raw = ins.body().strip();
                    List<String> uw = Words.split(raw, escape);
                    if (uw == null || uw.size() != 1) {
                        throw bad(ins.line(), "USER " + clip(raw) + " is not one user[:group]", "USER name or uid, optionally :group");
                    }
                    users.add(new UserSetting(raw, expandKnown(uw.get(0), scope), ins.line(), index));
                }
                case "LABEL" -> pairs(ins);
                default -> {
                    // other instructions carry no state the checks need
                }
            }
        }
        return new Stage(index, name, base, from, List.copyOf(body), List.copyOf(env), List.copyOf(args), List.copyOf(users));
    }

    /** ENV pairs a stage built FROM an earlier stage starts with: that stage's lineage, oldest first. */
    private static List<KeyValue> inheritedEnv(List<Stage> earlier, int index) {
        List<List<KeyValue>> chain = new ArrayList<>();
        Optional<Integer> i = Optional.of(index);
        while (i.isPresent()) {
            Stage s = earlier.get(i.get());
            chain.add(0, s.env());
            i = s.base().stageIndex();
        }
        List<KeyValue> out = new ArrayList<>();
        chain.forEach(out::addAll);
        return out;
    }

    private Optional<String> expandKnown(String value, Map<String, Optional<String>> scope) {
        Words.Expansion e = Words.expand(value, n -> scope.getOrDefault(n, Optional.empty()), escape);
        return e.resolved() ? Optional.of(e.value()) : Optional.empty();
    }

    /** ENV/LABEL/ARG pairs: {@code k=v k2="v 2"}, legacy {@code ENV k v w}, {@code ARG name}. */
    private List<KeyValue> pairs(Instruction ins) {
        String kw = ins.keyword();
        List<String> words = Words.split(ins.body(), escape);
        if (words == null) {
            throw bad(ins.line(), kw + " has an unclosed quote", kw + " key=\"value\"");
        }
        List<KeyValue> out = new ArrayList<>();
        if (!kw.equals("ARG") && !words.get(0).contains("=")) {
            // Legacy form: the first word is the key, the rest of the line is the value.
            String[] kv = ins.body().split("\\s+", 2);
            if (kv.length < 2) {
                throw bad(ins.line(), kw + " " + clip(kv[0]) + " has no value", kw + " key=value");
            }
            List<String> v = Words.split(kv[1], escape);
            String value = v == null ? kv[1] : String.join(" ", v);
            out.add(new KeyValue(kw, kv[0], Optional.of(value), Words.hasVariable(kv[1], escape), ins.line()));
            return out;
        }
        List<String> rawWords = rawWords(ins.body());
        for (int k = 0; k < words.size(); k++) {
            String word = words.get(k);
            int eq = word.indexOf('=');
            if (eq == 0 || (eq < 0 && !kw.equals("ARG"))) {
                throw bad(ins.line(), kw + " '" + clip(word) + "' is not key=value", kw + " key=value [key2=value2 ...]");
            }
            String raw = k < rawWords.size() ? rawWords.get(k) : word;
            if (eq < 0) {
                out.add(new KeyValue(kw, word, Optional.empty(), false, ins.line()));
            } else {
                out.add(new KeyValue(kw, word.substring(0, eq), Optional.of(word.substring(eq + 1)),
                        Words.hasVariable(raw.substring(Math.min(raw.length(), raw.indexOf('=') + 1)), escape), ins.line()));
            }
        }
        return out;
    }

    /** Words with their quotes kept, to tell "$X" from '$X' and from a literal. */
    private List<String> rawWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (w.length() > 0) {
                    out.add(w.toString());
                    w.setLength(0);
                }
                continue;
            }
            if (c == escape && quote != '\'' && i + 1 < s.length()) {
                w.append(c).append(s.charAt(++i));
                continue;
            }
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            w.append(c);
        }
        if (w.length() > 0) {
            out.add(w.toString());
        }
        return out;
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }
}
