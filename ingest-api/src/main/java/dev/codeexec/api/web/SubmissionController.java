package dev.codeexec.api.web;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.submission.Accepted;
import dev.codeexec.api.submission.QuerySubmissions;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SubmissionRequest;
import dev.codeexec.api.submission.SubmissionView;
import dev.codeexec.api.submission.ItemOutcome;
import dev.codeexec.api.submission.SubmitBatch;
import dev.codeexec.api.submission.SubmitSubmission;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.SubmissionStatus;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code /api/v1/submissions}: submit, read one, list the caller's own. */
@RestController
@RequestMapping("/api/v1/submissions")
class SubmissionController {

    private final SubmitSubmission submit;
    private final SubmitBatch batch;
    private final QuerySubmissions query;
    private final WaitPolicy waits;
    private final Following following;
    private final SubmissionOutcomes outcomes;

    SubmissionController(SubmitSubmission submit, SubmitBatch batch, QuerySubmissions query, WaitPolicy waits,
            Following following, SubmissionOutcomes outcomes) {
        this.submit = submit;
        this.batch = batch;
        this.query = query;
        this.waits = waits;
        this.following = following;
        this.outcomes = outcomes;
    }

    /** The body of {@code POST /submissions/batch}. */
    record BatchRequest(List<SubmissionRequest> submissions) {
    }

    /** A submission Kafka holds, as {@code POST /submissions} answers it with 202. */
    record Queued(String id, SubmissionStatus status) {
    }

    /** The answer to {@code POST /submissions/batch}: one item per submission, in the order given. */
    record BatchResponse(List<BatchItem> results) {
    }

    /** Either the accepted submission ({@code id}, {@code status}) or why it was refused ({@code error}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchItem(String id, SubmissionStatus status,
            @Schema(implementation = ProblemBody.class) ProblemDetail error) {
    }

    /**
     * One id or one error per item, in the order given; each item is counted ({@link SubmissionOutcomes}).
     * With an Idempotency-Key, a batch sent again answers the items made before and makes only the others.
     */
    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "one id or one problem per submission, in the order given",
            content = @Content(schema = @Schema(implementation = BatchResponse.class),
                    examples = @ExampleObject(value = ApiExamples.BATCH)))
    @ProblemResponses({400, 401, 413, 422, 429, 503})
    BatchResponse createBatch(Caller caller, @RequestBody BatchRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        List<BatchItem> results = new ArrayList<>();
        for (ItemOutcome item : batch.submit(caller, request == null ? null : request.submissions(),
                Optional.ofNullable(idempotencyKey))) {
            if (item.accepted() != null) {
                outcomes.accepted();
                results.add(new BatchItem(item.accepted().id(), item.accepted().status(), null));
            } else {
                outcomes.answered(Problems.status(item.refusal().kind()).value());
                results.add(new BatchItem(null, null, Problems.of(item.refusal())));
            }
        }
        return new BatchResponse(results);
    }

    /**
     * 202 {id, status} once Kafka holds the submission; with wait=true, 200 and the result if it
     * finishes in time. The wait holds no request thread: it follows the submission's events as
     * {@code GET /submissions/{id}/events} does (an async response, {@link DeferredResult}).
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "202", description = "Kafka holds the submission (Location: its URL); with "
            + "wait=true, it did not finish within the wait",
            content = @Content(schema = @Schema(implementation = Queued.class),
                    examples = @ExampleObject(value = ApiExamples.QUEUED)))
    @ApiResponse(responseCode = "200", description = "wait=true and it finished within the wait: the result",
            content = @Content(schema = @Schema(implementation = SubmissionView.class),
                    examples = @ExampleObject(value = ApiExamples.COMPLETED)))
    @ProblemResponses({400, 401, 413, 422, 429, 503})
    Object create(Caller caller, @RequestBody SubmissionRequest request,
            @RequestParam(defaultValue = "false") boolean wait,
            @RequestParam(required = false) Long waitMs,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Duration waitFor = wait ? waits.duration(waitMs) : Duration.ZERO;
        Accepted accepted = submit.submit(caller, request, Optional.ofNullable(idempotencyKey));
        ResponseEntity<Object> queued = ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/submissions/" + accepted.id()))
                .body(new Queued(accepted.id(), accepted.status()));
        if (!wait || waitFor.isZero()) {
            return queued;
        }
        DeferredResult<ResponseEntity<Object>> answer = new DeferredResult<>(waitFor.toMillis(), queued);
        SubmissionView first = query.find(caller, accepted.id());
        Following.Handle handle;
        try {
            handle = following.follow(caller, accepted.id(), first,
                    Following.Watcher.whenCompleted(view -> answer.setResult(ResponseEntity.ok(view))));
        } catch (Refusal tooManyFollowers) {
            return queued; // accepted all the same: a 503 now would invite a second submission
        }
        answer.onCompletion(handle::close);
        answer.onTimeout(() -> {
            // one last look, should the result have been stored without its event reaching this API
            SubmissionView now = query.find(caller, accepted.id());
            if (SubmissionStatus.COMPLETED.name().equals(now.status())) {
                answer.setResult(ResponseEntity.ok(now));
            }
        });
        return answer;
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the submission; the result fields once it is COMPLETED",
            content = @Content(schema = @Schema(implementation = SubmissionView.class),
                    examples = @ExampleObject(value = ApiExamples.COMPLETED)))
    @ProblemResponses({401, 404, 503})
    SubmissionView get(Caller caller, @PathVariable String id) {
        return query.find(caller, id);
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "the caller's submissions, newest first; 'next' is the "
            + "cursor of the next page",
            content = @Content(schema = @Schema(implementation = QuerySubmissions.Page.class),
                    examples = @ExampleObject(value = ApiExamples.PAGE)))
    @ProblemResponses({400, 401, 503})
    QuerySubmissions.Page list(Caller caller, @RequestParam(required = false) String status,
            @RequestParam(required = false) String language, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return query.list(caller, status, language, limit, cursor);
    }

    /** The wait a client may ask for: default and maximum come from configuration. */
    record WaitPolicy(Duration defaultWait, Duration maxWait) {

        Duration duration(Long waitMs) {
            if (waitMs == null) {
                return defaultWait;
            }
            if (waitMs < 0 || waitMs > maxWait.toMillis()) {
                throw Refusal.invalid("waitMs", "must be between 0 and " + maxWait.toMillis());
            }
            return Duration.ofMillis(waitMs);
        }
    }
}
