package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.schemas.CompareMode;
import dev.codeexec.schemas.kafka.SubmissionRules;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.SourceFile;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.schemas.v1.TestCase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a submission resolves to before anything runs, and everything a run needs from it;
 * building it refuses what is not allowed. {@code compilerOptions} are empty unless the language
 * has a compile step.
 */
record Plan(Language language, RunLimits limits, List<BoxFile> files, String entrypoint, List<TestCase> testCases,
        List<String> compilerOptions, List<String> args, CompareMode compareMode) {

    static Plan of(Submission submission, LanguageCatalogue languages, ExecutionPolicy policy) {
        Language language = languages.find(submission.language())
                .orElseThrow(() -> new Rejection("language: unknown language '" + submission.language() + "'"));
        List<TestCase> cases = submission.effectiveTestCases();
        if (cases.size() > policy.maxTestCases()) {
            throw new Rejection("testCases: " + cases.size() + " test cases are over the maximum " + policy.maxTestCases());
        }
        RunLimits limits = LimitResolver.resolve(submission.limits(), policy);
        List<String> compilerOptions = submission.compilerOptionsOrEmpty();
        language.compilerOptionsRefusal(compilerOptions).ifPresent(reason -> {
            throw new Rejection("compilerOptions: " + reason);
        });
        noNul("args", submission.argsOrEmpty());
        noNul("compilerOptions", compilerOptions);
        List<BoxFile> files = new ArrayList<>();
        String entrypoint;
        if (submission.source() != null) {
            files.add(new BoxFile(language.sourceFile(), submission.source().getBytes(StandardCharsets.UTF_8), false));
            entrypoint = language.sourceFile();
        } else {
            files.addAll(checkedFiles(submission));
            entrypoint = submission.entrypoint();
            if (entrypoint == null || files.stream().noneMatch(f -> f.name().equals(entrypoint))) {
                throw new Rejection("entrypoint: must name one of the files");
            }
        }
        return new Plan(language, limits, List.copyOf(files), entrypoint, List.copyOf(cases),
                List.copyOf(compilerOptions), List.copyOf(submission.argsOrEmpty()), submission.compareModeOrDefault());
    }

    /** An argv entry is a C string: a NUL would cut it short, so it is refused, not passed on changed. */
    private static void noNul(String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null || values.get(i).indexOf('\0') >= 0) {
                throw new Rejection(field + "[" + i + "]: must be a string without NUL characters");
            }
        }
    }

    List<String> fileNames() {
        return files.stream().map(BoxFile::name).toList();
    }

    /** The codec validated the names already; checked again because a box is no place for trust. */
    private static List<BoxFile> checkedFiles(Submission submission) {
        if (submission.files() == null || submission.files().isEmpty()) {
            throw new Rejection("source: give exactly one of source or files");
        }
        Set<String> names = new HashSet<>();
        List<BoxFile> files = new ArrayList<>();
        for (int i = 0; i < submission.files().size(); i++) {
            SourceFile file = submission.files().get(i);
            if (!SubmissionRules.isSafeName(file.name()) || !names.add(file.name())) {
                throw new Rejection("files[" + i + "].name: '" + file.name() + "' is not a safe, unique relative path");
            }
            try {
                files.add(new BoxFile(file.name(), file.bytes(), false));
            } catch (IllegalArgumentException badBase64) {
                throw new Rejection("files[" + i + "].content: is not valid base64");
            }
        }
        return files;
    }
}
