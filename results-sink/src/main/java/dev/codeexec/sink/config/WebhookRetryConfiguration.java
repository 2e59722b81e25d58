package dev.codeexec.sink.config;

import dev.codeexec.schemas.Topics;
import dev.codeexec.sink.kafka.RetryTopicParking;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;

/**
 * Non-blocking webhook retries (retry topics, see {@code kafka.WebhookListener}), except while
 * PostgreSQL is down: then no attempt can be counted or recorded, so the record is retried in
 * place with back-off ({@code codeexec.sink.retry.*}, forever) instead of spending attempts.
 * The dead-letter topic's consumers only log what ends there, so the broker may hold their
 * fetches for {@link #DLT_FETCH_MAX_WAIT_MS}: idle, they fetch every 5 s, not twice a second. The
 * retry topics' consumers keep the default wait: a resumed partition is fetched once the fetch in
 * flight returns, so a longer wait would make retries later than their due time.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "codeexec.sink.webhooks.enabled", matchIfMissing = true)
public class WebhookRetryConfiguration extends RetryTopicConfigurationSupport {

    static final int DLT_FETCH_MAX_WAIT_MS = 5000;
    static final Duration PARKED_POLL_TIMEOUT = Duration.ofSeconds(5);

    private final SinkProperties properties;

    public WebhookRetryConfiguration(SinkProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void configureCustomizers(CustomizersConfigurer customizers) {
        customizers.customizeListenerContainer(container -> {
            if (RetryTopicParking.readsRetryTopics(container)) {
                // parked (paused) by RetryTopicParking while idle: a paused consumer polls this often
                // (not spring-kafka's 100 ms), and resume() wakes it at once
                container.getContainerProperties().setPollTimeoutWhilePaused(PARKED_POLL_TIMEOUT);
            }
            String[] topics = container.getContainerProperties().getTopics();
            if (topics != null && Arrays.asList(topics).contains(Topics.WEBHOOKS_DLT)) {
                Properties consumer = new Properties();
                consumer.putAll(container.getContainerProperties().getKafkaConsumerProperties());
                consumer.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, DLT_FETCH_MAX_WAIT_MS);
                container.getContainerProperties().setKafkaConsumerProperties(consumer);
            }
        });
    }

    @Override
    protected void configureBlockingRetries(BlockingRetriesConfigurer blocking) {
        blocking.retryOn(DataAccessException.class).backOff(properties.retry().backOff());
    }
}
