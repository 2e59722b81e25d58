package dev.codeexec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSignatureCheckTest {

    private static final String SECRET = "the-shared-secret-of-the-test";
    private static final long NOW = 1_800_000_000L;
    private static final byte[] BODY = "{\"verdict\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatureCheck check = new WebhookSignatureCheck(SECRET.getBytes(StandardCharsets.UTF_8),
            Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            genuine                        | true
            signed 4 minutes ago           | true
            body changed after signing     | false
            signed with another secret     | false
            signed 6 minutes ago (replay)  | false
            signed 6 minutes in the future | false
            v1 missing                     | false
            t not a number                 | false
            no header                      | false
            """)
    void acceptsOnlyAGenuineRecentSignatureOfTheExactBody(String request, boolean valid) {
        String genuine = Signatures.sign(SECRET, NOW, BODY);
        byte[] body = BODY;
        String header = switch (request) {
            case "genuine" -> genuine;
            case "signed 4 minutes ago" -> Signatures.sign(SECRET, NOW - 240, BODY);
            case "body changed after signing" -> {
                body = "{\"verdict\":\"WRONG_ANSWER\"}".getBytes(StandardCharsets.UTF_8);
                yield genuine;
            }
            case "signed with another secret" -> Signatures.sign("another-secret-of-the-test", NOW, BODY);
            case "signed 6 minutes ago (replay)" -> Signatures.sign(SECRET, NOW - 360, BODY);
            case "signed 6 minutes in the future" -> Signatures.sign(SECRET, NOW + 360, BODY);
            case "v1 missing" -> "t=" + NOW;
            case "t not a number" -> genuine.replace("t=" + NOW, "t=soon");
            case "no header" -> null;
            default -> throw new IllegalArgumentException(request);
        };

        assertThat(check.isValid(header, body)).isEqualTo(valid);
    }
}
