package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** One file of a multi-file program. {@code encoding} is {@code utf8} (default) or {@code base64}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceFile(String name, String content, String encoding) {

    public static SourceFile utf8(String name, String content) {
        return new SourceFile(name, content, null);
    }

    /** The file's bytes, decoding base64 where asked. */
    public byte[] bytes() {
        if ("base64".equals(encoding)) {
            return Base64.getDecoder().decode(content);
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
