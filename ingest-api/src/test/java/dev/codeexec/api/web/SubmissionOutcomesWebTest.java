package dev.codeexec.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/** {@code codeexec.api.submissions}: each submission counted once, by outcome and refusal reason. */
@WebMvcTest(properties = {"codeexec.api.key=test-key", "codeexec.api.max-body-kb=4"})
@Import(WebSliceConfig.class)
class SubmissionOutcomesWebTest {

    @Autowired MockMvc mvc;
    @Autowired MeterRegistry registry;

    @Test
    void countsAcceptedAndRefusedSubmissionsByReasonAndBatchItemsOneByOne() throws Exception {
        // the context (and its registry) is shared with the other web tests: compare with before
        double accepted = count("accepted", "none");
        double invalid = count("refused", "invalid");
        double unauthenticated = count("refused", "unauthenticated");
        double tooLarge = count("refused", "too_large");
        double unprocessable = count("refused", "unprocessable");

        mvc.perform(submit("/api/v1/submissions", "{\"language\":\"python\",\"source\":\"print(1)\"}")
                .header("X-Api-Key", "test-key")).andExpect(status().isAccepted());
        mvc.perform(submit("/api/v1/submissions", "{\"language\":\"cobol\",\"source\":\"x\"}")
                .header("X-Api-Key", "test-key")).andExpect(status().isBadRequest());
        mvc.perform(submit("/api/v1/submissions", "{\"language\":\"python\",\"source\":\"print(1)\"}"))
                .andExpect(status().isUnauthorized());
        mvc.perform(submit("/api/v1/submissions", "{\"language\":\"python\",\"source\":\"" + "x".repeat(5000) + "\"}")
                .header("X-Api-Key", "test-key")).andExpect(status().isContentTooLarge());
        mvc.perform(submit("/api/v1/submissions", "{\"language\":\"python\",\"source\":\"x\",\"limits\":{\"cpuTimeMs\":999999}}")
                .header("X-Api-Key", "test-key")).andExpect(status().isUnprocessableContent());
        mvc.perform(submit("/api/v1/submissions/batch", "{\"submissions\":[{\"language\":\"python\",\"source\":\"print(1)\"},"
                + "{\"language\":\"python\",\"source\":\"print(2)\"},{\"language\":\"cobol\",\"source\":\"x\"}]}")
                .header("X-Api-Key", "test-key")).andExpect(status().isOk());

        assertThat(count("accepted", "none") - accepted).isEqualTo(3);
        assertThat(count("refused", "invalid") - invalid).isEqualTo(2);
        assertThat(count("refused", "unauthenticated") - unauthenticated).isEqualTo(1);
        assertThat(count("refused", "too_large") - tooLarge).isEqualTo(1);
        assertThat(count("refused", "unprocessable") - unprocessable).isEqualTo(1);
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder submit(String path,
            String body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private double count(String outcome, String reason) {
        Counter counter = registry.find(SubmissionOutcomes.NAME).tag("outcome", outcome).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
