package dev.codeexec.executor.transport;

import dev.codeexec.executor.health.SandboxWatch;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Pauses the submissions listener while the sandbox is down and resumes it when it is back. A
 * paused consumer keeps polling (and so keeps its partitions) but gets no records; the record
 * that failed was sought back by the rollback, so it runs again after the resume.
 */
public class ListenerPauser implements SandboxWatch.Listener {

    private final KafkaListenerEndpointRegistry registry;

    public ListenerPauser(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void availabilityChanged(boolean available) {
        MessageListenerContainer container = registry.getListenerContainer(SubmissionListener.ID);
        if (container == null) {
            return;
        }
        if (available) {
            container.resume();
        } else {
            container.pause();
        }
    }
}
