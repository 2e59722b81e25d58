package dev.codeexec.launcher.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;

/**
 * How a finished submission is shown: the compiler's output when it wrote any, the outputs of the run the
 * verdict comes from (the first failing test case, else the first), the expected output when it was
 * wrong, a table of every test case, and the verdict on the last line. Outputs are written as the
 * exact bytes the program wrote.
 */
final class ResultReport {

    private ResultReport() {
    }

    static void print(JsonNode done, Inputs inputs, PrintStream out) {
        String verdict = done.path("verdict").asString();
        JsonNode compileOutput = done.path("compile").path("output");
        if (!compileOutput.path("data").asString("").isEmpty()) {
            block(out, "compile output", bytes(compileOutput.path("data").asString(), compileOutput.path("encoding").asString()),
                    compileOutput.path("truncated").asBoolean(false));
        }
        JsonNode runs = done.path("runs");
        JsonNode shown = shownRun(runs);
        if (shown != null) {
            int index = shown.path("testCase").asInt();
            String which = runs.size() > 1 || !inputs.cases().isEmpty()
                    ? " (test case " + index + ", " + inputs.caseName(index) + ".in)" : "";
            output(out, "stdout" + which, shown, "stdout", true);
            output(out, "stderr" + which, shown, "stderr", false);
            if ("WRONG_ANSWER".equals(shown.path("verdict").asString())) {
                inputs.expectedOutput(shown.path("testCase").asInt()).ifPresent(expected ->
                        block(out, "expected" + which, expected.getBytes(StandardCharsets.UTF_8), false));
            }
        }
        TextTable table = new TextTable("case", "name", "verdict", "exit", "cpu ms", "wall ms", "memory KB", "detail");
        for (JsonNode run : runs) {
            int index = run.path("testCase").asInt();
            table.row(index, inputs.caseName(index), run.path("verdict").asString(), exit(run),
                    run.path("cpuTimeMs").asLong(), run.path("wallTimeMs").asLong(), run.path("memoryKb").asLong(),
                    run.path("verdictDetail").asString(""));
        }
        if (!runs.isEmpty()) {
            out.print(table.render());
        }
        String detail = done.path("verdictDetail").asString("");
        String firstLine = detail.strip().lines().findFirst().orElse("").replaceFirst(":$", "");
        out.println("verdict: " + verdict + (firstLine.isEmpty() ? "" : " (" + firstLine + ")"));
        out.flush();
    }

    /** The run the submission's verdict comes from: the first that did not pass, else the first. */
    private static JsonNode shownRun(JsonNode runs) {
        for (JsonNode run : runs) {
            if (!"ACCEPTED".equals(run.path("verdict").asString())) {
                return run;
            }
        }
        return runs.isEmpty() ? null : runs.get(0);
    }

    static String exit(JsonNode run) {
        if (run.hasNonNull("signal")) {
            return run.path("signal").asString();
        }
        return run.hasNonNull("exitCode") ? Integer.toString(run.path("exitCode").asInt()) : "-";
    }

    private static void output(PrintStream out, String title, JsonNode run, String name, boolean evenIfEmpty) {
        byte[] data = bytes(run.path(name).asString(""), run.path(name + "Encoding").asString("utf8"));
        if (data.length > 0 || evenIfEmpty) {
            block(out, title, data, run.path(name + "Truncated").asBoolean(false));
        }
    }

    private static void block(PrintStream out, String title, byte[] data, boolean truncated) {
        out.println("--- " + title + (truncated ? " (truncated: the full output is behind the submission's links)" : "")
                + (data.length == 0 ? " (empty)" : "") + " ---");
        out.write(data, 0, data.length);
        if (data.length > 0 && data[data.length - 1] != '\n') {
            out.println();
            out.println("(no newline at the end)");
        }
    }

    private static byte[] bytes(String data, String encoding) {
        return "base64".equals(encoding) ? Base64.getDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8);
    }
}
