package dev.codeexec.launcher.cli;

import dev.codeexec.schemas.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The REST calls {@code ./codeexec run} makes. Every failure becomes a {@link CliFailure} with the
 * API's own words: a problem document's detail and field, or why nothing answered.
 */
final class StackClient {

    /** How many times {@link #submit} sends a submission the API answers 503 or 429, the first included. */
    static final int SUBMIT_ATTEMPTS = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ApiEndpoint endpoint;

    StackClient(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    String baseUrl() {
        return endpoint.baseUrl();
    }

    JsonNode languages() {
        return send(request("/api/v1/languages").GET(), 200);
    }

    /**
     * {@code POST /submissions}: the answer's id. The request carries an {@code Idempotency-Key} of
     * its own, so that while the API answers 503 (Kafka or PostgreSQL unavailable, the backlog too
     * long) or 429 (a rate or in-flight limit) it is sent again after the answer's
     * {@code Retry-After} (1 to 10 s), at most {@value #SUBMIT_ATTEMPTS} times in all, each retry
     * told to {@code notice}: a retry answers the same submission, never a second one.
     */
    String submit(JsonNode body, Consumer<String> notice) {
        return postKeyed("/api/v1/submissions", body, 202, json -> false, notice).path("id").asString();
    }

    /**
     * {@code POST /submissions/batch}: one {@code {id}} or {@code {error}} per item, in order. Sent
     * with an {@code Idempotency-Key} of its own and, like {@link #submit}, again while the API
     * answers 503 or 429, and also while an item's answer is a 503 (Kafka or PostgreSQL did not take
     * it): the key makes each item that was made the same submission again, so only the missing
     * ones are made. After the last attempt an item's 503 is its answer.
     */
    JsonNode submitBatch(JsonNode body, Consumer<String> notice) {
        return postKeyed("/api/v1/submissions/batch", body, 200, StackClient::anItemWasUnavailable, notice)
                .path("results");
    }

    /**
     * POSTs {@code body} under one fresh {@code Idempotency-Key}, again after {@code Retry-After}
     * while the answer is a 503 or 429, or an {@code ok} one that is {@code worthAnother}, at most
     * {@value #SUBMIT_ATTEMPTS} times in all: the last {@code ok} answer, or the refusal.
     */
    private JsonNode postKeyed(String path, JsonNode body, int ok, Predicate<JsonNode> worthAnother,
            Consumer<String> notice) {
        String key = "codeexec-run-" + UUID.randomUUID();
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = request(path).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            HttpResponse<String> response = exchange(request);
            int status = response.statusCode();
            JsonNode json = status == ok ? parse(response, request) : null;
            boolean again = json != null ? worthAnother.test(json) : status == 503 || status == 429;
            if (!again || attempt == SUBMIT_ATTEMPTS) {
                if (json != null) {
                    return json;
                }
                throw refusal(response, request);
            }
            long seconds = retryAfterSeconds(response);
            notice.accept((status == ok ? "the API did not take every item (503)" : "the API answered " + status
                    + " (" + problem(response.body()) + ")") + "; trying again in " + seconds + " s (attempt "
                    + (attempt + 1) + " of " + SUBMIT_ATTEMPTS + ")");
            pause(Duration.ofSeconds(seconds));
        }
    }

    /** Whether an item of a batch's answer is a 503: Kafka or PostgreSQL did not take it. */
    private static boolean anItemWasUnavailable(JsonNode answer) {
        for (JsonNode item : answer.path("results")) {
            if (item.path("error").path("status").asInt() == 503) {
                return true;
            }
        }
        return false;
    }

    /** The answer's {@code Retry-After} in seconds, within 1 to 10 (1 when it has none or it is not a number). */
    private static long retryAfterSeconds(HttpResponse<?> response) {
        try {
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").strip());
            return Math.max(1, Math.min(10, seconds));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.STACK, "interrupted");
        }
    }

    JsonNode submission(String id) {
        return send(request("/api/v1/submissions/" + id).GET(), 200);
    }

    /** One Server-Sent Event: its name and its data, parsed. */
    record Event(String name, JsonNode data) {
    }

    /**
     * Follows {@code GET /submissions/{id}/events} until the stream ends, handing each event to
     * {@code onEvent}, for at most {@code within}. False when the stream could not be opened or broke
     * (the caller polls instead): following is a nicety, the result can always be read.
     */
    boolean events(String id, Duration within, java.util.function.Consumer<Event> onEvent) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/submissions/" + id + "/events"))
                .header("Authorization", "Bearer " + endpoint.key()).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET().build();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "codeexec-run-events-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    return false;
                }
                timer.schedule(lines::close, within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                String name = null;
                for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event:")) {
                        name = line.substring("event:".length()).trim();
                    } else if (line.startsWith("data:") && name != null) {
                        onEvent.accept(new Event(name, Json.mapper().readTree(line.substring("data:".length()))));
                    } else if (line.isEmpty()) {
                        name = null;
                    }
                }
                return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            timer.shutdownNow();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .header("Authorization", "Bearer " + endpoint.key())
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30));
    }

    private JsonNode send(HttpRequest.Builder builder, int expected) {
        HttpRequest request = builder.build();
        HttpResponse<String> response = exchange(request);
        if (response.statusCode() == expected) {
            return parse(response, request);
        }
        throw refusal(response, request);
    }

    /** Sends the request; a failure to talk to the API at all is a {@link CliFailure} saying why. */
    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliFailure(ExitCode.STACK, "no codeexec API answers at " + endpoint.baseUrl()
                    + ": start the stack with ./codeexec up, or point --api (CODEEXEC_API_URL) at a running one");
        } catch (HttpTimeoutException e) {
            throw new CliFailure(ExitCode.STACK, "the API at " + endpoint.baseUrl() + " did not answer "
                    + request.method() + " " + request.uri().getPath() + " within 30 s");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.STACK, "talking to the API at " + endpoint.baseUrl() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.STACK, "interrupted");
        }
    }

    private CliFailure refusal(HttpResponse<String> response, HttpRequest request) {
        int status = response.statusCode();
        String why = problem(response.body());
        return switch (status) {
            case 401, 403 -> new CliFailure(ExitCode.STACK, "the API at " + endpoint.baseUrl() + " refused the key ("
                    + status + "): " + why + "; give the right one with --key or CODEEXEC_API_KEY");
            case 400, 404, 413, 415, 422, 429 -> new CliFailure(ExitCode.REFUSED, "refused (" + status + "): " + why
                    + response.headers().firstValue("Retry-After").map(s -> " (retry after " + s + " s)").orElse(""));
            default -> new CliFailure(ExitCode.STACK, request.method() + " " + request.uri().getPath() + " answered "
                    + status + ": " + why);
        };
    }

    /** A problem document's detail, with the field at fault when it names one. */
    private static String problem(String body) {
        try {
            JsonNode json = Json.mapper().readTree(body);
            String detail = json.path("detail").asString(json.path("title").asString(""));
            String field = json.path("field").asString("");
            if (!field.isEmpty() && !detail.contains(field)) {
                return field + ": " + detail;
            }
            return detail.isEmpty() ? abbreviated(body) : detail;
        } catch (JacksonException | IllegalArgumentException e) {
            return abbreviated(body);
        }
    }

    private JsonNode parse(HttpResponse<String> response, HttpRequest request) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (JacksonException e) {
            throw new CliFailure(ExitCode.STACK, request.method() + " " + request.uri().getPath()
                    + " answered something that is not JSON: " + abbreviated(response.body()));
        }
    }

    private static String abbreviated(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 200 ? b.substring(0, 200) + "..." : b;
    }
}
