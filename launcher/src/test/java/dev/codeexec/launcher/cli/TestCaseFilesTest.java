package dev.codeexec.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.launcher.cli.TestCaseFiles.NamedCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaseFilesTest {

    @TempDir
    Path dir;

    @Test
    void pairsInAndOutFilesInNaturalOrder() throws Exception {
        Files.writeString(dir.resolve("10.in"), "ten");
        Files.writeString(dir.resolve("10.out"), "10");
        Files.writeString(dir.resolve("2.in"), "two");
        Files.writeString(dir.resolve("2.out"), "2");
        Files.writeString(dir.resolve("only-input.in"), "x");
        Files.writeString(dir.resolve("notes.txt"), "ignored");

        List<NamedCase> cases = TestCaseFiles.read(dir);

        assertThat(cases).containsExactly(
                new NamedCase("2", "two", Optional.of("2")),
                new NamedCase("10", "ten", Optional.of("10")),
                new NamedCase("only-input", "x", Optional.empty()));
    }

    @Test
    void anEmptyDirectoryOrBinaryInputIsAUsageError() throws Exception {
        assertThatThrownBy(() -> TestCaseFiles.read(dir)).hasMessageContaining("holds no test cases");
        Files.write(dir.resolve("1.in"), new byte[] {(byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> TestCaseFiles.read(dir)).hasMessageContaining("is not UTF-8 text");
        assertThatThrownBy(() -> TestCaseFiles.read(dir.resolve("missing"))).hasMessageContaining("is not a directory");
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        assertThat(List.of("b", "a10", "a9", "a09x", "a1").stream().sorted(TestCaseFiles.NATURAL).toList())
                .containsExactly("a1", "a9", "a09x", "a10", "b");
    }
}
