package dev.codeexec.sink.config;

import dev.codeexec.outbound.OutboundClient;
import dev.codeexec.outbound.OutboundLimits;
import dev.codeexec.outbound.OutboundPolicy;
import dev.codeexec.sink.jdbc.JdbcDeliveryLog;
import dev.codeexec.sink.webhook.DeliverWebhook;
import dev.codeexec.sink.webhook.HttpWebhookClient;
import dev.codeexec.sink.kafka.RetryTopicParking;
import dev.codeexec.sink.kafka.WebhookListener;
import dev.codeexec.sink.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;

/** Webhook delivery in its own consumer group; on unless {@code codeexec.sink.webhooks.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "codeexec.sink.webhooks.enabled", matchIfMissing = true)
public class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    /** Public targets, plus {@code allowed-hosts}; {@code timeout} bounds connect, each read and the whole attempt. */
    @Bean
    OutboundClient webhookOutbound(SinkProperties properties) {
        SinkProperties.Webhooks webhooks = properties.webhooks();
        return new OutboundClient(OutboundPolicy.publicOr(webhooks.allowedHosts()),
                new OutboundLimits(0, webhooks.timeout(), webhooks.timeout(), webhooks.timeout(), 0));
    }

    @Bean
    DeliverWebhook deliverWebhook(JdbcClient jdbc, SinkProperties properties, OutboundClient webhookOutbound) {
        SinkProperties.Webhooks webhooks = properties.webhooks();
        return new DeliverWebhook(new JdbcDeliveryLog(jdbc), new HttpWebhookClient(webhookOutbound),
                new WebhookSignature(secret(webhooks)), webhooks.maxAttempts(), Clock.systemUTC());
    }

    private static byte[] secret(SinkProperties.Webhooks webhooks) {
        if (!webhooks.secret().isBlank()) {
            return webhooks.secret().getBytes(StandardCharsets.UTF_8);
        }
        log.warn("codeexec.sink.webhooks.secret is not set: webhooks are signed with a random secret that no receiver knows");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    @Bean
    WebhookListener webhookListener(DeliverWebhook deliverWebhook, ObjectProvider<RetryTopicParking> parking) {
        return new WebhookListener(deliverWebhook, () -> parking.ifAvailable(RetryTopicParking::wake));
    }

    /** Parks the retry and dead-letter topics' idle consumers (unless {@code park-after} is 0). */
    @Bean
    RetryTopicParking webhookRetryParking(KafkaListenerEndpointRegistry registry, Admin reaperAdmin,
            SinkProperties properties) {
        SinkProperties.Webhooks webhooks = properties.webhooks();
        return new RetryTopicParking(registry, reaperAdmin, webhooks.parkAfter(), webhooks.parkCheck());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> webhookListenerFactory(KafkaProperties kafka,
            SinkProperties properties) {
        Map<String, Object> config = KafkaConfiguration.consumerConfig(kafka);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        // off the user's path, like status events and analytics (also used by the retry and
        // dead-letter topics' consumers, idle nearly always): see OFF_PATH_RETRY_BACKOFF_MS
        config.put(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG, KafkaConfiguration.OFF_PATH_RETRY_BACKOFF_MS);
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setConcurrency(properties.concurrency());
        // one offset commit per poll, not per result: a redelivered result continues its delivery
        // from webhook_deliveries and one already delivered is never sent again
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        // error handling (blocking retries while PostgreSQL is down, retry topics for failed attempts) is
        // set up per container by WebhookRetryConfiguration and @RetryableTopic on WebhookListener
        return factory;
    }
}
