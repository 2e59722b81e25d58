package dev.codeexec.storage;

import java.util.regex.Pattern;

/**
 * The key layout of the object store, in one place, and the rule every key obeys: relative,
 * {@code /}-separated segments of {@code [A-Za-z0-9._-]}, none of them {@code .} or {@code ..}.
 */
public final class ObjectKeys {

    /** Content type of outputs that are valid UTF-8. */
    public static final String TEXT = "text/plain; charset=utf-8";
    /** Content type of outputs that are not valid UTF-8. */
    public static final String BINARY = "application/octet-stream";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAX_KEY_LENGTH = 1024;

    private ObjectKeys() {
    }

    /** Prefix of every object of one submission (ends with {@code /}). */
    public static String submission(String submissionId) {
        return check("submissions/" + submissionId) + "/";
    }

    /** Key of the stdout of test case {@code testCase}. */
    public static String stdout(String submissionId, int testCase) {
        return run(submissionId, testCase, "stdout");
    }

    /** Key of the stderr of test case {@code testCase}. */
    public static String stderr(String submissionId, int testCase) {
        return run(submissionId, testCase, "stderr");
    }

    private static String run(String submissionId, int testCase, String stream) {
        if (testCase < 0) {
            throw new IllegalArgumentException("test case must be >= 0: " + testCase);
        }
        return check("submissions/" + submissionId + "/runs/" + testCase + "/" + stream);
    }

    /** Returns {@code key} when it obeys the key rule; throws {@link IllegalArgumentException} otherwise. */
    public static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("object key must have 1.." + MAX_KEY_LENGTH + " characters");
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key has a bad segment '" + segment + "': " + key);
            }
        }
        return key;
    }

    /** Checks a prefix: a key, optionally ending with {@code /}. */
    public static String checkPrefix(String prefix) {
        if (prefix != null && prefix.endsWith("/")) {
            check(prefix.substring(0, prefix.length() - 1));
            return prefix;
        }
        return check(prefix);
    }
}
