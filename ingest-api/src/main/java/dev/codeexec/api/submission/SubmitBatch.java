package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.v1.Submission;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Submits up to {@code max} requests at once. Each item is checked on its own; admission is decided
 * for the whole batch; then the valid items are recorded and published together (one wait for
 * Kafka's acknowledgements, not one per item), and the answer holds one id or one refusal per item,
 * in order.
 */
public final class SubmitBatch {

    private final SubmitSubmission submit;
    private final int max;

    public SubmitBatch(SubmitSubmission submit, int max) {
        this.submit = submit;
        this.max = max;
    }

    public List<ItemOutcome> submit(Caller caller, List<SubmissionRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw Refusal.invalid("submissions", "is required: a list of 1 to " + max + " submissions");
        }
        if (requests.size() > max) {
            throw Refusal.unprocessable(List.of(new FieldError("submissions",
                    "holds " + requests.size() + " submissions; at most " + max + " are allowed")));
        }
        List<ItemOutcome> items = new ArrayList<>();
        List<Submission> valid = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                valid.add(submit.prepare(caller, requests.get(i)));
                items.add(null);
            } catch (Refusal refusal) {
                items.add(ItemOutcome.refused(prefixed(refusal, i)));
            }
        }
        if (valid.isEmpty()) {
            return items;
        }
        submit.admit(caller, valid.size());
        Iterator<ItemOutcome> published = submit.publishPrepared(valid).iterator();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                items.set(i, published.next());
            }
        }
        return items;
    }

    private static Refusal prefixed(Refusal refusal, int index) {
        List<FieldError> errors = refusal.errors().stream()
                .map(e -> new FieldError("submissions[" + index + "]" + (e.field().isEmpty() ? "" : "." + e.field()),
                        e.reason()))
                .toList();
        return new Refusal(refusal.kind(), refusal.getMessage(), errors, refusal.retryAfterSeconds());
    }
}
