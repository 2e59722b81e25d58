package dev.codeexec.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.schemas.v1.TestCase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bound a submission's deadline is built from: compiling plus each test case's wall-time limit. */
class RunBoundTest {

    @Test
    void oneCaseWithItsOwnWallLimitIsTheCompileAllowancePlusThatLimit() {
        Submission s = with(new Limits(null, 2_000L, null, null, null, null), null);
        assertThat(s.runBound()).isEqualTo(Duration.ofMillis(20_000 + 2_000));
    }

    @Test
    void everyTestCaseCountsAndNoLimitMeansTheShippedMaximum() {
        Submission s = with(null, List.of(new TestCase("1", "1"), new TestCase("2", "2"), new TestCase("3", "3")));
        assertThat(s.runBound()).isEqualTo(Duration.ofMillis(20_000 + 3 * 15_000));
    }

    private static Submission with(Limits limits, List<TestCase> cases) {
        return new Submission(Submission.VERSION, "id", null, "python", "print(1)", null, null, null, null, null, cases,
                null, null, limits, null, null, Instant.EPOCH);
    }
}
