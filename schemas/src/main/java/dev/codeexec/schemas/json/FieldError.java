package dev.codeexec.schemas.json;

/**
 * One reason a document is invalid. {@code field} is a JSON Pointer-like dotted path
 * ({@code limits.cpuTimeMs}, {@code files[0].name}); empty for the document itself.
 */
public record FieldError(String field, String reason) {

    @Override
    public String toString() {
        return field.isEmpty() ? reason : field + ": " + reason;
    }
}
