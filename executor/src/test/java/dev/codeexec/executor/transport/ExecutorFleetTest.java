package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ExecutorFleetTest {

    @Test
    void anExecutorIsLiveWhenOneOfItsConsumerThreadsIsAMember() {
        Set<String> members = Set.of("exec-a-0", "exec-a-1", "consumer-codeexec-executor-7", "exec-b");

        assertThat(ExecutorFleet.isLive("exec-a", members)).isTrue();
        assertThat(ExecutorFleet.isLive("exec-b", members)).isTrue();
        assertThat(ExecutorFleet.isLive("exec", members)).as("a prefix of a live id is not live").isFalse();
        assertThat(ExecutorFleet.isLive("exec-a-0-x", members)).isFalse();
        assertThat(ExecutorFleet.isLive("gone", members)).isFalse();
    }
}
