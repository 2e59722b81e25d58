package dev.codeexec.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request hash behind Idempotency-Key: stable for old bodies, sensitive to every field; and the
 * id a key stands for: the same for every request with it, another for another tenant or key.
 */
class IdempotencyHashTest {

    @Test
    void aRequestWithoutCompilerOptionsHashesAsBeforeTheFieldExisted() {
        SubmissionRequest request = SubmissionRequest.of("python", "print(1)", "in");
        // the body as the record wrote it before compilerOptions existed: components in order, nulls written
        String before = "{\"language\":\"python\",\"source\":\"print(1)\",\"files\":null,\"entrypoint\":null,"
                + "\"stdin\":\"in\",\"args\":null,\"testCases\":null,\"expectedOutput\":null,\"compareMode\":null,"
                + "\"limits\":null,\"metadata\":null,\"callbackUrl\":null}";

        assertThat(Json.mapper().writeValueAsString(request)).doesNotContain("compilerOptions");
        assertThat(SubmitSubmission.hash(request)).isEqualTo(sha256(before))
                .isEqualTo("4f9cf45f71e8c44be26c4e779ef8fbc2c6ec02e934da143b18ebd8029438d1a1");
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void differentCompilerOptionsAreADifferentBody() {
        assertThat(SubmitSubmission.hash(cpp(List.of("-O0")))).isNotEqualTo(SubmitSubmission.hash(cpp(List.of("-O2"))))
                .isNotEqualTo(SubmitSubmission.hash(cpp(null)));
        assertThat(SubmitSubmission.hash(cpp(List.of("-O0")))).isEqualTo(SubmitSubmission.hash(cpp(List.of("-O0"))));
    }

    @Test
    void metadataInAnyOrderIsTheSameBodyAndHashesAsStoredBefore() {
        java.util.Map<String, String> forward = new java.util.LinkedHashMap<>();
        forward.put("course", "algo-101");
        forward.put("attempt", "3");
        java.util.Map<String, String> backward = new java.util.LinkedHashMap<>();
        backward.put("attempt", "3");
        backward.put("course", "algo-101");

        String hash = SubmitSubmission.hash(withMetadata(forward));

        assertThat(SubmitSubmission.hash(withMetadata(backward))).isEqualTo(hash);
        // the hash a row stored for this body before the canonical form was written with sorted map keys
        assertThat(hash).isEqualTo("98da5ef93f6f1f3f5f4f2c0a124a058821bb3f1b26271e08d6d8c5b8afbd8bbf");
    }

    private static SubmissionRequest withMetadata(java.util.Map<String, String> metadata) {
        return new SubmissionRequest("python", "print(1)", null, null, "in", null, null, null, null, null, null,
                metadata, null);
    }

    private static SubmissionRequest cpp(List<String> options) {
        return new SubmissionRequest("cpp", "int main(){}", null, null, null, null, options, null, null, null, null,
                null, null);
    }

    @Test
    void aKeyStandsForOneUuidPerTenant() {
        String id = SubmitSubmission.idFor("acme", "job-42");

        assertThat(id).isEqualTo(SubmitSubmission.idFor("acme", "job-42"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(SubmitSubmission.idFor("other", "job-42"))
                .isNotEqualTo(SubmitSubmission.idFor("acme", "job-43"));
        assertThat(java.util.UUID.fromString(id).version()).isEqualTo(8);
    }
}
