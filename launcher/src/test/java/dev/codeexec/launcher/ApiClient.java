package dev.codeexec.launcher;

import dev.codeexec.schemas.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A minimal client of the REST API, as a user's program would call it. */
final class ApiClient {

    /** One HTTP answer: status, content type and the body parsed as JSON (or null). */
    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            return Json.mapper().readTree(body);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String key;

    ApiClient(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    Answer submit(String json) {
        return submit(json, Map.of());
    }

    /** POST with extra request headers (a {@code traceparent}, say). */
    Answer submit(String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/submissions"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request);
    }

    Answer get(String id) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/submissions/" + id))
                .header("X-Api-Key", key)
                .GET());
    }

    Answer getWithoutKey(String id) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/submissions/" + id)).GET());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
