package dev.codeexec.api.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The shape of every problem+json error (RFC 9457) as the OpenAPI document shows it. Only the
 * document uses it: {@link Problems} writes the bodies.
 */
@Schema(name = "ProblemDetail", description = "An error, application/problem+json (RFC 9457): the first offending "
        + "field in 'field', all of them in 'errors'.")
record ProblemBody(
        @Schema(example = "about:blank") String type,
        @Schema(example = "Bad Request", requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(example = "400", requiredMode = Schema.RequiredMode.REQUIRED) int status,
        @Schema(example = "'language' is required") String detail,
        @Schema(example = "/api/v1/submissions") String instance,
        @Schema(description = "the first offending field", example = "language") String field,
        @Schema(description = "every offending field with its reason") List<FieldReason> errors,
        @Schema(description = "with 429 and 503: seconds to wait before retrying (also the Retry-After header)",
                example = "5") Long retryAfterSeconds) {

    /** One offending field and why. */
    @Schema(name = "FieldReason")
    record FieldReason(@Schema(example = "language") String field,
            @Schema(example = "'language' is required") String reason) {
    }
}
