package dev.codeexec.launcher.cli;

import dev.codeexec.launcher.cli.TestCaseFiles.NamedCase;
import dev.codeexec.schemas.json.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every program of one {@code run} gets: its stdin or its test cases, and its limits; and the
 * request body that carries them with a program.
 */
record Inputs(Optional<String> stdin, List<NamedCase> cases, Map<String, Long> limits) {

    /** Reads {@code --stdin} and {@code --tests} before anything is sent, so a bad file costs no submission. */
    static Inputs read(RunOptions options, InputStream terminal) {
        Optional<String> stdin = options.stdin().map(s -> s.equals("-")
                ? TextFiles.read(terminal, "standard input")
                : TextFiles.read(Path.of(s), "--stdin file"));
        List<NamedCase> cases = options.tests().map(TestCaseFiles::read).orElse(List.of());
        return new Inputs(stdin, cases, options.limits());
    }

    /** The body of one submission: the program as {@code source}, with these inputs and limits. */
    ObjectNode body(String language, String source, String fileName) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("language", language);
        body.put("source", source);
        stdin.ifPresent(s -> body.put("stdin", s));
        if (!cases.isEmpty()) {
            ArrayNode testCases = body.putArray("testCases");
            for (NamedCase c : cases) {
                ObjectNode testCase = testCases.addObject().put("stdin", c.stdin());
                c.expectedOutput().ifPresent(e -> testCase.put("expectedOutput", e));
            }
        }
        if (!limits.isEmpty()) {
            ObjectNode l = body.putObject("limits");
            limits.forEach(l::put);
        }
        body.putObject("metadata").put("file", fileName);
        return body;
    }

    /** The name of test case {@code index} as the user gave it ({@code NAME} of NAME.in), or "-" without --tests. */
    String caseName(int index) {
        return index >= 0 && index < cases.size() ? cases.get(index).name() : "-";
    }

    Optional<String> expectedOutput(int index) {
        return index >= 0 && index < cases.size() ? cases.get(index).expectedOutput() : Optional.empty();
    }
}
