package dev.codeexec.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.kafka.StorableText;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.Submission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTextAndOutputSizeTest {

    @Test
    void nulAndUnpairedSurrogatesCannotBeStoredButPairsAndControlsCan() {
        assertThat(StorableText.problem("a\0b")).get().asString().contains("NUL");
        assertThat(StorableText.problem("a\ud800")).get().asString().contains("U+D800");
        assertThat(StorableText.problem("\udc00a")).get().asString().contains("U+DC00");
        assertThat(StorableText.problem("😀 \u0001 \uffff")).isEmpty();
        assertThat(StorableText.clean("a\0b\ud800😀")).isEqualTo("a\uFFFDb\uFFFD😀");
    }

    @Test
    void theFieldsKeptAsTextAreNamedAndStrippedForReporting() {
        Submission s = new Submission(1, "s1", "t\0", "python", "print('\\0 is fine here')", null, null, "\0",
                null, null, null, null, null, null, Map.of("ok", "v", "k", "a\0b"), "https://x/\ud800",
                Instant.EPOCH);

        assertThat(StorableText.check(s)).extracting(FieldError::field)
                .containsExactly("tenant", "callbackUrl", "metadata.k");
        Submission storable = StorableText.storable(s);
        assertThat(StorableText.check(storable)).isEmpty();
        assertThat(storable.metadata()).isNull();
        assertThat(storable.callbackUrl()).isNull();
        assertThat(storable.tenant()).isEqualTo("t\uFFFD");
        assertThat(storable.stdin()).as("program data is untouched").isEqualTo("\0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"control", "nul", "newlines", "text", "binary", "mixed"})
    void anOutputNeverCostsMoreThanTwiceItsBytesPlusFour(String kind) {
        byte[] bytes = switch (kind) {
            case "control" -> filled(600_000, (byte) 1);
            case "nul" -> filled(1000, (byte) 0);
            case "newlines" -> filled(1000, (byte) '\n');
            case "text" -> "héllo wörld\n".repeat(100).getBytes(StandardCharsets.UTF_8);
            case "binary" -> filled(999, (byte) 0xff);
            default -> "a\u0001\"\\é\t".repeat(50).getBytes(StandardCharsets.UTF_8);
        };
        Output out = Output.of(bytes, false);

        long serialized = Json.mapper().writeValueAsString(out.data()).getBytes(StandardCharsets.UTF_8).length - 2;
        assertThat(out.encodedBytes()).as("the estimate is what Jackson writes").isEqualTo(serialized);
        assertThat(serialized).isLessThanOrEqualTo(Output.maxEncodedBytes(bytes.length));
        assertThat(out.bytes()).isEqualTo(bytes);
    }

    @Test
    void aControlCharacterFloodIsBase64AndPlainTextStaysText() {
        assertThat(Output.of(filled(10, (byte) 1), false).encoding()).isEqualTo(Output.BASE64);
        assertThat(Output.of("1\n2\n3\n".getBytes(StandardCharsets.UTF_8), false).encoding()).isEqualTo(Output.UTF8);
    }

    private static byte[] filled(int n, byte b) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, b);
        return bytes;
    }
}
