package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.v1.Submission;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits up to {@code max} requests at once. Admission is decided for the whole batch; then each
 * item is checked and published on its own, and the answer holds one id or one refusal per item,
 * in order.
 */
public final class SubmitBatch {

    private final SubmitSubmission submit;
    private final int max;

    public SubmitBatch(SubmitSubmission submit, int max) {
        this.submit = submit;
        this.max = max;
    }

    /** The outcome of one item: exactly one of {@code accepted} and {@code refusal} is set. */
    public record Item(Accepted accepted, Refusal refusal) {
    }

    public List<Item> submit(Caller caller, List<SubmissionRequest> requests) {
        if (requests == null || requests.isEmpty()) {
            throw Refusal.invalid("submissions", "is required: a list of 1 to " + max + " submissions");
        }
        if (requests.size() > max) {
            throw Refusal.unprocessable(List.of(new FieldError("submissions",
                    "holds " + requests.size() + " submissions; at most " + max + " are allowed")));
        }
        List<Submission> prepared = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                prepared.add(submit.prepare(caller, requests.get(i)));
                items.add(null);
            } catch (Refusal refusal) {
                prepared.add(null);
                items.add(new Item(null, prefixed(refusal, i)));
            }
        }
        long valid = prepared.stream().filter(s -> s != null).count();
        if (valid > 0) {
            submit.admit(caller, (int) valid);
        }
        for (int i = 0; i < prepared.size(); i++) {
            if (prepared.get(i) == null) {
                continue;
            }
            try {
                items.set(i, new Item(submit.publishPrepared(prepared.get(i)), null));
            } catch (Refusal refusal) {
                items.set(i, new Item(null, refusal));
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
