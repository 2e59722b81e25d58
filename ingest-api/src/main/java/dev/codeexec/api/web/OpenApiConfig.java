package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /api/v1/openapi.json} (UI at {@code /api/v1/docs}). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static {
        // the caller comes from the API key, not from a request parameter
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI codeexecOpenApi() {
        return new OpenAPI()
                .info(new Info().title("codeexec ingest API").version("v1")
                        .description("Submit programs to run in sandboxes and read their results. Errors are "
                                + "application/problem+json (RFC 9457) with 'field' and 'errors'."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
