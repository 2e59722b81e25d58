package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Whether a result record may ask for a webhook: one pass of the streaming parser over its
 * top-level fields, instead of a tree, the schema validation and the binding that the full
 * decode costs for every result, almost none of which has a {@code callbackUrl}. It answers
 * "maybe" for anything it cannot read, so the full decode still judges those.
 */
final class CallbackPeek {

    private CallbackPeek() {
    }

    static boolean mayHaveCallback(byte[] value) {
        if (value == null || value.length == 0) {
            return true;
        }
        try (JsonParser parser = Json.mapper().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return true;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken field = parser.nextToken();
                if ("callbackUrl".equals(name)) {
                    return field != JsonToken.VALUE_NULL;
                }
                parser.skipChildren();
            }
            return false;
        } catch (JacksonException unreadable) {
            return true;
        }
    }
}
