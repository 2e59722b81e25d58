package dev.codeexec.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./codeexec run} where no stack is needed to tell the user what is wrong: a missing file,
 * help, and an address where nothing listens. (With a stack: {@code EndToEndTest}.)
 */
class RunCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMissingFileIsAUsageError() {
        int code = run("--key", "k", dir.resolve("nope.py").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains(dir.resolve("nope.py") + " does not exist", "see ./codeexec run --help");
    }

    @Test
    void whenNoStackRunsItSaysSoAndExitsWithThree() throws Exception {
        Path program = Files.writeString(dir.resolve("hello.py"), "print(1)\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int code = run(program.toString(), "--api", "http://127.0.0.1:" + port, "--key", "k");

        assertThat(code).isEqualTo(3);
        assertThat(err()).contains("no codeexec API answers at http://127.0.0.1:" + port,
                "start the stack with ./codeexec up");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpListsTheOptionsAndTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--tests", "--limit", "exit codes:",
                "10  WRONG_ANSWER", "11  COMPILATION_ERROR");
    }

    private int run(String... args) {
        return new RunCommand(Map.of("CODEEXEC_DATA_DIR", dir.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
