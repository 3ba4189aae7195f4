package dev.fullchain.model.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullchain.model.terraform.eval.Evaluator;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.HclError;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.model.terraform.hcl.HclParser;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import dev.fullchain.target.SourceFile;
import dev.fullchain.target.Target;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A file of {@code name = value} lines: a .tfvars (or .tfvars.json) file, or a partial
 * backend configuration (.tfbackend). Values are literals: they are evaluated with no
 * references. A line that cannot be parsed is a problem; the other lines still count.
 */
public final class TfvarsFile {

    private static final Evaluator LITERALS = new Evaluator(Evaluator.NO_REFERENCES);

    private final String path;
    private final Map<String, Attribute> attributes = new LinkedHashMap<>();
    private final Map<String, Value> jsonValues = new LinkedHashMap<>();
    private final List<BadInput> problems = new ArrayList<>();
    private BadInput unreadable;

    private TfvarsFile(String path) {
        this.path = path;
    }

    static TfvarsFile read(Target target, String relative) {
        TfvarsFile f = new TfvarsFile(relative);
        SourceFile source;
        try {
            source = target.read(relative);
        } catch (BadInput bad) {
            f.problems.add(bad);
            f.unreadable = bad;
            return f;
        }
        if (relative.endsWith(".json")) {
            f.readJson(source.text());
            return f;
        }
        HclFile parsed = HclParser.parse(relative, source.text());
        for (HclError e : parsed.errors()) {
            f.problems.add(new BadInput(e.location(), "cannot be parsed as HCL: " + e.message(),
                    "name = value lines (terraform fmt reports the same line)"));
        }
        for (Block b : parsed.body().blocks()) {
            f.problems.add(new BadInput(b.location(), "holds a block (" + b.header() + ")",
                    "only name = value lines"));
        }
        // A value read from a line the parser had to recover from would be a guess: such a variable is unknown.
        java.util.Set<Integer> brokenLines = new java.util.HashSet<>();
        parsed.errors().forEach(e -> brokenLines.add(e.location().line()));
        for (Attribute a : parsed.body().attributes()) {
            int first = a.range().line();
            int last = first + (int) source.text().substring(a.range().start(), Math.min(a.range().end(), source.text().length()))
                    .chars().filter(c -> c == '\n').count();
            boolean broken = brokenLines.stream().anyMatch(l -> l >= first && l <= last);
            if (!broken) {
                f.attributes.put(a.name(), a);
            }
        }
        return f;
    }

    private void readJson(String text) {
        try {
            JsonNode root = new ObjectMapper().readTree(text);
            if (root == null || !root.isObject()) {
                problems.add(new BadInput(Location.of(path), "is not a JSON object", "{\"name\": value, ...}"));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                jsonValues.put(e.getKey(), fromJson(e.getValue()));
            }
        } catch (java.io.IOException e) {
            problems.add(new BadInput(Location.of(path), "cannot be parsed as JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
                    "a JSON object of variable values"));
        }
    }

    private static Value fromJson(JsonNode n) {
        if (n.isTextual()) {
            return Value.of(n.asText());
        }
        if (n.isNumber()) {
            return new Value.Num(new BigDecimal(n.asText()));
        }
        if (n.isBoolean()) {
            return Value.of(n.asBoolean());
        }
        if (n.isArray()) {
            List<Value> items = new ArrayList<>();
            n.forEach(x -> items.add(fromJson(x)));
            return Value.list(items);
        }
        if (n.isObject()) {
            Map<String, Value> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), fromJson(e.getValue())));
            return Value.map(m);
        }
        return Value.NULL;
    }

    public String path() {
        return path;
    }

    /** The file name without its folder ("dev.tfvars"). */
    public String fileName() {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }

    /** The names this file sets. */
    public Set<String> names() {
        Set<String> out = new java.util.LinkedHashSet<>(attributes.keySet());
        out.addAll(jsonValues.keySet());
        return out;
    }

    public List<Attribute> attributes() {
        return List.copyOf(attributes.values());
    }

    public Optional<Attribute> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The value this file gives {@code name}, if it sets it. */
    public Optional<Value> value(String name) {
        if (jsonValues.containsKey(name)) {
            return Optional.of(jsonValues.get(name));
        }
        return attribute(name).map(a -> LITERALS.eval(a.expr()));
    }

    public Location location(String name) {
        return attribute(name).map(Attribute::location).orElse(Location.of(path));
    }

    public List<BadInput> problems() {
        return List.copyOf(problems);
    }

    /** Why the whole file could not be read (too big, binary, a link out of the repository), when it could not. */
    public Optional<BadInput> unreadable() {
        return Optional.ofNullable(unreadable);
    }

    /** Whether every line could be read (when not, a name it does not show may be in the broken part). */
    public boolean complete() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return path;
    }
}
