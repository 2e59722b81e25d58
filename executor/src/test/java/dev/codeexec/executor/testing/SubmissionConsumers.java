package dev.codeexec.executor.testing;

import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.transport.SubmissionListener;
import java.time.Duration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/** The executor's submission consumers, as a test that sends submissions needs them. */
public final class SubmissionConsumers {

    private SubmissionConsumers() {
    }

    /**
     * Waits until each of the submission container's consumer threads owns exactly one partition
     * (the tests' topics have as many partitions as the executor has slots). A test sends only
     * then: a rebalance waits for every member to poll again, a member polls only between
     * batches, and a rebalance under a batch fences its commit and runs it again.
     */
    public static void awaitOnePartitionEach(KafkaListenerEndpointRegistry registry, Duration atMost) {
        var container = (ConcurrentMessageListenerContainer<?, ?>) registry.getListenerContainer(SubmissionListener.ID);
        await().atMost(atMost).until(() -> container.getContainers().stream()
                .allMatch(child -> child.getAssignedPartitions() != null && child.getAssignedPartitions().size() == 1));
    }
}
