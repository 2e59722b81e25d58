package dev.codeexec.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunOptionsTest {

    @Test
    void readsEveryOptionInBothForms() {
        RunOptions o = RunOptions.parse(List.of("--language", "cpp", "a.txt", "--stdin=-", "--limit",
                "cpu=1500,memory=128", "--limit=wallTimeMs=3000", "--api", "http://h:1", "--key=k", "--timeout", "9"));

        assertThat(o.path()).isEqualTo(Path.of("a.txt"));
        assertThat(o.language()).contains("cpp");
        assertThat(o.stdin()).contains("-");
        assertThat(o.limits()).isEqualTo(Map.of("cpuTimeMs", 1500L, "memoryMb", 128L, "wallTimeMs", 3000L));
        assertThat(o.apiUrl()).contains("http://h:1");
        assertThat(o.apiKey()).contains("k");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhat() {
        assertUsage(List.of(), "name a program file");
        assertUsage(List.of("a.py", "b.py"), "one FILE or DIR only");
        assertUsage(List.of("a.py", "--colour", "red"), "unknown option --colour");
        assertUsage(List.of("a.py", "--stdin"), "--stdin needs a value");
        assertUsage(List.of("a.py", "--stdin", "x", "--tests", "t"), "exclude each other");
        assertUsage(List.of("a.py", "--limit", "cpu"), "NAME=VALUE");
        assertUsage(List.of("a.py", "--limit", "gpu=1"), "unknown limit 'gpu'");
        assertUsage(List.of("a.py", "--limit", "cpu=-1"), "cpu must be a positive whole number");
        assertUsage(List.of("a.py", "--timeout", "soon"), "--timeout must be a positive number");
        assertUsage(List.of("a.py", "--key", "a", "--key", "b"), "--key given twice");
    }

    private static void assertUsage(List<String> args, String message) {
        assertThatThrownBy(() -> RunOptions.parse(args)).isInstanceOfSatisfying(CliFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(f.getMessage()).contains(message);
        });
    }
}
