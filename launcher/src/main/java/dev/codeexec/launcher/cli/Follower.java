package dev.codeexec.launcher.cli;

import dev.codeexec.schemas.SubmissionStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Follows submissions to COMPLETED by reading {@code GET /submissions/{id}}, printing each status
 * change. (The API shows the status, QUEUED, RUNNING or COMPLETED; not which test case a run has
 * reached.)
 */
final class Follower {

    private final StackClient stack;
    private final Duration timeout;
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final Map<String, String> lastStatus = new HashMap<>();

    Follower(StackClient stack, Duration timeout, PrintStream err) {
        this.stack = stack;
        this.timeout = timeout;
        this.err = err;
    }

    /** Waits for this one submission's result; past the timeout a {@link CliFailure} GAVE_UP. */
    JsonNode follow(String id) {
        while (true) {
            Optional<JsonNode> done = poll(id, "");
            if (done.isPresent()) {
                return done.get();
            }
            if (timedOut()) {
                throw new CliFailure(ExitCode.GAVE_UP, "no result after " + timeout.toSeconds() + " s (still "
                        + lastStatus(id) + "); it may finish later: " + stack.baseUrl() + "/api/v1/submissions/" + id);
            }
            pause();
        }
    }

    /**
     * One look at a submission: its view once COMPLETED. Prints its status when it changed, with
     * the label in front, and the verdict instead of COMPLETED.
     */
    Optional<JsonNode> poll(String id, String label) {
        JsonNode view = stack.submission(id);
        String status = view.path("status").asString();
        if (!status.equals(lastStatus.put(id, status))) {
            String shown = SubmissionStatus.COMPLETED.name().equals(status) ? "COMPLETED: " + view.path("verdict").asString() : status;
            err.printf("[codeexec] %s%s (%.1f s)%n", label, shown, elapsedSeconds());
        }
        return SubmissionStatus.COMPLETED.name().equals(status) ? Optional.of(view) : Optional.empty();
    }

    String lastStatus(String id) {
        return lastStatus.getOrDefault(id, SubmissionStatus.QUEUED.name());
    }

    boolean timedOut() {
        return System.nanoTime() - startNanos > timeout.toNanos();
    }

    Duration timeout() {
        return timeout;
    }

    void pause() {
        try {
            Thread.sleep(RunCommand.POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.GAVE_UP, "interrupted");
        }
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
