package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.QuerySubmissions;
import dev.codeexec.api.submission.SubmissionView;
import dev.codeexec.schemas.SubmissionStatus;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/submissions/{id}/events}: Server-Sent Events. First the current status, then
 * one {@code status} event per change seen on the status topic (and, while a submission with
 * several test cases runs, one {@code progress} event as each starts), then one {@code result} event
 * holding what {@code GET /submissions/{id}} answers once it is stored, then the stream ends. No
 * request thread is held while it waits.
 */
@RestController
@RequestMapping("/api/v1/submissions")
class SubmissionEventsController {

    private final QuerySubmissions query;
    private final Following following;
    private final Duration timeout;

    SubmissionEventsController(QuerySubmissions query, Following following,
            EventsPolicy policy) {
        this.query = query;
        this.following = following;
        this.timeout = policy.timeout();
    }

    /** How long one stream lasts at most. */
    record EventsPolicy(Duration timeout) {
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(responseCode = "200", description = "Server-Sent Events: 'status' events with {id, status}, then "
            + "one 'result' event with what GET /submissions/{id} answers, then the stream ends",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string", description = "an event stream (text/event-stream)"),
                    examples = @ExampleObject(value = ApiExamples.EVENTS)))
    @ProblemResponses({401, 404, 503})
    SseEmitter events(Caller caller, @PathVariable String id) {
        SubmissionView first = query.find(caller, id);
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Following.Handle handle = following.follow(caller, id, first, new Following.Watcher() {
            @Override
            public void status(SubmissionStatus status) {
                send(emitter, "status", Map.of("id", id, "status", status.name()));
            }

            @Override
            public void testCaseStarted(int testCase, int testCases) {
                send(emitter, "progress", Map.of("id", id, "status", SubmissionStatus.RUNNING.name(),
                        "testCase", testCase, "testCases", testCases));
            }

            @Override
            public void completed(SubmissionView view) {
                send(emitter, "result", view);
                emitter.complete();
            }
        });
        emitter.onCompletion(handle::close);
        emitter.onTimeout(() -> {
            handle.close();
            emitter.complete();
        });
        emitter.onError(e -> handle.close());
        return emitter;
    }

    private static void send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
        }
    }
}
