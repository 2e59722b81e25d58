package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Bytes a program wrote. {@code data} is the text itself when the bytes are valid UTF-8
 * ({@code encoding = utf8}), and their base64 otherwise ({@code encoding = base64}), so binary,
 * NUL and invalid UTF-8 all survive JSON. {@code truncated} says the output passed its cap.
 */
public record Output(String data, String encoding, boolean truncated) {

    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    public static Output empty() {
        return new Output("", UTF8, false);
    }

    /** Encodes bytes as text where they are valid UTF-8, as base64 otherwise. */
    public static Output of(byte[] bytes, boolean truncated) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return new Output(text, UTF8, truncated);
        } catch (CharacterCodingException notUtf8) {
            return new Output(Base64.getEncoder().encodeToString(bytes), BASE64, truncated);
        }
    }

    /** The exact bytes the program wrote (up to the cap). */
    @JsonIgnore
    public byte[] bytes() {
        if (BASE64.equals(encoding)) {
            return Base64.getDecoder().decode(data);
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }
}
