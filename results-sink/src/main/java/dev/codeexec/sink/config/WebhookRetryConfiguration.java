package dev.codeexec.sink.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;

/**
 * Non-blocking webhook retries (retry topics, see {@code kafka.WebhookListener}), except while
 * PostgreSQL is down: then no attempt can be counted or recorded, so the record is retried in
 * place with back-off ({@code codeexec.sink.retry.*}, forever) instead of spending attempts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "codeexec.sink.webhooks.enabled", matchIfMissing = true)
public class WebhookRetryConfiguration extends RetryTopicConfigurationSupport {

    private final SinkProperties properties;

    public WebhookRetryConfiguration(SinkProperties properties) {
        this.properties = properties;
    }

    @Override
    protected void configureBlockingRetries(BlockingRetriesConfigurer blocking) {
        blocking.retryOn(DataAccessException.class).backOff(properties.retry().backOff());
    }
}
