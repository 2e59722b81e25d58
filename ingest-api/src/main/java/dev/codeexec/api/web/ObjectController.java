package dev.codeexec.api.web;

import dev.codeexec.api.submission.ServeOutput;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/objects/{key}?expires=&signature=}: downloads an output behind an expiring
 * signed link. The signature is the credential; no API key is needed.
 */
@RestController
class ObjectController {

    static final String PREFIX = "/api/v1/objects/";
    private final ServeOutput serve;

    ObjectController(ServeOutput serve) {
        this.serve = serve;
    }

    @GetMapping(PREFIX + "**")
    @ApiResponse(responseCode = "200", description = "the output's exact bytes: text/plain when they are UTF-8, "
            + "else application/octet-stream",
            content = {
                @Content(mediaType = "text/plain", schema = @Schema(type = "string"),
                        examples = @ExampleObject(value = ApiExamples.OUTPUT)),
                @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary"),
                        examples = @ExampleObject(value = ApiExamples.OUTPUT))})
    @ProblemResponses({403, 404})
    ResponseEntity<byte[]> download(HttpServletRequest request, @RequestParam(required = false) String expires,
            @RequestParam(required = false) String signature) {
        String uri = request.getRequestURI();
        String key = uri.substring(uri.indexOf(PREFIX) + PREFIX.length());
        byte[] bytes = serve.serve(key, expires, signature);
        MediaType type = isUtf8(bytes) ? new MediaType("text", "plain", StandardCharsets.UTF_8)
                : MediaType.APPLICATION_OCTET_STREAM;
        return ResponseEntity.ok().contentType(type).header("Cache-Control", "private, no-store")
                .header("X-Content-Type-Options", "nosniff").body(bytes);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
