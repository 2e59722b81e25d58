package dev.codeexec.api.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.SourceFile;
import dev.codeexec.schemas.v1.TestCase;
import java.util.List;
import java.util.Map;

/**
 * What a client asks to run: the body of {@code POST /api/v1/submissions}. Give {@code source}, or
 * {@code files} with an {@code entrypoint}; {@code stdin}/{@code expectedOutput}, or
 * {@code testCases}. {@code compareMode} is {@code exact} or {@code trim} (default).
 * {@code compilerOptions} go to the compiler as separate argv entries, literally. Left out of the
 * idempotency hash when absent (NON_NULL), so hashes stored before the field existed still match.
 */
public record SubmissionRequest(
        String language,
        String source,
        List<SourceFile> files,
        String entrypoint,
        String stdin,
        List<String> args,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> compilerOptions,
        List<TestCase> testCases,
        String expectedOutput,
        String compareMode,
        Limits limits,
        Map<String, String> metadata,
        String callbackUrl) {

    /** The simplest request: one source file and its stdin. */
    public static SubmissionRequest of(String language, String source, String stdin) {
        return new SubmissionRequest(language, source, null, null, stdin, null, null, null, null, null, null, null,
                null);
    }
}
