package dev.codeexec.api.submission;

import dev.codeexec.api.common.Refusal;

/** What became of one submission of a batch: exactly one of {@code accepted} and {@code refusal} is set. */
public record ItemOutcome(Accepted accepted, Refusal refusal) {

    static ItemOutcome of(Accepted accepted) {
        return new ItemOutcome(accepted, null);
    }

    static ItemOutcome refused(Refusal refusal) {
        return new ItemOutcome(null, refusal);
    }
}
