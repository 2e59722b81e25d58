package dev.codeexec.launcher.cli;

import dev.codeexec.schemas.SubmissionStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Follows submissions to COMPLETED, printing each status change: one submission through its event
 * stream ({@code GET /submissions/{id}/events}: statuses, the test case a run has reached, the
 * result), falling back to reading {@code GET /submissions/{id}} every so often; a batch by reading.
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
        JsonNode[] result = new JsonNode[1];
        Duration left = timeout.minusNanos(System.nanoTime() - startNanos);
        stack.events(id, left.isNegative() ? Duration.ZERO : left, event -> {
            switch (event.name()) {
                case "status" -> {
                    String status = event.data().path("status").asString();
                    if (!SubmissionStatus.COMPLETED.name().equals(status)) { // shown with its verdict, from the result
                        show(id, "", status, "");
                    }
                }
                case "progress" -> err.printf("[codeexec] RUNNING: test case %d of %d (%.1f s)%n",
                        event.data().path("testCase").asInt() + 1, event.data().path("testCases").asInt(), elapsedSeconds());
                case "result" -> result[0] = event.data();
                default -> {
                    // an event a newer API sends: not needed to follow
                }
            }
        });
        if (result[0] != null) {
            show(id, "", SubmissionStatus.COMPLETED.name(), result[0].path("verdict").asString());
            return result[0];
        }
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
        show(id, label, status, view.path("verdict").asString());
        return SubmissionStatus.COMPLETED.name().equals(status) ? Optional.of(view) : Optional.empty();
    }

    /** Prints {@code status} (the verdict in place of COMPLETED) when it is a change. */
    private void show(String id, String label, String status, String verdict) {
        if (!status.equals(lastStatus.put(id, status))) {
            String shown = SubmissionStatus.COMPLETED.name().equals(status) ? "COMPLETED: " + verdict : status;
            err.printf("[codeexec] %s%s (%.1f s)%n", label, shown, elapsedSeconds());
        }
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
