package dev.codeexec.schemas.kafka;

import dev.codeexec.schemas.json.FieldError;
import dev.codeexec.schemas.v1.Submission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Text that PostgreSQL's {@code text} and {@code jsonb} cannot hold: U+0000 (a NUL byte in
 * {@code text} is SQLSTATE 22021, a {@code \u0000} escape in {@code jsonb} 22P05) and a UTF-16
 * surrogate without its pair ({@code jsonb} refuses its escape with 22P02; it has no UTF-8 form,
 * so {@code text} cannot keep it either). The fields of a submission kept in such columns ({@code tenant},
 * {@code callbackUrl}, the keys and values of {@code metadata}; {@code id} and {@code language}
 * are held to patterns by the contract) must not hold it: the API refuses such a request with
 * 400, the executor answers such a record with {@code REJECTED}. Program data ({@code source},
 * {@code files}, {@code stdin}, {@code expectedOutput}, arguments) is never kept as text and may
 * hold anything its own rules allow.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why {@code s} cannot be stored as text, if it cannot. */
    public static Optional<String> problem(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                return Optional.of("holds a NUL character (U+0000), which codeexec cannot store");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("holds an unpaired UTF-16 surrogate (U+" + Integer.toHexString(c).toUpperCase()
                        + "), which codeexec cannot store");
            }
        }
        return Optional.empty();
    }

    /** The fields of {@code s} that cannot be stored, named as the API names them ({@code metadata.k}). */
    public static List<FieldError> check(Submission s) {
        List<FieldError> errors = new ArrayList<>();
        add(errors, "tenant", s.tenant());
        add(errors, "callbackUrl", s.callbackUrl());
        for (Map.Entry<String, String> e : new TreeMap<>(s.metadataOrEmpty()).entrySet()) {
            String field = "metadata." + (problem(e.getKey()).isPresent() ? clean(e.getKey()) : e.getKey());
            add(errors, field, e.getKey());
            if (problem(e.getKey()).isEmpty()) {
                add(errors, field, e.getValue());
            }
        }
        return errors;
    }

    /**
     * {@code s} with what cannot be stored taken out, to report on it: {@code metadata} and
     * {@code callbackUrl} dropped when they hold such text, {@code tenant} {@link #clean}ed.
     * {@code s} itself when it can be stored.
     */
    public static Submission storable(Submission s) {
        if (check(s).isEmpty()) {
            return s;
        }
        boolean metadataOk = s.metadataOrEmpty().entrySet().stream()
                .allMatch(e -> problem(e.getKey()).isEmpty() && problem(e.getValue()).isEmpty());
        return new Submission(s.schemaVersion(), s.id(), clean(s.tenant()), s.language(), s.source(), s.files(),
                s.entrypoint(), s.stdin(), s.args(), s.compilerOptions(), s.testCases(), s.expectedOutput(),
                s.compareMode(), s.limits(), metadataOk ? s.metadata() : null,
                problem(s.callbackUrl()).isEmpty() ? s.callbackUrl() : null, s.submittedAt());
    }

    /** {@code s} with every NUL and unpaired surrogate replaced by U+FFFD; null stays null. */
    public static String clean(String s) {
        if (s == null || problem(s).isEmpty()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void add(List<FieldError> errors, String field, String value) {
        problem(value).ifPresent(reason -> errors.add(new FieldError(field, reason)));
    }
}
