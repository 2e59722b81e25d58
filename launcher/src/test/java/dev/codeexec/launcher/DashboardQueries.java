package dev.codeexec.launcher;

import dev.codeexec.schemas.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The PromQL expressions of a Grafana dashboard JSON (every target of every panel, rows included)
 * and the metric names each one selects.
 */
final class DashboardQueries {

    /** The dashboard in the repository, from a module's working directory. */
    static final Path CODEEXEC = Path.of("").toAbsolutePath().getParent()
            .resolve("deploy/grafana/codeexec-dashboard.json");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

    private DashboardQueries() {
    }

    /** Each expression of the dashboard, in panel order, with the metric names it selects. */
    static Map<String, Set<String>> read(Path dashboard) throws IOException {
        JsonNode root = Json.mapper().readTree(Files.readString(dashboard));
        List<JsonNode> panels = new ArrayList<>();
        collect(root.path("panels"), panels);
        Map<String, Set<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    queries.put(expr, metricNames(expr));
                }
            }
        }
        return queries;
    }

    /** The metric names a PromQL expression selects: not functions, keywords or label names. */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = LABEL_LIST.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Every panel, also those inside rows. */
    static List<JsonNode> panels(Path dashboard) throws IOException {
        List<JsonNode> panels = new ArrayList<>();
        collect(Json.mapper().readTree(Files.readString(dashboard)).path("panels"), panels);
        return panels;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collect(panel.path("panels"), into);
        }
    }
}
