package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Bytes a program wrote. {@code data} is the text itself when the bytes are valid UTF-8 without
 * NUL and JSON escaping at most doubles them ({@code encoding = utf8}), and their base64
 * otherwise ({@code encoding = base64}). So binary, NUL and invalid UTF-8 all survive JSON; no
 * output of n bytes costs a record more than {@link #maxEncodedBytes(long)} (a control character
 * escaped in JSON takes 6 bytes, so a flood of them is base64); and no output puts a
 * {@code \u0000} escape in a JSON document that PostgreSQL's {@code jsonb} must hold (it refuses
 * it). {@code truncated} says the output passed a cap.
 */
public record Output(String data, String encoding, boolean truncated) {

    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    public static Output empty() {
        return new Output("", UTF8, false);
    }

    /** Encodes bytes as text where that is valid and cheap (see the class), as base64 otherwise. */
    public static Output of(byte[] bytes, boolean truncated) {
        Optional<String> text = utf8(bytes)
                .filter(t -> t.indexOf('\0') < 0 && jsonBytes(t) <= 2L * bytes.length);
        return text.map(t -> new Output(t, UTF8, truncated))
                .orElseGet(() -> new Output(Base64.getEncoder().encodeToString(bytes), BASE64, truncated));
    }

    /** The exact bytes the program wrote (up to the cap). */
    @JsonIgnore
    public byte[] bytes() {
        if (BASE64.equals(encoding)) {
            return Base64.getDecoder().decode(data);
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }

    /** What {@code data} costs a JSON record in UTF-8 (escapes included, quotes excluded). */
    @JsonIgnore
    public long encodedBytes() {
        return jsonBytes(data);
    }

    /** The most {@code data} of an output of {@code n} bytes can cost a JSON record: 2n + 4. */
    public static long maxEncodedBytes(long n) {
        return 2 * n + 4;
    }

    /** UTF-8 bytes of {@code s} inside a JSON string as Jackson writes it (controls escaped, the rest raw). */
    public static long jsonBytes(String s) {
        long total = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                total += 2;
            } else if (c < 0x20) {
                total += 6;
            } else if (c < 0x80) {
                total += 1;
            } else if (c < 0x800) {
                total += 2;
            } else if (Character.isSurrogate(c)) {
                total += 2;   // a pair takes 4 bytes in UTF-8
            } else {
                total += 3;
            }
        }
        return total;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }
}
