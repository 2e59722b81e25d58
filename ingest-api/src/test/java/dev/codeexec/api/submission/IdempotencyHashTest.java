package dev.codeexec.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request hash behind Idempotency-Key: stable for old bodies, sensitive to every field. */
class IdempotencyHashTest {

    @Test
    void aRequestWithoutCompilerOptionsHashesAsBeforeTheFieldExisted() {
        SubmissionRequest request = SubmissionRequest.of("python", "print(1)", "in");

        assertThat(Json.mapper().writeValueAsString(request)).doesNotContain("compilerOptions");
    }

    @Test
    void differentCompilerOptionsAreADifferentBody() {
        assertThat(SubmitSubmission.hash(cpp(List.of("-O0")))).isNotEqualTo(SubmitSubmission.hash(cpp(List.of("-O2"))))
                .isNotEqualTo(SubmitSubmission.hash(cpp(null)));
        assertThat(SubmitSubmission.hash(cpp(List.of("-O0")))).isEqualTo(SubmitSubmission.hash(cpp(List.of("-O0"))));
    }

    private static SubmissionRequest cpp(List<String> options) {
        return new SubmissionRequest("cpp", "int main(){}", null, null, null, null, options, null, null, null, null,
                null, null);
    }
}
