package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.api.support.BrokerIntegrationTestBase;
import dev.codeexec.api.support.IntegrationTest;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document the running API serves, read as a client generator would: valid by the
 * OpenAPI validator, every response typed, every success shown by an example, every error the
 * one problem+json schema.
 */
@IntegrationTest
class OpenApiDocumentTest extends BrokerIntegrationTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM_REF = "#/components/schemas/ProblemDetail";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private String document;
    private JsonNode root;

    @BeforeEach
    void fetch() throws Exception {
        HttpResponse<String> doc = send(HttpRequest.newBuilder(uri("/api/v1/openapi.json")).GET().build());
        assertThat(doc.statusCode()).isEqualTo(200);
        document = doc.body();
        root = JSON.readTree(document);
    }

    @Test
    void theOpenApiValidatorFindsNothingToReport() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(result.getMessages()).as("validation messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getPaths()).containsKey("/api/v1/submissions");
    }

    /** The same validator reports a document with an operation that has no responses: it is not a no-op. */
    @Test
    void theValidatorReportsADefectiveCopyOfTheDocument() {
        ObjectNode broken = (ObjectNode) root.deepCopy();
        ((ObjectNode) broken.get("paths").get("/api/v1/languages").get("get"))
                .remove("responses");
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken.toString(), null, new ParseOptions());
        assertThat(result.getMessages()).anyMatch(m -> m.contains("responses"));
    }

    @Test
    void everySuccessIsTypedWithAnExampleAndEveryErrorIsAProblem() {
        List<String> defects = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                defects.addAll(defects(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue()));
            }
        }
        assertThat(operations).as("operations in the document").isGreaterThanOrEqualTo(14);
        assertThat(defects).isEmpty();
    }

    /** An example a client copies must be what the schema allows: they are checked against each other. */
    @Test
    void everyExampleIsAnInstanceOfItsSchema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> defects = new ArrayList<>();
        int examples = 0;
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> response : op.getValue().get("responses").properties()) {
                    for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
                        JsonNode example = media.getValue().get("example");
                        if (example == null || media.getKey().startsWith("text/")
                                || media.getKey().equals("application/octet-stream")) {
                            continue; // bytes and event streams are text, not JSON instances
                        }
                        examples++;
                        // the schema with the document's components, so that its $refs resolve
                        ObjectNode schema = (ObjectNode) media.getValue().get("schema").deepCopy();
                        schema.set("components", root.get("components"));
                        registry.getSchema(schema).validate(example).forEach(error -> defects.add(op.getKey() + " "
                                + path.getKey() + " " + response.getKey() + ": " + error.getMessage()));
                    }
                }
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(40);
        assertThat(defects).isEmpty();
    }

    /**
     * Real answers of the running API are instances of what the document says for their operation
     * and status, with no top-level field the document does not name.
     */
    @Test
    void realAnswersMatchTheirDocumentedSchemas() throws Exception {
        HttpResponse<String> queued = postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"python\",\"source\":\"print(1)\"}");
        String id = JSON.readTree(queued.body()).get("id").asString();
        List<String> defects = new ArrayList<>();
        defects.addAll(mismatches("post", "/api/v1/submissions", queued));
        defects.addAll(mismatches("get", "/api/v1/submissions/{id}", getWithKey("/api/v1/submissions/" + id, "it-key")));
        defects.addAll(mismatches("get", "/api/v1/submissions", getWithKey("/api/v1/submissions?limit=2", "it-key")));
        defects.addAll(mismatches("get", "/api/v1/languages", getWithKey("/api/v1/languages", "it-key")));
        defects.addAll(mismatches("get", "/api/v1/admin/status", getWithKey("/api/v1/admin/status", "it-admin-key")));
        defects.addAll(mismatches("post", "/api/v1/submissions/batch", postJson("/api/v1/submissions/batch", "it-key",
                "{\"submissions\":[{\"language\":\"python\",\"source\":\"print(2)\"},{\"source\":\"x\"}]}")));
        defects.addAll(mismatches("post", "/api/v1/submissions", postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"python\"}")));
        defects.addAll(mismatches("post", "/api/v1/submissions", postJson("/api/v1/submissions", "it-key",
                "{\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":99999999}}")));
        defects.addAll(mismatches("get", "/api/v1/submissions/{id}", getWithKey("/api/v1/submissions/nope", "it-key")));
        defects.addAll(mismatches("get", "/api/v1/submissions/{id}", getWithKey("/api/v1/submissions/" + id, "bad")));
        defects.addAll(mismatches("get", "/api/v1/admin/status", getWithKey("/api/v1/admin/status", "it-key")));
        assertThat(defects).isEmpty();
    }

    private List<String> mismatches(String method, String path, HttpResponse<String> response) throws Exception {
        String where = method + " " + path + " " + response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", "");
        JsonNode media = root.path("paths").path(path).path(method).path("responses")
                .path(Integer.toString(response.statusCode())).path("content").path(type);
        if (media.isMissingNode()) {
            return List.of(where + ": the document has no " + type + " answer for this status: " + response.body());
        }
        ObjectNode schema = JSON.createObjectNode();
        schema.set("allOf", JSON.createArrayNode().add(media.get("schema").deepCopy()));
        schema.set("components", root.get("components"));
        if (!media.get("schema").path("type").asString("").equals("array")) {
            schema.put("unevaluatedProperties", false);
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema)
                .validate(JSON.readTree(response.body())).stream()
                .map(error -> where + ": " + error.getMessage() + " in " + response.body()).toList();
    }

    @Test
    void operationsBehindTheKeyDocumentTheRefusalOfAMissingKey() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : root.get("paths").properties()) {
            if (path.getKey().startsWith("/api/v1/objects/")) {
                continue; // a signed link, no key
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey()) && !op.getValue().get("responses").has("401")) {
                    missing.add(op.getKey() + " " + path.getKey());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private List<String> defects(String name, JsonNode operation) {
        List<String> defects = new ArrayList<>();
        JsonNode responses = operation.get("responses");
        boolean anySuccess = false;
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
            String code = response.getKey();
            JsonNode content = response.getValue().get("content");
            boolean success = code.startsWith("2");
            anySuccess |= success;
            if (content == null || content.isEmpty()) {
                if (!code.equals("204")) {
                    defects.add(name + " " + code + ": no content");
                }
                continue;
            }
            for (Map.Entry<String, JsonNode> media : content.properties()) {
                String where = name + " " + code + " " + media.getKey();
                JsonNode schema = media.getValue().get("schema");
                if (success) {
                    if (!typed(schema)) {
                        defects.add(where + ": untyped schema " + schema);
                    }
                    if (!media.getValue().has("example") && !media.getValue().has("examples")) {
                        defects.add(where + ": no example");
                    }
                } else if (!media.getKey().equals("application/problem+json") || schema == null
                        || !PROBLEM_REF.equals(schema.path("$ref").asString(""))) {
                    defects.add(where + ": not a problem+json ProblemDetail " + schema);
                }
            }
        }
        if (!anySuccess) {
            defects.add(name + ": no success response");
        }
        return defects;
    }

    /** A $ref, an object with properties, a scalar, or an array of such: not a bare object. */
    private static boolean typed(JsonNode schema) {
        if (schema == null || schema.isEmpty()) {
            return false;
        }
        if (schema.has("$ref")) {
            return true;
        }
        String type = schema.has("type") ? schema.get("type").isArray() ? schema.get("type").get(0).asString()
                : schema.get("type").asString() : "";
        return switch (type) {
            case "object" -> schema.has("properties") && !schema.get("properties").isEmpty();
            case "array" -> typed(schema.get("items"));
            case "string", "integer", "number", "boolean" -> true;
            default -> false;
        };
    }
}
