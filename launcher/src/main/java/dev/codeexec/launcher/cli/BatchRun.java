package dev.codeexec.launcher.cli;

import dev.codeexec.schemas.json.Json;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code ./codeexec run DIR}: the programs go to {@code POST /submissions/batch} (at most
 * {@link #BATCH_SIZE} per request, the API's default cap), then each is followed to its result and
 * one summary table is printed. The exit code is that of the first program, in table order, that
 * was not ACCEPTED.
 */
final class BatchRun {

    static final int BATCH_SIZE = 20;

    /** One file of the directory and the language it is submitted as. */
    record Program(Path file, String language, String source) {
        String name() {
            return file.getFileName().toString();
        }
    }

    /** A program's line in the summary: its id, and its result or why it has none. */
    private static final class Entry {
        final Program program;
        String id;
        JsonNode result;
        String refusal;

        Entry(Program program) {
            this.program = program;
        }
    }

    private final StackClient stack;
    private final Follower follower;
    private final Inputs inputs;
    private final PrintStream out;
    private final PrintStream err;

    BatchRun(StackClient stack, Follower follower, Inputs inputs, PrintStream out, PrintStream err) {
        this.stack = stack;
        this.follower = follower;
        this.inputs = inputs;
        this.out = out;
        this.err = err;
    }

    int run(List<Program> programs) {
        List<Entry> entries = programs.stream().map(Entry::new).toList();
        for (int from = 0; from < entries.size(); from += BATCH_SIZE) {
            submit(entries.subList(from, Math.min(entries.size(), from + BATCH_SIZE)));
        }
        long refused = entries.stream().filter(e -> e.refusal != null).count();
        err.println("[codeexec] submitted " + (entries.size() - refused) + " program(s) as a batch"
                + (refused > 0 ? ", " + refused + " refused" : ""));
        await(entries);
        print(entries);
        return entries.stream().map(BatchRun::exitCode).filter(c -> c != ExitCode.ACCEPTED).findFirst()
                .orElse(ExitCode.ACCEPTED).code();
    }

    private void submit(List<Entry> chunk) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode submissions = body.putArray("submissions");
        chunk.forEach(e -> submissions.add(inputs.body(e.program.language(), e.program.source(), e.program.name())));
        JsonNode results = stack.submitBatch(body, notice -> err.println("[codeexec] " + notice));
        for (int i = 0; i < chunk.size(); i++) {
            JsonNode item = results.path(i);
            if (item.hasNonNull("id")) {
                chunk.get(i).id = item.path("id").asString();
            } else {
                JsonNode problem = item.path("error");
                String field = problem.path("field").asString("");
                chunk.get(i).refusal = "refused (" + problem.path("status").asInt() + "): "
                        + (field.isEmpty() ? "" : field + ": ") + problem.path("detail").asString("no answer for this item");
            }
        }
    }

    private void await(List<Entry> entries) {
        while (true) {
            boolean pending = false;
            for (Entry e : entries) {
                if (e.id != null && e.result == null) {
                    Optional<JsonNode> done = follower.poll(e.id, e.program.name() + ": ");
                    if (done.isPresent()) {
                        e.result = done.get();
                    } else {
                        pending = true;
                    }
                }
            }
            if (!pending) {
                return;
            }
            if (follower.timedOut()) {
                err.println("[codeexec] gave up waiting after " + follower.timeout().toSeconds() + " s");
                return;
            }
            follower.pause();
        }
    }

    private void print(List<Entry> entries) {
        TextTable table = new TextTable("file", "language", "verdict", "cpu ms", "wall ms", "memory KB", "id", "detail");
        for (Entry e : entries) {
            JsonNode r = e.result;
            String verdict = r != null ? r.path("verdict").asString()
                    : e.refusal != null ? "(refused)" : "(" + follower.lastStatus(e.id) + ")";
            String detail = r != null ? r.path("verdictDetail").asString("") : e.refusal != null ? e.refusal : "no result yet";
            table.row(e.program.name(), e.program.language(), verdict,
                    r == null ? null : r.path("cpuTimeMs").asLong(), r == null ? null : r.path("wallTimeMs").asLong(),
                    r == null ? null : r.path("memoryKb").asLong(), e.id, detail);
        }
        out.print(table.render());
        long accepted = entries.stream().filter(e -> exitCode(e) == ExitCode.ACCEPTED).count();
        out.println(accepted + " of " + entries.size() + " ACCEPTED");
        out.flush();
    }

    private static ExitCode exitCode(Entry e) {
        if (e.refusal != null) {
            return ExitCode.REFUSED;
        }
        if (e.result == null) {
            return ExitCode.GAVE_UP;
        }
        return ExitCode.forVerdict(e.result.path("verdict").asString());
    }
}
