package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentlyCompletedTest {

    @Test
    void remembersTheLastIdsUpToItsCapacityOldestOutFirst() {
        RecentlyCompleted recent = new RecentlyCompleted(3);
        recent.addAll(List.of("a", "b", "c"));
        assertThat(recent.contains("a")).isTrue();

        recent.addAll(List.of("d"));

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.contains("a")).as("the oldest is forgotten").isFalse();
        assertThat(List.of("b", "c", "d")).allMatch(recent::contains);
        assertThat(recent.contains("e")).isFalse();
    }

    @Test
    void anIdAnsweredAgainIsNotKeptTwice() {
        RecentlyCompleted recent = new RecentlyCompleted(2);
        recent.addAll(List.of("a", "a", "b"));
        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.contains("a")).isTrue();
        assertThat(recent.contains("b")).isTrue();
    }

    @Test
    void aCapacityOfZeroRemembersNothing() {
        RecentlyCompleted recent = new RecentlyCompleted(0);
        recent.addAll(List.of("a"));
        assertThat(recent.contains("a")).isFalse();
        assertThatThrownBy(() -> new RecentlyCompleted(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
