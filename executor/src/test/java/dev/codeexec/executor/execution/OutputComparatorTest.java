package dev.codeexec.executor.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.CompareMode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputComparatorTest {

    @ParameterizedTest(name = "[{index}] {0} vs {1}: trim={2} exact={3}")
    @CsvSource(delimiter = '|', textBlock = """
            42              | 42          | true  | true
            42\\n           | 42          | true  | false
            42  \\t\\r\\n   | 42          | true  | false
            a \\nb\\n\\n\\n | a\\nb       | true  | false
            a\\n\\nb        | a\\nb       | false | false
            \\na            | a           | false | false
            a b             | a  b        | false | false
            43              | 42          | false | false
            ''              | ''          | true  | true
            \\n\\n          | ''          | true  | false
            """)
    void comparesInBothModes(String actual, String expected, boolean trim, boolean exact) {
        byte[] output = unescape(actual).getBytes(StandardCharsets.UTF_8);
        String wanted = unescape(expected);

        assertThat(OutputComparator.matches(output, wanted, CompareMode.TRIM)).as("trim").isEqualTo(trim);
        assertThat(OutputComparator.matches(output, wanted, CompareMode.EXACT)).as("exact").isEqualTo(exact);
    }

    @Test
    void invalidUtf8NeverMatchesText() {
        byte[] output = {(byte) 0xff, '\n'};

        assertThat(OutputComparator.matches(output, "\uFFFD", CompareMode.TRIM)).isFalse();
        assertThat(OutputComparator.matches(output, "\uFFFD\n", CompareMode.EXACT)).isFalse();
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r");
    }
}
