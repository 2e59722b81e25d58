package dev.codeexec.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.codeexec.schemas.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The parking's rules on their own (the integration test runs it against a running broker): when
 * the broker does not answer, nothing stays parked; a retry this process forwards resumes every
 * parked consumer at once; only the retry and dead-letter topics' consumers are ever touched.
 */
class RetryTopicParkingTest {

    /** A real admin client whose broker is down: nothing listens on port 1. */
    private final Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"));
    private final KafkaListenerEndpointRegistry registry = mock(KafkaListenerEndpointRegistry.class);
    private final Container retry = new Container("sink-webhooks-retry-1000", Topics.webhookRetry(1000));
    private final Container dlt = new Container("sink-webhooks-dlt", Topics.WEBHOOKS_DLT);
    private final Container results = new Container("sink-results", Topics.RESULTS);
    private final RetryTopicParking parking = new RetryTopicParking(registry, admin, Duration.ZERO, Duration.ofMillis(100));

    RetryTopicParkingTest() {
        when(registry.getAllListenerContainers()).thenReturn(List.of(retry.mock, dlt.mock, results.mock));
    }

    @Test
    void onlyTheRetryAndDeadLetterTopicsConsumersAreManaged() {
        assertThat(parking.containers()).containsExactly(retry.mock, dlt.mock);
    }

    @AfterEach
    void closeAdmin() {
        admin.close(Duration.ZERO);
    }

    @Test
    void whenTheBrokerDoesNotAnswerEveryParkedConsumerResumes() {
        retry.paused = true;
        dlt.paused = true;

        parking.check(); // the offsets cannot be read within the check's timeout (1 s)

        assertThat(retry.paused).isFalse();
        assertThat(dlt.paused).isFalse();
        assertThat(results.paused).isFalse();
    }

    @Test
    void aRetryForwardedByThisProcessResumesEveryParkedConsumerAtOnce() {
        retry.paused = true;
        dlt.paused = true;

        parking.wake();

        assertThat(retry.paused).isFalse();
        assertThat(dlt.paused).isFalse();
    }

    /** A listener container whose pause state the test can read. */
    private static final class Container {
        final MessageListenerContainer mock = mock(MessageListenerContainer.class);
        boolean paused;

        Container(String id, String topic) {
            when(mock.getListenerId()).thenReturn(id);
            when(mock.getGroupId()).thenReturn("group-" + id);
            when(mock.getContainerProperties()).thenReturn(new ContainerProperties(topic));
            when(mock.isPauseRequested()).thenAnswer(i -> paused);
            doAnswer(i -> paused = true).when(mock).pause();
            doAnswer(i -> paused = false).when(mock).resume();
        }
    }
}
