package dev.codeexec.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a waiting client's stored view is read after its result record went by. */
class FollowingTest {

    @Test
    void theStoredViewIsReadEveryFourMillisecondsForTheFirstTwentyThenBacksOffToOneASecond() {
        List<Long> readAt = new ArrayList<>();
        long at = 0;
        for (int attempt = 0; attempt < 20; attempt++) {
            at += Following.gapBeforeRead(attempt);
            readAt.add(at);
        }
        // the sink stores a result 10-30 ms after it is committed: a read lands at most 4 ms after it
        assertThat(readAt.subList(0, 6)).containsExactly(0L, 4L, 8L, 12L, 16L, 20L);
        assertThat(readAt.subList(6, 8)).containsExactly(30L, 50L);
        // then no more than one read a second, however long the sink takes
        assertThat(readAt.stream().filter(t -> t < 1000)).hasSizeLessThanOrEqualTo(12);
        for (int i = 13; i < readAt.size(); i++) {
            assertThat(readAt.get(i) - readAt.get(i - 1)).isEqualTo(1000L);
        }
    }
}
