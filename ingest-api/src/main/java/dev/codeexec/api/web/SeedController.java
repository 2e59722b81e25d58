package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.SeedSubmissions;
import dev.codeexec.schemas.SubmissionStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

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

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> upload(Caller caller, @RequestPart("sourceCode") MultipartFile sourceCode,
            @RequestParam(required = false) String language, @RequestParam(required = false) String stdin)
            throws IOException {
        SeedSubmissions.Uploaded uploaded = seed.upload(caller, sourceCode.getOriginalFilename(), sourceCode.getBytes(),
                language, stdin);
        return answer(UPLOADED, uploaded);
    }

    /** The body of {@code POST /submission/url}. */
    record UrlRequest(String url, String language, String stdin) {
    }

    @PostMapping(path = "/url", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> fromUrl(Caller caller, @RequestBody UrlRequest request) {
        SeedSubmissions.Uploaded uploaded = request == null ? seed.fromUrl(caller, null, null, null)
                : seed.fromUrl(caller, request.url(), request.language(), request.stdin());
        return answer(UPLOADED, uploaded);
    }

    /** 200 with {@code executedUrl} once the run finished; 202 with the status before. */
    @GetMapping(path = "/url", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> executedUrl(Caller caller, @RequestParam String id) {
        SeedSubmissions.ExecutedUrl executed = seed.executedUrl(caller, id);
        Map<String, Object> body = new LinkedHashMap<>();
        boolean done = SubmissionStatus.COMPLETED.name().equals(executed.status());
        body.put("message", done ? FETCHED : NOT_YET);
        body.put("codeId", executed.id());
        body.put("executedUrl", executed.url().orElse(null));
        body.put("status", executed.status());
        if (executed.verdict() != null) {
            body.put("verdict", executed.verdict());
        }
        return ResponseEntity.status(done ? HttpStatus.OK : HttpStatus.ACCEPTED).body(body);
    }

    private static Map<String, Object> answer(String message, SeedSubmissions.Uploaded uploaded) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("id", uploaded.id());
        body.put("fileName", uploaded.fileName());
        return body;
    }
}
