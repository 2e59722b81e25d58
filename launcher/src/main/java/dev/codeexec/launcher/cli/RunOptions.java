package dev.codeexec.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@code ./codeexec run}, checked. Options take their value as the next
 * argument or after {@code =}.
 *
 * @param path the program file, or a directory of programs to submit as a batch
 * @param stdin a file whose content is the program's stdin, {@code -} for this process's stdin
 * @param tests a directory of test cases ({@code NAME.in}, {@code NAME.out})
 * @param limits the API's limit names ({@code cpuTimeMs}, ...) and values
 * @param timeout how long to wait for results before giving up
 */
record RunOptions(
        Path path,
        Optional<String> language,
        Optional<String> stdin,
        Optional<Path> tests,
        Map<String, Long> limits,
        Optional<String> apiUrl,
        Optional<String> apiKey,
        Duration timeout,
        boolean help) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    static final String USAGE = """
            usage: ./codeexec run FILE|DIR [--language L] [--stdin FILE|-] [--tests DIR]
                                  [--limit cpu=2000,wall=5000,memory=256,processes=64,output=64,filesize=1024]
                                  [--api URL] [--key KEY] [--timeout SECONDS]

              FILE        a program; its language comes from its extension (see GET /api/v1/languages)
                          unless --language names it
              DIR         every program file directly in DIR, submitted as one batch (20 per request);
                          prints a summary table
              --stdin     the program's standard input, from a file or - (this terminal's stdin)
              --tests     test cases: NAME.in (stdin) and NAME.out (expected output) in DIR, by name
              --limit     limits, comma-separated: cpu (cpuTimeMs), wall (wallTimeMs), memory (memoryMb),
                          processes, output (outputKb), filesize (fileSizeKb); over a maximum is refused
              --api       the API (default: CODEEXEC_API_URL, else the address ./codeexec up keeps in its
                          data directory, else http://localhost:${CODEEXEC_API_PORT:-8080})
              --key       the API key (default: CODEEXEC_API_KEY, else DATA/api-key of ./codeexec up)
              --timeout   seconds to wait for the results (default 300)
            """;

    /** Parses the arguments after {@code run}; a mistake is a {@link CliFailure} with code USAGE. */
    static RunOptions parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Long> limits = new LinkedHashMap<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            String name = arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : arg.substring(2);
            if (!List.of("language", "stdin", "tests", "limit", "api", "key", "timeout").contains(name)) {
                throw CliFailure.usage("unknown option --" + name);
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw CliFailure.usage("--" + name + " needs a value");
            }
            if (name.equals("limit")) {
                limits.putAll(LimitsOption.parse(value));
            } else if (values.put(name, value) != null) {
                throw CliFailure.usage("--" + name + " given twice");
            }
        }
        if (help) {
            return new RunOptions(Path.of("."), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                    Optional.empty(), Optional.empty(), DEFAULT_TIMEOUT, true);
        }
        if (positional.size() != 1) {
            throw CliFailure.usage(positional.isEmpty() ? "name a program file or a directory of programs"
                    : "one FILE or DIR only, got " + String.join(" ", positional));
        }
        if (values.containsKey("stdin") && values.containsKey("tests")) {
            throw CliFailure.usage("--stdin and --tests exclude each other: put the input in the test cases");
        }
        return new RunOptions(Path.of(positional.get(0)),
                Optional.ofNullable(values.get("language")),
                Optional.ofNullable(values.get("stdin")),
                Optional.ofNullable(values.get("tests")).map(Path::of),
                Map.copyOf(limits),
                Optional.ofNullable(values.get("api")),
                Optional.ofNullable(values.get("key")),
                timeout(values.get("timeout")),
                false);
    }

    private static Duration timeout(String value) {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw CliFailure.usage("--timeout must be a positive number of seconds, was '" + value + "'");
    }
}
