package dev.codeexec.api.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What each error status means for a client, and a body that shows it, for the OpenAPI document. */
record ProblemExample(String meaning, Map<String, Object> body) {

    static ProblemExample of(int status) {
        return switch (status) {
            case 400 -> field(400, "Bad Request", "the request is malformed or a field is invalid",
                    "'language' is required", "language");
            case 401 -> plain(401, "Unauthorized", "no API key, or one that is not valid",
                    "the API key is not valid", 0);
            case 403 -> plain(403, "Forbidden", "the key may not do this (an admin key is needed), or the link "
                    + "is not valid or has expired", "this needs an admin key", 0);
            case 404 -> plain(404, "Not Found", "nothing with this id for this key", "no submission 6c1f0d2e", 0);
            case 413 -> field(413, "Content Too Large", "the request body is over the size limit",
                    "the request body is over the size limit", "body");
            case 422 -> field(422, "Unprocessable Content", "well-formed, but a limit is above its maximum or the "
                    + "source cannot be used", "cpuTimeMs is above the maximum of 10000", "limits.cpuTimeMs");
            case 429 -> plain(429, "Too Many Requests", "the key's rate limit or in-flight cap is reached; retry "
                    + "after Retry-After", "rate limit of this API key reached", 1);
            case 503 -> plain(503, "Service Unavailable", "codeexec is busy or a dependency is down; nothing was "
                    + "accepted, retry after Retry-After", "codeexec is busy: retry later", 5);
            default -> throw new IllegalArgumentException("no problem example for status " + status);
        };
    }

    private static ProblemExample field(int status, String title, String meaning, String detail, String field) {
        Map<String, Object> body = base(status, title, detail);
        body.put("field", field);
        body.put("errors", List.of(Map.of("field", field, "reason", detail)));
        return new ProblemExample(meaning, body);
    }

    private static ProblemExample plain(int status, String title, String meaning, String detail, long retryAfter) {
        Map<String, Object> body = base(status, title, detail);
        if (retryAfter > 0) {
            body.put("retryAfterSeconds", retryAfter);
        }
        return new ProblemExample(meaning, body);
    }

    private static Map<String, Object> base(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return body;
    }
}
