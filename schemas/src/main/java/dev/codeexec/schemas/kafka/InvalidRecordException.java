package dev.codeexec.schemas.kafka;

import dev.codeexec.schemas.json.FieldError;
import java.util.List;

/** A record that cannot be understood. Never retried: it belongs on a dead-letter topic. */
public class InvalidRecordException extends RuntimeException {

    /** Why a record could not be read; written to the {@code codeexec-dlt-reason} header. */
    public enum Reason {
        /** The record had no value (a tombstone or an empty byte array). */
        NULL_VALUE,
        /** The value is not a JSON object. */
        NOT_JSON,
        /** {@code schemaVersion} is missing, or not a version this reader knows. */
        UNKNOWN_VERSION,
        /** The document fails its JSON Schema or a rule of the contract. */
        SCHEMA_INVALID
    }

    private final Reason reason;
    private final List<FieldError> errors;

    public InvalidRecordException(Reason reason, String detail, List<FieldError> errors) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.errors = List.copyOf(errors);
    }

    public InvalidRecordException(Reason reason, String detail) {
        this(reason, detail, List.of());
    }

    public Reason reason() {
        return reason;
    }

    /** The field-level errors, when the reason is {@link Reason#SCHEMA_INVALID}. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The detail without the reason prefix. */
    public String detail() {
        String message = getMessage();
        return message.substring(message.indexOf(": ") + 2);
    }
}
