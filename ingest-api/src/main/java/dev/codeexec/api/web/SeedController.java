package dev.codeexec.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SeedSubmissions;
import dev.codeexec.schemas.SubmissionStatus;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** The original engine's endpoints, with the same fields and messages, under {@code /api/v1/submission}. */
@RestController
@RequestMapping("/api/v1/submission")
class SeedController {

    static final String UPLOADED = "File uploaded and pushed to queue successfully";
    static final String FETCHED = "Executed URL fetched successfully";
    static final String NOT_YET = "Execution has not finished yet; ask again shortly";

    private final SeedSubmissions seed;

    SeedController(SeedSubmissions seed) {
        this.seed = seed;
    }

    /** The answer to an upload or a URL submission. */
    record UploadAnswer(String message, String id, String fileName) {
    }

    /** The answer to {@code GET /submission/url}: {@code executedUrl} is null until the run finished. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ExecutedUrlAnswer(String message, String codeId,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(nullable = true) String executedUrl, String status,
            String verdict) {
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Kafka holds the submission",
            content = @Content(schema = @Schema(implementation = UploadAnswer.class),
                    examples = @ExampleObject(value = ApiExamples.UPLOADED)))
    @ProblemResponses({400, 401, 413, 422, 429, 503})
    UploadAnswer upload(Caller caller, @RequestPart("sourceCode") MultipartFile sourceCode,
            @RequestParam(required = false) String language, @RequestParam(required = false) String stdin,
            MultipartHttpServletRequest form,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
        givenOnce(form.getFiles("sourceCode").size(), "sourceCode");
        givenOnce(count(form.getParameterValues("language")), "language");
        givenOnce(count(form.getParameterValues("stdin")), "stdin");
        SeedSubmissions.Uploaded uploaded = seed.upload(caller, sourceCode.getOriginalFilename(), sourceCode.getBytes(),
                language, stdin, Optional.ofNullable(idempotencyKey));
        return answer(UPLOADED, uploaded);
    }

    /** The body of {@code POST /submission/url}. */
    record UrlRequest(String url, String language, String stdin) {
    }

    @PostMapping(path = "/url", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the source was fetched and Kafka holds the submission",
            content = @Content(schema = @Schema(implementation = UploadAnswer.class),
                    examples = @ExampleObject(value = ApiExamples.UPLOADED)))
    @ProblemResponses({400, 401, 413, 422, 429, 503})
    UploadAnswer fromUrl(Caller caller, @RequestBody UrlRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Optional<String> key = Optional.ofNullable(idempotencyKey);
        SeedSubmissions.Uploaded uploaded = request == null ? seed.fromUrl(caller, null, null, null, key)
                : seed.fromUrl(caller, request.url(), request.language(), request.stdin(), key);
        return answer(UPLOADED, uploaded);
    }

    /** 200 with {@code executedUrl} once the run finished; 202 with the status before. */
    @GetMapping(path = "/url", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the run finished: 'executedUrl' links to its output",
            content = @Content(schema = @Schema(implementation = ExecutedUrlAnswer.class),
                    examples = @ExampleObject(value = ApiExamples.EXECUTED_URL)))
    @ApiResponse(responseCode = "202", description = "not finished yet: ask again shortly",
            content = @Content(schema = @Schema(implementation = ExecutedUrlAnswer.class),
                    examples = @ExampleObject(value = ApiExamples.NOT_EXECUTED_YET)))
    @ProblemResponses({400, 401, 404, 503})
    ResponseEntity<ExecutedUrlAnswer> executedUrl(Caller caller, @RequestParam String id) {
        SeedSubmissions.ExecutedUrl executed = seed.executedUrl(caller, id);
        boolean done = SubmissionStatus.COMPLETED.name().equals(executed.status());
        ExecutedUrlAnswer body = new ExecutedUrlAnswer(done ? FETCHED : NOT_YET, executed.id(),
                executed.url().orElse(null), executed.status(), executed.verdict());
        return ResponseEntity.status(done ? HttpStatus.OK : HttpStatus.ACCEPTED).body(body);
    }

    /** A field given twice is ambiguous: Spring would take the first file, and join two texts with a comma. */
    private static void givenOnce(int times, String field) {
        if (times > 1) {
            throw Refusal.invalid(field, "is given " + times + " times; give it once");
        }
    }

    private static int count(String[] values) {
        return values == null ? 0 : values.length;
    }

    private static UploadAnswer answer(String message, SeedSubmissions.Uploaded uploaded) {
        return new UploadAnswer(message, uploaded.id(), uploaded.fileName());
    }
}
