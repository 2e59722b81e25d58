package dev.codeexec.schemas.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.codeexec.schemas.CompareMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A program to run: the record on {@link dev.codeexec.schemas.Topics#SUBMISSIONS}, keyed by
 * {@link #id()}. Either {@code source} or {@code files} (with an {@code entrypoint}) is given;
 * either {@code stdin}/{@code expectedOutput} or {@code testCases}. {@code compilerOptions} are
 * appended to the language's compile argv (never through a shell); whether a language takes them
 * is the executor's decision.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Submission(
        int schemaVersion,
        String id,
        String tenant,
        String language,
        String source,
        List<SourceFile> files,
        String entrypoint,
        String stdin,
        List<String> args,
        List<String> compilerOptions,
        List<TestCase> testCases,
        String expectedOutput,
        CompareMode compareMode,
        Limits limits,
        Map<String, String> metadata,
        String callbackUrl,
        Instant submittedAt) {

    public static final int VERSION = 1;
    public static final String DEFAULT_TENANT = "default";
    /** The compile part of {@link #runBound()}: the executor's compile wall-time limit, 20 s. */
    public static final long COMPILE_ALLOWANCE_MS = 20_000L;
    /** The schema's patterns for {@code id} and {@code language}, for callers that check a value without a record. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z][a-z0-9+_-]{0,31}");

    /** Whether {@code id} has the form of a submission id (the schema's pattern): anything else is no submission's id. */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Whether {@code language} has the form of a language id (the schema's pattern): no submission has another. */
    public static boolean isValidLanguage(String language) {
        return language != null && LANGUAGE.matcher(language).matches();
    }

    /** A minimal submission: one source file, one stdin. */
    public static Submission of(String id, String language, String source, String stdin) {
        return new Submission(VERSION, id, DEFAULT_TENANT, language, source, null, null, stdin,
                null, null, null, null, null, null, null, null, Instant.now());
    }

    /** The tenant, or {@value #DEFAULT_TENANT} when the producer gave none. */
    @JsonIgnore
    public String tenantOrDefault() {
        return tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant;
    }

    /**
     * The test cases to run: {@code testCases} when given, otherwise one case built from
     * {@code stdin} and {@code expectedOutput}.
     */
    @JsonIgnore
    public List<TestCase> effectiveTestCases() {
        if (testCases != null && !testCases.isEmpty()) {
            return testCases;
        }
        return List.of(new TestCase(stdin, expectedOutput));
    }

    /**
     * The longest an executor may spend on this submission once it takes it up: a compile
     * allowance of {@value #COMPILE_ALLOWANCE_MS} ms plus, per test case, the wall-time limit it
     * asked for (or the shipped maximum, {@code Limits.DEFAULT_MAXIMA}, when it asked for none).
     * A reaper finishes a submission that has no result this long after {@code submittedAt} plus
     * its own margin, and only once no executor still holds its record.
     */
    @JsonIgnore
    public Duration runBound() {
        Long wall = limitsOrDefaults().wallTimeMs();
        long perCase = wall == null ? Limits.DEFAULT_MAXIMA.wallTimeMs() : wall;
        return Duration.ofMillis(COMPILE_ALLOWANCE_MS + perCase * Math.max(1, effectiveTestCases().size()));
    }

    @JsonIgnore
    public CompareMode compareModeOrDefault() {
        return compareMode == null ? CompareMode.TRIM : compareMode;
    }

    @JsonIgnore
    public Limits limitsOrDefaults() {
        return limits == null ? Limits.defaults() : limits;
    }

    @JsonIgnore
    public Map<String, String> metadataOrEmpty() {
        return metadata == null ? Map.of() : metadata;
    }

    @JsonIgnore
    public List<String> argsOrEmpty() {
        return args == null ? List.of() : args;
    }

    /** The compiler options, passed literally after the language's compile argv; empty when none. */
    @JsonIgnore
    public List<String> compilerOptionsOrEmpty() {
        return compilerOptions == null ? List.of() : compilerOptions;
    }
}
