package dev.codeexec.schemas.kafka;

import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.v1.SourceFile;
import dev.codeexec.schemas.v1.Submission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules of the submission contract that JSON Schema does not say well. {@code compilerOptions} for
 * a language without a compile step are not a contract error: the contract does not know the
 * languages, the executor does (it answers {@code REJECTED}).
 */
public final class SubmissionRules {

    /** A relative path of plain segments: no absolute paths, no {@code ..}, no hidden tricks. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,99}");

    private SubmissionRules() {
    }

    public static List<FieldError> check(Submission s) {
        List<FieldError> errors = new ArrayList<>();
        boolean hasSource = s.source() != null;
        boolean hasFiles = s.files() != null && !s.files().isEmpty();
        if (hasSource == hasFiles) {
            errors.add(new FieldError(hasSource ? "files" : "source",
                    "give exactly one of source or files"));
        }
        if (hasFiles) {
            checkFiles(s, errors);
        }
        if (s.testCases() != null && !s.testCases().isEmpty()
                && (s.expectedOutput() != null || s.stdin() != null)) {
            errors.add(new FieldError("testCases", "give testCases, or stdin/expectedOutput, not both"));
        }
        return errors;
    }

    private static void checkFiles(Submission s, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < s.files().size(); i++) {
            SourceFile file = s.files().get(i);
            String field = "files[" + i + "].name";
            if (!isSafeName(file.name())) {
                errors.add(new FieldError(field,
                        "must be a relative path of segments [A-Za-z0-9_.+-] without '..' or a leading '/'"));
            } else if (!names.add(file.name())) {
                errors.add(new FieldError(field, "duplicate file name"));
            }
            if ("base64".equals(file.encoding())) {
                try {
                    Base64.getDecoder().decode(file.content());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("files[" + i + "].content", "is not valid base64"));
                }
            }
        }
        if (s.entrypoint() == null) {
            errors.add(new FieldError("entrypoint", "is required with files"));
        } else if (!names.contains(s.entrypoint())) {
            errors.add(new FieldError("entrypoint", "must name one of the files"));
        }
    }

    /** True for a relative path of safe segments, at most 4 deep. */
    public static boolean isSafeName(String name) {
        if (name == null || name.isEmpty() || name.length() > 200) {
            return false;
        }
        String[] segments = name.split("/", -1);
        if (segments.length > 4) {
            return false;
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }
}
