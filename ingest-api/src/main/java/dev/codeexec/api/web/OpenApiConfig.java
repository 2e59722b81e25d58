package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /api/v1/openapi.json} (UI at {@code /api/v1/docs}). Success
 * responses carry their schema and example on the handlers; errors are listed with
 * {@link ProblemResponses} and all share the {@code ProblemDetail} schema registered here.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String PROBLEM = "ProblemDetail";

    static {
        // the caller comes from the API key, not from a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        // compile output and metadata are free-form JSON objects, not Jackson's node class
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class,
                new ObjectSchema().description("free-form JSON"));
    }

    @Bean
    OpenAPI codeexecOpenApi() {
        Components components = new Components()
                .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name("X-Api-Key"));
        ModelConverters.getInstance(true).readAll(new AnnotatedType(ProblemBody.class))
                .forEach(components::addSchemas);
        return new OpenAPI()
                .info(new Info().title("codeexec ingest API").version("v1")
                        .description("Submit programs to run in sandboxes and read their results. Errors are "
                                + "application/problem+json (RFC 9457) with 'field' and 'errors'."))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    /**
     * Fields of use-case records that are JSON null rather than absent (a list row before its
     * result, the last page's cursor, the backlog while unknown): the document says so, since
     * those records carry no OpenAPI annotations. {@code OpenApiDocumentTest} checks real answers.
     */
    @Bean
    OpenApiCustomizer nullableFields() {
        return openApi -> {
            nullable(openApi, "Page", "next");
            nullable(openApi, "ListedSubmission", "verdict", "finishedAt");
            nullable(openApi, "Status", "backlog");
        };
    }

    private static void nullable(OpenAPI openApi, String schema, String... fields) {
        Schema<?> owner = openApi.getComponents().getSchemas().get(schema);
        for (String field : fields) {
            Schema<?> property = owner.getProperties().get(field);
            property.addType("null");
        }
    }

    /** Adds the problem+json responses a handler names with {@link ProblemResponses}. */
    @Bean
    OperationCustomizer problemResponses() {
        return (operation, handler) -> {
            ProblemResponses statuses = handler.getMethodAnnotation(ProblemResponses.class);
            if (statuses == null) {
                return operation;
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            for (int status : statuses.value()) {
                ProblemExample example = ProblemExample.of(status);
                responses.addApiResponse(Integer.toString(status), new ApiResponse().description(example.meaning())
                        .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                                        .example(example.body()))));
            }
            return operation.responses(responses);
        };
    }
}
