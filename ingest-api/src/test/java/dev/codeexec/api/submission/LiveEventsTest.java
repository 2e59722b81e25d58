package dev.codeexec.api.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveEventsTest {

    private final LiveEvents live = new LiveEvents(10);

    @Test
    void resultsAreRememberedWatchedOrNotUpToTheNewestOnes() {
        live.completed("first");
        for (int i = 0; i < LiveEvents.RECENT_RESULTS - 1; i++) {
            live.completed("id-" + i);
        }
        live.completed("first"); // seen twice: still one place

        assertThat(live.resultSeen("first")).isTrue();
        assertThat(live.resultSeen("never")).isFalse();

        live.completed("one-more");

        assertThat(live.resultSeen("first")).as("the oldest makes room").isFalse();
        assertThat(live.resultSeen("id-0")).isTrue();
        assertThat(live.resultSeen("one-more")).isTrue();
    }
}
