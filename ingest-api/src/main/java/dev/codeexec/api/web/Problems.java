package dev.codeexec.api.web;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.json.FieldError;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem bodies: title, status, detail, and the offending {@code field} with all {@code errors}. */
final class Problems {

    private Problems() {
    }

    static HttpStatus status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    static ProblemDetail of(Refusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(refusal.kind()), refusal.getMessage());
        withErrors(problem, refusal.errors());
        if (refusal.retryAfterSeconds() > 0) {
            problem.setProperty("retryAfterSeconds", refusal.retryAfterSeconds());
        }
        return problem;
    }

    static ProblemDetail of(HttpStatus status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (field != null) {
            withErrors(problem, List.of(new FieldError(field, detail)));
        }
        return problem;
    }

    static void withErrors(ProblemDetail problem, List<FieldError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        problem.setProperty("field", errors.get(0).field());
        problem.setProperty("errors", errors.stream()
                .map(e -> Map.of("field", e.field(), "reason", e.reason())).toList());
    }
}
