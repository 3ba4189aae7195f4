package dev.fullchain.target;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A file's YAML as a node tree (lines kept, duplicate keys refused), or the syntax error
 * said the way learners need it: the line, the problem, and where the unclosed construct
 * started when that is another line.
 */
public final class YamlSyntax {

    /** What is wrong with the text: 1-based line (0 when unknown) and the problem in words. */
    public static final class Error extends Exception {
        private final int line;

        Error(int line, String problem) {
            super(problem, null, false, false);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private YamlSyntax() {
    }

    /** The root node, null for an empty document. */
    public static Node compose(String text) throws Error {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage().lines().findFirst().orElse("");
            String context = e.getContext() == null ? "" : " (" + e.getContext()
                    + (e.getContextMark() != null && mark != null && e.getContextMark().getLine() != mark.getLine()
                    ? " that starts on line " + (e.getContextMark().getLine() + 1) : "") + ")";
            throw new Error(mark == null ? 0 : mark.getLine() + 1, "not valid YAML: " + problem + context);
        } catch (YAMLException e) {
            throw new Error(0, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
