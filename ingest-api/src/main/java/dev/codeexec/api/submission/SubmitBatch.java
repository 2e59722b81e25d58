package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.v1.Submission;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits up to {@code max} requests at once. Each item is checked on its own; admission is decided
 * for the whole batch; then the valid items are recorded and published together (one wait for
 * Kafka's acknowledgements, not one per item), and the answer holds one id or one refusal per item,
 * in order.
 *
 * <p>With an idempotency key the batch can be sent again safely: item {@code i}'s id is derived from
 * the key and {@code i} ({@link SubmitSubmission#itemKey}), so an item that an earlier request with
 * the key made is answered as that submission (its id and status as they stand, nothing published),
 * an item given another body there is a 422 of its own, and only the items that no request made yet
 * are admitted and published: a retry after a 503, or after a broken connection, makes what is
 * missing and nothing twice.
 */
public final class SubmitBatch {

    private final SubmitSubmission submit;
    private final int max;

    public SubmitBatch(SubmitSubmission submit, int max) {
        this.submit = submit;
        this.max = max;
    }

    public List<ItemOutcome> submit(Caller caller, List<SubmissionRequest> requests, Optional<String> idempotencyKey) {
        if (requests == null || requests.isEmpty()) {
            throw Refusal.invalid("submissions", "is required: a list of 1 to " + max + " submissions");
        }
        if (requests.size() > max) {
            throw Refusal.unprocessable(List.of(new FieldError("submissions",
                    "holds " + requests.size() + " submissions; at most " + max + " are allowed")));
        }
        idempotencyKey.ifPresent(SubmitSubmission::checkKey);
        ItemOutcome[] items = new ItemOutcome[requests.size()];
        List<Item> valid = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            int index = i;
            String key = idempotencyKey.map(k -> SubmitSubmission.itemKey(k, index)).orElse(null);
            String id = key != null ? SubmitSubmission.idFor(caller.tenant(), key) : UUID.randomUUID().toString();
            try {
                Submission submission = submit.prepare(caller, requests.get(i), id);
                valid.add(new Item(i, new SubmitSubmission.Pending(submission, key,
                        key != null ? SubmitSubmission.hash(requests.get(i)) : null)));
            } catch (Refusal refusal) {
                items[i] = ItemOutcome.refused(prefixed(refusal, i));
            }
        }
        if (!valid.isEmpty()) {
            if (idempotencyKey.isEmpty()) {
                publish(caller, valid, items);
            } else {
                submit.underKey(caller, idempotencyKey.get(), () -> {
                    publish(caller, replayed(caller, valid, items), items);
                    return null;
                });
            }
        }
        return List.of(items);
    }

    /** A valid item and its place in the batch. */
    private record Item(int index, SubmitSubmission.Pending pending) {
    }

    /** Answers the items an earlier request with the key made; the others, still to publish, are returned. */
    private List<Item> replayed(Caller caller, List<Item> valid, ItemOutcome[] items) {
        List<Item> left = new ArrayList<>();
        for (Item item : valid) {
            SubmitSubmission.Pending p = item.pending();
            try {
                submit.earlier(caller, p.idempotencyKey(), p.submission().id(), p.requestHash()).ifPresentOrElse(
                        earlier -> items[item.index()] = ItemOutcome.of(earlier), () -> left.add(item));
            } catch (Refusal conflict) {
                items[item.index()] = ItemOutcome.refused(prefixed(conflict, item.index()));
            }
        }
        return left;
    }

    private void publish(Caller caller, List<Item> items, ItemOutcome[] outcomes) {
        if (items.isEmpty()) {
            return;
        }
        submit.admit(caller, items.size());
        Iterator<ItemOutcome> published = submit.publishPrepared(items.stream().map(Item::pending).toList()).iterator();
        for (Item item : items) {
            outcomes[item.index()] = published.next();
        }
    }

    private static Refusal prefixed(Refusal refusal, int index) {
        List<FieldError> errors = refusal.errors().stream()
                .map(e -> new FieldError("submissions[" + index + "]" + (e.field().isEmpty() ? "" : "." + e.field()),
                        e.reason()))
                .toList();
        return new Refusal(refusal.kind(), refusal.getMessage(), errors, refusal.retryAfterSeconds());
    }
}
