package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.FilesRefusedException;
import dev.codeexec.executor.sandbox.ImageUnavailableException;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.kafka.StorableText;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.CompileOutcome;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.schemas.v1.TestCase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The use case: runs one submission and returns its one result. The program is compiled once
 * (in a box of its own, under the compile limits, or taken from the compile cache) and run once
 * per test case in one run box, where each test case is a step with a fresh sandbox of its own
 * (nothing one test case leaves is seen by the next); every box is closed whatever happens.
 *
 * <p>A submission holding text no store can keep ({@link StorableText}: NUL or an unpaired
 * surrogate in {@code metadata}, {@code tenant}, {@code callbackUrl}) is {@code REJECTED}, naming
 * the field, and reported without that text.
 *
 * <p>User mistakes and program failures come back as verdicts. Infrastructure failure
 * ({@link SandboxUnavailableException}) is thrown, so the caller retries the submission later.
 * An image that gives no box while the engine answers ({@link ImageUnavailableException}: one
 * language's image missing or broken) is tried {@value #IMAGE_ATTEMPTS} times (1 s, then 2 s
 * apart) and then ends the submission as INTERNAL_ERROR with the reason, so one language cannot
 * hold up the others.
 */
public final class ExecuteSubmission {

    private static final Logger log = LoggerFactory.getLogger(ExecuteSubmission.class);
    private static final int MAX_DETAIL_CHARS = 4000;
    /** Tries of a submission whose image gives no box (missing, or broken) while the engine answers. */
    static final int IMAGE_ATTEMPTS = 3;
    /** Wait before the second try; doubled before each further one. */
    static final Duration IMAGE_RETRY_DELAY = Duration.ofSeconds(1);

    private final SandboxPort sandbox;
    private final LanguageCatalogue languages;
    private final CompileCachePort compileCache;
    private final ExecutionPolicy policy;
    private final Clock clock;

    public ExecuteSubmission(SandboxPort sandbox, LanguageCatalogue languages, CompileCachePort compileCache,
            ExecutionPolicy policy, Clock clock) {
        this.sandbox = sandbox;
        this.languages = languages;
        this.compileCache = compileCache;
        this.policy = policy;
        this.clock = clock;
    }

    public ExecutionResult execute(Submission submission) {
        return execute(submission, Progress.NONE);
    }

