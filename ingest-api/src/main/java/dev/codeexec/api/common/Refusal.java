package dev.codeexec.api.common;

import dev.codeexec.schemas.json.FieldError;
import java.util.List;

/**
 * A request codeexec refuses, with the reason. The web layer turns each {@link Kind} into its HTTP
 * status and a problem+json body; nothing here knows HTTP.
 */
public final class Refusal extends RuntimeException {

    /** Why a request is refused. */
    public enum Kind {
        /** The request is malformed or breaks the contract (400). */
        INVALID,
        /** The caller gave no key, or a key that does not exist (401). */
        UNAUTHENTICATED,
        /** The key exists but may not do this (403). */
        FORBIDDEN,
        /** No such thing for this caller (404). */
        NOT_FOUND,
        /** The body is over the size cap (413). */
        TOO_LARGE,
        /** Well formed, but not allowed: a limit over its maximum, an idempotency key reused with another body (422). */
        UNPROCESSABLE,
        /** The caller is over its rate or in-flight limit (429). */
        TOO_MANY,
        /** codeexec cannot take work now: Kafka unreachable or the backlog too long (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final transient List<FieldError> errors;
    private final long retryAfterSeconds;

    public Refusal(Kind kind, String detail, List<FieldError> errors, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static Refusal invalid(List<FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(FieldError::toString).toList());
        return new Refusal(Kind.INVALID, detail, errors, 0);
    }

    public static Refusal invalid(String field, String reason) {
        return invalid(List.of(new FieldError(field, reason)));
    }

    public static Refusal unprocessable(List<FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(FieldError::toString).toList());
        return new Refusal(Kind.UNPROCESSABLE, detail, errors, 0);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, detail, List.of(), 0);
    }

    public static Refusal unavailable(String detail, long retryAfterSeconds) {
        return new Refusal(Kind.UNAVAILABLE, detail, List.of(), retryAfterSeconds);
    }

    public static Refusal tooMany(String detail, long retryAfterSeconds) {
        return new Refusal(Kind.TOO_MANY, detail, List.of(), retryAfterSeconds);
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Seconds the client should wait before retrying; 0 when retrying will not help. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
