package dev.codeexec.launcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the API is and which key to send. Each comes from the option, else the environment, else
 * what {@code ./codeexec up} keeps in its data directory ({@code api-url}, {@code api-key}).
 *
 * @param baseUrl scheme, host and port, without {@code /api/v1}
 */
record ApiEndpoint(String baseUrl, String key) {

    static ApiEndpoint resolve(RunOptions options, Map<String, String> env) {
        Path dataDir = Path.of(nonBlank(env.get("CODEEXEC_DATA_DIR")).orElse(".codeexec"));
        String url = options.apiUrl()
                .or(() -> nonBlank(env.get("CODEEXEC_API_URL")))
                .or(() -> kept(dataDir.resolve("api-url")))
                .orElseGet(() -> "http://localhost:" + nonBlank(env.get("CODEEXEC_API_PORT")).orElse("8080"));
        String key = options.apiKey()
                .or(() -> nonBlank(env.get("CODEEXEC_API_KEY")))
                .or(() -> kept(dataDir.resolve("api-key")))
                .orElseThrow(() -> new CliFailure(ExitCode.STACK, "no API key: give --key KEY, set CODEEXEC_API_KEY,"
                        + " or start the stack with ./codeexec up (it keeps its key in " + dataDir.resolve("api-key")
                        + "; set CODEEXEC_DATA_DIR if it runs on another data directory)"));
        return new ApiEndpoint(normalized(url), key);
    }

    private static String normalized(String url) {
        String u = url.strip();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw CliFailure.usage("the API address must start with http:// or https://, was '" + url + "'");
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith("/api/v1") ? u.substring(0, u.length() - "/api/v1".length()) : u;
    }

    private static Optional<String> kept(Path file) {
        try {
            return Files.isRegularFile(file) ? nonBlank(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }
}
