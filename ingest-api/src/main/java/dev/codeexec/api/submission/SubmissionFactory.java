package dev.codeexec.api.submission;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.schemas.CompareMode;
import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.kafka.StorableText;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.Submission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a request and turns it into a v1 {@link Submission}: contract errors and text PostgreSQL
 * cannot hold ({@link StorableText}: NUL or an unpaired surrogate in metadata, callbackUrl) are
 * refused with 400 ({@link Refusal.Kind#INVALID}); limits over the maxima and callback URLs to internal addresses
 * with 422 ({@link Refusal.Kind#UNPROCESSABLE}).
 */
public final class SubmissionFactory {

    private final LanguageCatalogue languages;
    private final MaxLimits max;
    private final CallbackCheckPort callbacks;

    public SubmissionFactory(LanguageCatalogue languages, MaxLimits max) {
        this(languages, max, CallbackCheckPort.allowAll());
    }

    public SubmissionFactory(LanguageCatalogue languages, MaxLimits max, CallbackCheckPort callbacks) {
        this.languages = languages;
        this.max = max;
        this.callbacks = callbacks;
    }

    public Submission create(String id, String tenant, SubmissionRequest request, Instant now) {
        if (request == null) {
            throw Refusal.invalid("", "the body must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        boolean named = request.language() != null && !request.language().isBlank();
        Optional<Language> language = named ? languages.find(request.language()) : Optional.empty();
        if (!named) {
            errors.add(new FieldError("language", "is required; GET /api/v1/languages lists the languages"));
        } else if (language.isEmpty()) {
            errors.add(new FieldError("language", "unknown language '" + abbreviate(request.language())
                    + "'; GET /api/v1/languages lists the languages"));
        }
        boolean hasFiles = request.files() != null && !request.files().isEmpty();
        if (request.source() == null && !hasFiles) {
            errors.add(new FieldError("source", "is required (or files with an entrypoint)"));
        }
        CompareMode compareMode = compareMode(request.compareMode(), errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        Submission submission = new Submission(Submission.VERSION, id, tenant, request.language(),
                request.source(), request.files(), request.entrypoint(), request.stdin(), request.args(),
                request.compilerOptions(), request.testCases(), request.expectedOutput(), compareMode, request.limits(),
                request.metadata() == null ? null : new TreeMap<>(request.metadata()),
                request.callbackUrl(), now);
        List<FieldError> contract = new ArrayList<>(RecordCodec.SUBMISSION.check(submission));
        contract.addAll(StorableText.check(submission));
        if (!contract.isEmpty()) {
            throw Refusal.invalid(contract);
        }
        List<FieldError> overMax = overMaxima(request);
        language.flatMap(l -> l.compilerOptionsRefusal(submission.compilerOptionsOrEmpty()))
                .ifPresent(reason -> overMax.add(new FieldError("compilerOptions", reason)));
        if (request.callbackUrl() != null) {
            callbacks.refusal(request.callbackUrl())
                    .ifPresent(reason -> overMax.add(new FieldError("callbackUrl", reason)));
        }
        if (!overMax.isEmpty()) {
            throw Refusal.unprocessable(overMax);
        }
        return submission;
    }

    private List<FieldError> overMaxima(SubmissionRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Limits l = request.limits();
        if (l != null) {
            check("limits.cpuTimeMs", l.cpuTimeMs(), max.cpuTimeMs(), errors);
            check("limits.wallTimeMs", l.wallTimeMs(), max.wallTimeMs(), errors);
            check("limits.memoryMb", l.memoryMb(), max.memoryMb(), errors);
            check("limits.processes", l.processes(), max.processes(), errors);
            check("limits.outputKb", l.outputKb(), max.outputKb(), errors);
            check("limits.fileSizeKb", l.fileSizeKb(), max.fileSizeKb(), errors);
        }
        if (request.testCases() != null && request.testCases().size() > max.testCases()) {
            errors.add(new FieldError("testCases", "at most " + max.testCases() + " test cases are allowed"));
        }
        return errors;
    }

    private static void check(String field, Long value, long maximum, List<FieldError> errors) {
        if (value != null && value > maximum) {
            errors.add(new FieldError(field, "must be at most " + maximum + " (the server maximum)"));
        }
    }

    private static CompareMode compareMode(String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return CompareMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("compareMode", "must be " + java.util.Arrays.stream(CompareMode.values())
                    .map(CompareMode::json).collect(java.util.stream.Collectors.joining(" or "))));
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
