package dev.codeexec.executor.execution;

import dev.codeexec.schemas.CompareMode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compares a program's stdout with an expected output, on bytes (so invalid UTF-8 in the output
 * never matches by accident). {@code TRIM} ignores trailing whitespace on each line (space, tab,
 * CR, vertical tab, form feed) and trailing blank lines; {@code EXACT} compares byte for byte.
 */
public final class OutputComparator {

    private OutputComparator() {
    }

    public static boolean matches(byte[] actual, String expected, CompareMode mode) {
        byte[] wanted = expected.getBytes(StandardCharsets.UTF_8);
        if (mode == CompareMode.EXACT) {
            return Arrays.equals(actual, wanted);
        }
        return Arrays.equals(trim(actual), trim(wanted));
    }

    /** Each line without trailing whitespace, without trailing blank lines, joined by '\n'. */
    static byte[] trim(byte[] text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length);
        int pendingNewlines = 0;
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == '\n') {
                int end = i;
                while (end > start && isTrailingSpace(text[end - 1])) {
                    end--;
                }
                if (end > start) {
                    // a non-blank line: the blank lines before it count, trailing ones never do
                    for (; pendingNewlines > 0; pendingNewlines--) {
                        out.write('\n');
                    }
                    out.write(text, start, end - start);
                }
                pendingNewlines++;
                start = i + 1;
            }
        }
        return out.toByteArray();
    }

    private static boolean isTrailingSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0B || b == '\f';
    }
}
