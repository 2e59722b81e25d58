package dev.codeexec.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackPeekTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"submissionId\":\"a\",\"callbackUrl\":\"https://example.com/hook\"}|true",
            "{\"submissionId\":\"a\",\"callbackUrl\":null}|false",
            "{\"submissionId\":\"a\",\"runs\":[{\"stdout\":{\"data\":\"\\\"callbackUrl\\\"\"}}]}|false",
            "{\"submissionId\":\"a\",\"metadata\":{\"callbackUrl\":\"https://example.com\"}}|false",
            "{\"metadata\":{\"callbackUrl\":\"x\"},\"callbackUrl\":\"https://example.com/hook\"}|true",
            "{\"callback\\u0055rl\":\"https://example.com/hook\"}|true",
            "{\"submissionId\":\"a\"}|false",
            "not json|true",
            "[1,2]|true",
            "{\"submissionId\":|true",
    })
    void answersMaybeForEveryRecordThatCouldAskForAWebhook(String json, boolean maybe) {
        assertThat(CallbackPeek.mayHaveCallback(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(maybe);
    }
}
