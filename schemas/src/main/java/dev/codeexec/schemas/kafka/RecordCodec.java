package dev.codeexec.schemas.kafka;

import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.json.SchemaDocument;
import dev.codeexec.schemas.json.SchemaValidator;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatsWindow;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.schemas.v1.Submission;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and writes one record type as JSON, validating against its schema both ways: a reader
 * never accepts, and a writer never emits, a document that breaks the contract.
 *
 * @param <T> the record type
 */
public final class RecordCodec<T> {

    public static final RecordCodec<Submission> SUBMISSION = new RecordCodec<>(
            Submission.class, SchemaDocument.SUBMISSION, Submission.VERSION, SubmissionRules::check);
    public static final RecordCodec<ExecutionResult> RESULT = new RecordCodec<>(
            ExecutionResult.class, SchemaDocument.RESULT, ExecutionResult.VERSION, r -> List.of());
    public static final RecordCodec<StatusEvent> STATUS = new RecordCodec<>(
            StatusEvent.class, SchemaDocument.STATUS, StatusEvent.VERSION, r -> List.of());
    public static final RecordCodec<StatsWindow> STATS = new RecordCodec<>(
            StatsWindow.class, SchemaDocument.STATS, StatsWindow.VERSION, r -> List.of());

    private final Class<T> type;
    private final SchemaDocument schema;
    private final int version;
    private final Function<T, List<FieldError>> rules;

    private RecordCodec(Class<T> type, SchemaDocument schema, int version,
            Function<T, List<FieldError>> rules) {
        this.type = type;
        this.schema = schema;
        this.version = version;
        this.rules = rules;
    }

    public Class<T> type() {
        return type;
    }

    /** Parses and validates; throws {@link InvalidRecordException} with the reason otherwise. */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidRecordException(InvalidRecordException.Reason.NULL_VALUE, "record has no value");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (JacksonException e) {
            throw new InvalidRecordException(InvalidRecordException.Reason.NOT_JSON,
                    "value is not JSON: " + e.getOriginalMessage());
        }
        return decode(tree);
    }

    /** Validates an already parsed tree and converts it. */
    public T decode(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidRecordException(InvalidRecordException.Reason.NOT_JSON, "value is not a JSON object");
        }
        JsonNode versionNode = tree.get("schemaVersion");
        if (versionNode == null || !versionNode.isIntegralNumber()) {
            throw new InvalidRecordException(InvalidRecordException.Reason.UNKNOWN_VERSION,
                    "schemaVersion is missing or not an integer",
                    List.of(new FieldError("schemaVersion", "must be the integer " + version)));
        }
        if (versionNode.asInt() != version) {
            throw new InvalidRecordException(InvalidRecordException.Reason.UNKNOWN_VERSION,
                    "schemaVersion " + versionNode.asText() + " is not supported (this reader knows " + version + ")",
                    List.of(new FieldError("schemaVersion", "unsupported version " + versionNode.asText())));
        }
        List<FieldError> errors = new ArrayList<>(SchemaValidator.instance().validate(schema, tree));
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        T value;
        try {
            value = Json.mapper().treeToValue(tree, type);
        } catch (JacksonException e) {
            throw new InvalidRecordException(InvalidRecordException.Reason.SCHEMA_INVALID,
                    "cannot bind: " + e.getOriginalMessage());
        }
        errors.addAll(rules.apply(value));
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return value;
    }

    /** Every reason {@code value} breaks the contract (schema and rules); empty when it is valid. */
    public List<FieldError> check(T value) {
        return check(value, Json.mapper().valueToTree(value));
    }

    private List<FieldError> check(T value, JsonNode tree) {
        List<FieldError> errors = new ArrayList<>(SchemaValidator.instance().validate(schema, tree));
        if (errors.isEmpty()) {
            errors.addAll(rules.apply(value));
        }
        return errors;
    }

    /** Writes JSON; refuses to write a record that breaks the contract. Serializes the record once. */
    public byte[] encode(T value) {
        JsonNode tree = Json.mapper().valueToTree(value);
        List<FieldError> errors = check(value, tree);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("refusing to write an invalid " + type.getSimpleName() + ": " + errors);
        }
        return Json.mapper().writeValueAsBytes(tree);
    }

    private static InvalidRecordException invalid(List<FieldError> errors) {
        String detail = String.join("; ", errors.stream().map(FieldError::toString).toList());
        return new InvalidRecordException(InvalidRecordException.Reason.SCHEMA_INVALID, detail, errors);
    }
}