    /** Runs {@code submission}, telling {@code progress} as each of several test cases starts. */
    public ExecutionResult execute(Submission submission, Progress progress) {
        Instant startedAt = clock.instant();
        List<FieldError> unstorable = StorableText.check(submission);
        if (!unstorable.isEmpty()) {
            // reported without the offending text, which no store downstream could keep
            return result(StorableText.storable(submission), startedAt, Verdict.REJECTED,
                    unstorable.get(0).toString(), null, List.of());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(submission, startedAt, progress);
            } catch (ImageUnavailableException image) {
                if (!sandbox.available()) {
                    throw image; // the engine itself is away: the caller waits for it, for every language alike
                }
                if (attempt >= IMAGE_ATTEMPTS) {
                    log.warn("submission {}: {} after {} attempts; finishing it with INTERNAL_ERROR", submission.id(),
                            image.getMessage(), attempt);
                    return result(submission, startedAt, Verdict.INTERNAL_ERROR, "internal error: language '"
                            + submission.language() + "' is unavailable on this executor (" + image.getMessage()
                            + "; " + attempt + " attempts)", null, List.of());
                }
                pause(IMAGE_RETRY_DELAY.multipliedBy(1L << (attempt - 1)));
            }
        }
    }

    private ExecutionResult attempt(Submission submission, Instant startedAt, Progress progress) {
        try {
            Plan plan = Plan.of(submission, languages, policy);
            return run(submission, plan, startedAt, progress);
        } catch (Rejection rejection) {
            return result(submission, startedAt, Verdict.REJECTED, rejection.getMessage(), null, List.of());
        } catch (SandboxUnavailableException unavailable) {
            throw unavailable;
        } catch (RuntimeException bug) {
            // Not the program's fault and not the infrastructure's: retrying would fail the same way.
            log.error("internal error running submission {}", submission.id(), bug);
            return result(submission, startedAt, Verdict.INTERNAL_ERROR,
                    "internal error: " + bug.getClass().getSimpleName(), null, List.of());
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting to retry", e);
        }
    }

    private ExecutionResult run(Submission submission, Plan plan, Instant startedAt, Progress progress) {
        OutputBudget budget = new OutputBudget(policy.resultOutputBytes());
        CompileOutcome compile = null;
        List<BoxFile> artifacts = List.of();
        if (plan.language().compiled()) {
            Compilation compilation = compile(plan, budget);
            compile = compilation.outcome();
            if (compilation.failure().isPresent()) {
                return result(submission, startedAt, Verdict.COMPILATION_ERROR, compilation.failure().get(),
                        compile, List.of());
            }
            artifacts = compilation.artifacts();
        }
        List<RunOutcome> runs = runTestCases(plan, artifacts, budget, progress);
        Optional<RunOutcome> failing = runs.stream().filter(r -> r.verdict().isFailure()).findFirst();
        if (failing.isEmpty()) {
            return result(submission, startedAt, Verdict.ACCEPTED, null, compile, runs);
        }
        RunOutcome first = failing.get();
        String detail = runs.size() == 1 ? first.verdictDetail() : "test case " + first.testCase() + ": " + first.verdictDetail();
        return result(submission, startedAt, first.verdict(), detail, compile, runs);
    }

    private Compilation compile(Plan plan, OutputBudget budget) {
        Language language = plan.language();
        List<String> argv = language.compileArgv(plan.entrypoint(), plan.fileNames(), plan.compilerOptions());
        CompileKey key = CompileKey.of(language, argv, plan.files());
        Optional<List<BoxFile>> cached = compileCache.find(key);
        if (cached.isPresent()) {
            CompileOutcome outcome = new CompileOutcome(true, null, null, 0, 0, 0, Output.empty());
            return new Compilation(outcome, cached.get(), Optional.empty());
        }
        RunLimits limits = policy.compile();
        StepOutcome step;
        try (Box box = sandbox.open(new BoxSpec(language.image(), limits.memoryMb(), limits.processes(), policy.workDirMb()))) {
            putFiles(box, plan.files());
            step = run(box, new Step(argv, new byte[0], limits.cpuTimeMs(), limits.wallTimeMs(),
                    limits.outputBytes(), limits.fileSizeBytes(), Optional.ofNullable(language.artifactDir())));
        }
        byte[] output = concat(step.stdout(), step.stderr());
        CompileOutcome outcome = new CompileOutcome(false, step.exitCode().orElse(null),
                step.signal().orElse(null), step.cpuTimeMs(), step.wallTimeMs(), step.memoryKb(),
                budget.take(output, step.outputTruncated()));
        Optional<String> failure = CompileFailures.describe(step, limits, output);
        if (failure.isPresent()) {
            return new Compilation(outcome, List.of(), failure);
        }
        List<BoxFile> artifacts = Artifacts.normalize(step.artifacts(), language.artifactDir());
        if (!artifacts.isEmpty()) {
            compileCache.store(key, artifacts);
        }
        return new Compilation(outcome, artifacts, Optional.empty());
    }

    private List<RunOutcome> runTestCases(Plan plan, List<BoxFile> artifacts, OutputBudget budget, Progress progress) {
        RunLimits limits = plan.limits();
        List<String> argv = plan.language().runArgv(plan.entrypoint(), plan.fileNames(), plan.args());
        List<BoxFile> files = new ArrayList<>(plan.files());
        files.addAll(artifacts);
        List<RunOutcome> runs = new ArrayList<>();
        try (Box box = sandbox.open(new BoxSpec(plan.language().image(), limits.memoryMb(), limits.processes(), policy.workDirMb()))) {
            putFiles(box, files);
            List<TestCase> cases = plan.testCases();
            for (int i = 0; i < cases.size(); i++) {
                TestCase testCase = cases.get(i);
                if (cases.size() > 1) {
                    progress.testCaseStarted(i, cases.size());
                }
                byte[] stdin = testCase.stdin() == null ? new byte[0] : testCase.stdin().getBytes(StandardCharsets.UTF_8);
                StepOutcome step = run(box, new Step(argv, stdin, limits.cpuTimeMs(), limits.wallTimeMs(),
                        limits.outputBytes(), limits.fileSizeBytes(), Optional.empty()));
                runs.add(Verdicts.judge(i, step, limits, testCase.expectedOutput(), plan.compareMode(), budget));
            }
        }
        return runs;
    }

    /** The box refuses files that break its rules (e.g. too big for the work dir): the request's fault. */
    private static void putFiles(Box box, List<BoxFile> files) {
        try {
            box.putFiles(files);
        } catch (FilesRefusedException refused) {
            throw new Rejection("files: " + refused.getMessage());
        }
    }

    /** A step; files the box refused are told by the first step after them (see {@link Box#putFiles}). */
    private static StepOutcome run(Box box, Step step) {
        try {
            return box.run(step);
        } catch (FilesRefusedException refused) {
            throw new Rejection("files: " + refused.getMessage());
        }
    }

    private ExecutionResult result(Submission submission, Instant startedAt, Verdict verdict, String detail,
            CompileOutcome compile, List<RunOutcome> runs) {
        // compiler messages may quote the source, NUL included: the detail is stored as text
        String shortDetail = StorableText.clean(
                detail == null || detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...");
        return new ExecutionResult(ExecutionResult.VERSION, submission.id(), submission.tenantOrDefault(),
                submission.language(), verdict, shortDetail, compile, List.copyOf(runs),
                submission.metadata(), submission.callbackUrl(), policy.executorId(), startedAt, clock.instant());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private record Compilation(CompileOutcome outcome, List<BoxFile> artifacts, Optional<String> failure) {
    }
}
