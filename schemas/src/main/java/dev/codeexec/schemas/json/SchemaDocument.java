package dev.codeexec.schemas.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema (2020-12) documents shipped as resources under {@code /schemas/v1/}. Their
 * {@code $id}s are stable URNs, so other systems can vendor them.
 */
public enum SchemaDocument {
    SUBMISSION("submission.schema.json"),
    RESULT("result.schema.json"),
    STATUS("status.schema.json"),
    STATS("stats.schema.json");

    private final String fileName;

    SchemaDocument(String fileName) {
        this.fileName = fileName;
    }

    /** Classpath resource path, e.g. {@code /schemas/v1/submission.schema.json}. */
    public String resourcePath() {
        return "/schemas/v1/" + fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** The document's text. */
    public String text() {
        try (InputStream in = SchemaDocument.class.getResourceAsStream(resourcePath())) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resourcePath());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
