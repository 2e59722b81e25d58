package dev.codeexec.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.codeexec.schemas.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The playground page driven in headless Chromium ({@code /usr/bin/chromium}, Debian's package;
 * {@code ./codeexec test} installs it) by {@code src/test/browser/playground.mjs} (puppeteer-core,
 * installed with {@code npm ci} from its lock file, again only when that changes). Each scenario is
 * typed into the page and run; what the page then shows comes back as a {@link Shown}, and a
 * screenshot is left in {@code target/playground-screenshots/}.
 */
final class PlaygroundBrowser {

    static final Path SCREENSHOTS = Path.of("target", "playground-screenshots").toAbsolutePath();
    private static final Path DRIVER = Path.of("src", "test", "browser").toAbsolutePath();

    private PlaygroundBrowser() {
    }

    /**
     * One program as a user types it: language, source, stdin, limits, test cases, a key other than the
     * stack's; with reopen, its link is then opened in a new tab.
     */
    record Scenario(String name, String language, String source, String stdin, Map<String, Long> limits,
            List<TestCase> testCases, String key, boolean reopen) {
        static Scenario of(String name, String language, String source) {
            return new Scenario(name, language, source, null, null, null, null, false);
        }

        Scenario stdin(String text) {
            return new Scenario(name, language, source, text, limits, testCases, key, reopen);
        }

        Scenario limits(Map<String, Long> values) {
            return new Scenario(name, language, source, stdin, values, testCases, key, reopen);
        }

        Scenario testCases(TestCase... cases) {
            return new Scenario(name, language, source, stdin, limits, List.of(cases), key, reopen);
        }

        Scenario key(String other) {
            return new Scenario(name, language, source, stdin, limits, testCases, other, reopen);
        }

        /** After the run, open the submission's link in a new tab too. */
        Scenario reopenItsLink() {
            return new Scenario(name, language, source, stdin, limits, testCases, key, true);
        }
    }

    /** One row of the page's test-case table. */
    record TestCase(String stdin, String expectedOutput) {
    }

    /** What the page shows after a run: texts as a user reads them; absent sections are null; reopened: its link. */
    record Shown(String name, String editor, String status, String verdict, String detail, String stdout,
            String stdoutNote, String stderr,
            String compileOutput, String error, String share, List<String> statuses, List<List<String>> runs,
            Map<String, String> metrics, Shown reopened) {
    }

    static List<Shown> run(String pageUrl, String key, List<Scenario> scenarios) throws Exception {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            throw new IllegalStateException("no Chromium at " + chromium + " for the playground's browser test: "
                    + "apt-get install chromium (./codeexec test installs it), or set CHROMIUM");
        }
        installDriver();
        Files.createDirectories(SCREENSHOTS);
        Path scenarioFile = SCREENSHOTS.resolve("scenarios.json");
        Files.writeString(scenarioFile, Json.mapper().writeValueAsString(scenarios));
        Path log = SCREENSHOTS.resolve("driver.log");
        Process node = new ProcessBuilder("node", DRIVER.resolve("playground.mjs").toString(), pageUrl, key,
                scenarioFile.toString(), SCREENSHOTS.toString())
                .redirectError(log.toFile()).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new IllegalStateException("the browser driver did not end within 5 minutes");
        }
        System.out.println("[playground] " + out + Files.readString(log));
        if (node.exitValue() != 0) {
            throw new IllegalStateException("the browser driver failed (exit " + node.exitValue() + "): "
                    + Files.readString(log));
        }
        List<Shown> shown = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            JsonNode json = Json.mapper().readTree(line);
            shown.add(Json.mapper().treeToValue(json, Shown.class));
        }
        return shown;
    }

    private static void installDriver() throws IOException, InterruptedException {
        Path lock = DRIVER.resolve("package-lock.json");
        Path stamp = DRIVER.resolve("node_modules/.codeexec-package-lock.json");
        if (Files.exists(stamp) && Files.mismatch(lock, stamp) == -1) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(DRIVER.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + DRIVER + " failed: " + output);
        }
        try {
            Files.copy(lock, stamp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
