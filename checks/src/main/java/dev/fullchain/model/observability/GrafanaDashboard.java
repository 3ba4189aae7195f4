package dev.fullchain.model.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Grafana dashboard's JSON: its panels (rows' panels and the old rows[] layout included),
 * their queries and datasources, and its template variables. A datasource is told by its
 * type, by the datasource variable it names, or by its name.
 */
public final class GrafanaDashboard {

    /** Arrays and objects nested deeper than this are refused, not read (Jackson's own bound, lowered). */
    static final int MAX_NESTING = 200;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build());

    /** JSON that does not parse, at a line and column of the text. */
    public static final class JsonError extends RuntimeException {
        private final int line;
        private final int column;

        JsonError(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** A query of a panel, with the datasource it runs on (its own, else the panel's). */
    public record Query(String refId, String expr, JsonNode datasource) {
    }

    public record Panel(String title, String type, JsonNode datasource, List<Query> queries) {
    }

    /** Panels read per dashboard (each is looked for in its file, each query parsed). */
    public static final int MAX_PANELS = 2_000;

    private final JsonNode root;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
    }

    public static GrafanaDashboard parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException tooDeep) {
            // Jackson gives no position here: say the bound, at the top of the file
            throw new JsonError("it nests deeper than " + MAX_NESTING + " levels, fullchain's bound for a dashboard"
                    + " (Grafana's own exports nest a few levels)", 1, 1);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new JsonError(message, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw new JsonError("the top level is not a JSON object", 1, 1);
        }
        return new GrafanaDashboard(root);
    }

    public String title() {
        return root.path("title").asText("");
    }

    /** Whether this looks like a dashboard at all (a title and panels or rows). */
    public boolean isDashboard() {
        return root.has("panels") || root.has("rows") || root.has("dashboard");
    }

    /** The import inputs of a dashboard exported "for sharing externally" (__inputs: ${DS_PROMETHEUS} and the like). */
    public List<String> inputs() {
        List<String> out = new ArrayList<>();
        root.path("__inputs").forEach(i -> out.add(i.path("name").asText("")));
        return out;
    }

    public List<JsonNode> variables() {
        List<JsonNode> out = new ArrayList<>();
        body().path("templating").path("list").forEach(out::add);
        return out;
    }

    public List<Panel> panels() {
        List<Panel> out = new ArrayList<>();
        JsonNode b = body();
        collect(b.path("panels"), out, 0);
        b.path("rows").forEach(row -> collect(row.path("panels"), out, 1));
        return out;
    }

    /** Whether the dashboard has more panels than are read. */
    public boolean truncated() {
        List<Panel> out = new ArrayList<>();
        JsonNode b = body();
        collect(b.path("panels"), out, 0);
        b.path("rows").forEach(row -> collect(row.path("panels"), out, 1));
        return out.size() >= MAX_PANELS;
    }

    private static void collect(JsonNode panels, List<Panel> out, int depth) {
        for (JsonNode p : panels) {
            if (out.size() >= MAX_PANELS) {
                return;
            }
            List<Query> queries = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText(t.path("query").isTextual() ? t.path("query").asText() : "");
                JsonNode ds = t.hasNonNull("datasource") ? t.get("datasource") : p.path("datasource");
                queries.add(new Query(t.path("refId").asText(""), expr, ds));
            }
            out.add(new Panel(p.path("title").asText(""), p.path("type").asText(""), p.path("datasource"), List.copyOf(queries)));
            if (depth < 4) {
                collect(p.path("panels"), out, depth + 1);
            }
        }
    }

    /** A dashboard wrapped for the HTTP API ({"dashboard": {...}}) is read inside. */
    private JsonNode body() {
        return root.has("dashboard") && root.get("dashboard").isObject() ? root.get("dashboard") : root;
    }

    /** The datasource variables, by name, with the plugin type each picks ("prometheus", "loki"). */
    public Optional<String> variableType(String name) {
        for (JsonNode v : variables()) {
            if ("datasource".equals(v.path("type").asText()) && name.equals(v.path("name").asText())) {
                return Optional.of(v.path("query").asText("").toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** The variable a datasource names ($ds, ${ds}, [[ds]], {uid: "${ds}"}), if it names one. */
    public static Optional<String> variable(JsonNode datasource) {
        String s = datasource.isTextual() ? datasource.asText() : datasource.path("uid").asText("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\$\\{?(\\w+)(?::\\w+)?}?$|^\\[\\[(\\w+)]]$").matcher(s.strip());
        return m.matches() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
    }

    /** "prometheus", "loki", or empty when the datasource says neither (null: Grafana's default). */
    public Optional<String> kind(JsonNode datasource) {
        if (datasource == null || datasource.isMissingNode() || datasource.isNull()) {
            return Optional.empty();
        }
        String type = datasource.path("type").asText("").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("$")) {
            return Optional.of(type);
        }
        Optional<String> viaVariable = variable(datasource).flatMap(this::variableType);
        if (viaVariable.isPresent()) {
            return viaVariable;
        }
        String name = (datasource.isTextual() ? datasource.asText() : datasource.path("uid").asText("")).toLowerCase(Locale.ROOT);
        return name.contains("loki") ? Optional.of("loki") : name.contains("prometheus") ? Optional.of("prometheus") : Optional.empty();
    }

    /** Whether the datasource is written at all (an absent one is Grafana's default). */
    public static boolean written(JsonNode datasource) {
        return datasource != null && !datasource.isMissingNode() && !datasource.isNull();
    }

    /** The datasource as written, for messages. */
    public static String describe(JsonNode datasource) {
        return written(datasource) ? datasource.toString() : "none (Grafana's default)";
    }
}
