package dev.codeexec.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiEndpointTest {

    @TempDir
    Path data;

    @Test
    void optionBeatsEnvironmentBeatsDataDirectory() throws Exception {
        Files.writeString(data.resolve("api-url"), "http://127.0.0.1:1234\n");
        Files.writeString(data.resolve("api-key"), "cx_kept\n");
        Map<String, String> env = Map.of("CODEEXEC_DATA_DIR", data.toString());

        assertThat(ApiEndpoint.resolve(options(), env)).isEqualTo(new ApiEndpoint("http://127.0.0.1:1234", "cx_kept"));
        assertThat(ApiEndpoint.resolve(options(), Map.of("CODEEXEC_DATA_DIR", data.toString(),
                "CODEEXEC_API_URL", "http://env:1/api/v1/", "CODEEXEC_API_KEY", "env-key")))
                .isEqualTo(new ApiEndpoint("http://env:1", "env-key"));
        assertThat(ApiEndpoint.resolve(options("--api", "https://flag:2", "--key", "flag-key"), env))
                .isEqualTo(new ApiEndpoint("https://flag:2", "flag-key"));
    }

    @Test
    void withoutAddressTheApiPortOnLocalhostAndWithoutKeyAClearFailure() {
        Map<String, String> env = Map.of("CODEEXEC_DATA_DIR", data.toString(), "CODEEXEC_API_PORT", "23080");
        assertThat(ApiEndpoint.resolve(options("--key", "k"), env).baseUrl()).isEqualTo("http://localhost:23080");
        assertThatThrownBy(() -> ApiEndpoint.resolve(options(), env)).isInstanceOfSatisfying(CliFailure.class, f -> {
            assertThat(f.exitCode()).isEqualTo(ExitCode.STACK);
            assertThat(f.getMessage()).contains("no API key", data.resolve("api-key").toString());
        });
        assertThatThrownBy(() -> ApiEndpoint.resolve(options("--api", "localhost:1", "--key", "k"), env))
                .hasMessageContaining("must start with http:// or https://");
    }

    private static RunOptions options(String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("a.py"));
        args.addAll(List.of(flags));
        return RunOptions.parse(args);
    }
}
