package dev.codeexec.web;

import dev.codeexec.schemas.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;

/** RFC 9457 problem bodies written straight to a servlet response, outside Spring MVC (a filter, a valve). */
public final class ProblemBodies {

    private ProblemBodies() {
    }

    /** Writes status, title, detail and, when {@code field} is not null, the field at fault with its reason. */
    public static void write(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("field", field);
            body.put("errors", List.of(Map.of("field", field, "reason", detail)));
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(body));
    }
}
