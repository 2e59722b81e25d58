package dev.codeexec.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./codeexec run FILE|DIR}: reads the inputs, finds the stack, submits, follows the
 * submissions to their results and prints them. Progress goes to {@code err}, the report to
 * {@code out}; the return value is the exit code ({@link ExitCode}).
 */
final class RunCommand {

    static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    RunCommand(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        try {
            RunOptions options = RunOptions.parse(args);
            if (options.help()) {
                out.print(RunOptions.USAGE);
                out.println();
                out.println("exit codes:");
                out.print(ExitCode.table());
                return ExitCode.ACCEPTED.code();
            }
            Path path = options.path();
            if (!Files.exists(path)) {
                throw CliFailure.usage(path + " does not exist");
            }
            Inputs inputs = Inputs.read(options, stdin);
            StackClient stack = new StackClient(ApiEndpoint.resolve(options, env));
            Languages languages = new Languages(stack.languages());
            Follower follower = new Follower(stack, options.timeout(), err);
            if (Files.isDirectory(path)) {
                return new BatchRun(stack, follower, inputs, out, err).run(programs(path, languages, options));
            }
            return single(path, languages.forFile(path, options.language()), inputs, stack, follower);
        } catch (CliFailure failure) {
            err.println("[codeexec] " + failure.getMessage());
            if (failure.exitCode() == ExitCode.USAGE) {
                err.println("[codeexec] see ./codeexec run --help");
            }
            return failure.exitCode().code();
        }
    }

    private int single(Path file, String language, Inputs inputs, StackClient stack, Follower follower) {
        String source = TextFiles.read(file, "program");
        String id = stack.submit(inputs.body(language, source, file.getFileName().toString()),
                notice -> err.println("[codeexec] " + notice));
        err.println("[codeexec] submitted " + file + " as " + language + ": " + stack.baseUrl()
                + "/api/v1/submissions/" + id);
        JsonNode done = follower.follow(id);
        ResultReport.print(done, inputs, out);
        return ExitCode.forVerdict(done.path("verdict").asString()).code();
    }

    /** The programs of a batch: regular files directly in the directory, in natural name order. */
    private List<BatchRun.Program> programs(Path dir, Languages languages, RunOptions options) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> TestCaseFiles.NATURAL.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw CliFailure.usage("cannot list " + dir + ": " + e.getMessage());
        }
        List<BatchRun.Program> programs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : files) {
            String language = options.language().map(languages::named).orElse(languages.of(file).orElse(null));
            if (language == null) {
                skipped.add(file.getFileName().toString());
            } else {
                programs.add(new BatchRun.Program(file, language, TextFiles.read(file, "program")));
            }
        }
        if (!skipped.isEmpty()) {
            err.println("[codeexec] skipped (no language for their extension): " + String.join(" ", skipped));
        }
        if (programs.isEmpty()) {
            throw CliFailure.usage(dir + " holds no program file with a known extension");
        }
        return programs;
    }
}
