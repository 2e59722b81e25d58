package dev.codeexec.schemas.json;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Validates JSON trees against the shipped {@link SchemaDocument}s. Thread-safe. */
public final class SchemaValidator {

    private static final SchemaValidator INSTANCE = new SchemaValidator();

    private final Map<SchemaDocument, Schema> schemas = new EnumMap<>(SchemaDocument.class);

    private SchemaValidator() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (SchemaDocument doc : SchemaDocument.values()) {
            schemas.put(doc, registry.getSchema(doc.text()));
        }
    }

    public static SchemaValidator instance() {
        return INSTANCE;
    }

    /** Every reason {@code document} does not satisfy {@code schema}; empty when it does. */
    public List<FieldError> validate(SchemaDocument schema, JsonNode document) {
        List<Error> errors = schemas.get(schema).validate(document);
        return errors.stream().map(SchemaValidator::toFieldError).toList();
    }

    private static FieldError toFieldError(Error error) {
        String field = dotted(error.getInstanceLocation());
        if (error.getProperty() != null && "required".equals(error.getKeyword())) {
            field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
        }
        String message = error.getMessage();
        // The library prefixes messages with the instance location; keep just the reason.
        int colon = message.indexOf(": ");
        if (message.startsWith("$") && colon > 0) {
            message = message.substring(colon + 2);
        }
        return new FieldError(field, message);
    }

    private static String dotted(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }
}
