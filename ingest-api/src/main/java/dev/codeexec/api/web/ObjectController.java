package dev.codeexec.api.web;

import dev.codeexec.api.submission.ServeOutput;
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
