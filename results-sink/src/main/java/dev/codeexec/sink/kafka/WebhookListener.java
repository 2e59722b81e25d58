package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.sink.webhook.DeliverWebhook;
import dev.codeexec.sink.webhook.RetryLaterException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;

/**
 * Reads results in its own consumer group and makes the due webhook attempt. Retries do not
 * block: a {@link RetryLaterException} forwards the record to the next retry topic
 * ({@link Topics#webhookRetry}, exponential delays), whose consumer
 * waits for that record's due time only, so later deliveries go out meanwhile. The last attempt
 * is bounded by {@link DeliverWebhook} (it records FAILED instead of throwing); anything left
 * over ends in {@link Topics#WEBHOOKS_DLT}.
 */
public class WebhookListener {

    static final String ID = "sink-webhooks";

    private final DeliverWebhook deliver;
    private final Runnable onRetry;

    /**
     * @param onRetry runs before a failed attempt goes to its retry topic (it resumes the retry
     *                topics' parked consumers, see {@link RetryTopicParking})
     */
    public WebhookListener(DeliverWebhook deliver, Runnable onRetry) {
        this.deliver = deliver;
        this.onRetry = onRetry;
    }

    @RetryableTopic(attempts = "${codeexec.sink.webhooks.max-attempts:6}",
            backOff = @BackOff(delayString = "${codeexec.sink.webhooks.initial-backoff:1s}", multiplier = 2.0,
                    maxDelayString = "${codeexec.sink.webhooks.max-backoff:60s}"),
            include = RetryLaterException.class, kafkaTemplate = "sinkTemplate",
            numPartitions = "${codeexec.sink.partitions:6}", replicationFactor = "${codeexec.sink.replication-factor:1}",
            retryTopicSuffix = Topics.WEBHOOK_RETRY_SUFFIX, dltTopicSuffix = Topics.WEBHOOK_DLT_SUFFIX)
    @KafkaListener(id = ID, topics = Topics.RESULTS, groupId = "${codeexec.sink.webhooks.group-id:codeexec-webhooks}",
            containerFactory = "webhookListenerFactory")
    public void onResult(ConsumerRecord<String, byte[]> record) {
        if (!CallbackPeek.mayHaveCallback(record.value())) {
            return; // most results: no webhook, and nothing to validate or bind for one
        }
        ExecutionResult result;
        try {
            result = RecordCodec.RESULT.decode(record.value());
        } catch (InvalidRecordException unreadable) {
            return; // the persisting listener sends it to the dead-letter topic
        }
        try {
            deliver.deliver(result);
        } catch (RetryLaterException retry) {
            onRetry.run();
            throw retry;
        }
    }
}
