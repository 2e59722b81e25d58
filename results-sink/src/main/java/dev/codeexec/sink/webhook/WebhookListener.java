package dev.codeexec.sink.webhook;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads results in its own consumer group and makes the due webhook attempt. A
 * {@link RetryLaterException} goes to the container's error handler, which backs off
 * exponentially and redelivers the record (the offset is not committed meanwhile).
 */
public class WebhookListener {

    static final String ID = "sink-webhooks";

    private final DeliverWebhook deliver;

    public WebhookListener(DeliverWebhook deliver) {
        this.deliver = deliver;
    }

    @KafkaListener(id = ID, topics = Topics.RESULTS, groupId = "${codeexec.sink.webhooks.group-id:codeexec-webhooks}",
            containerFactory = "webhookListenerFactory")
    public void onResult(ConsumerRecord<String, byte[]> record) {
        ExecutionResult result;
        try {
            result = RecordCodec.RESULT.decode(record.value());
        } catch (InvalidRecordException unreadable) {
            return; // the persisting listener sends it to the dead-letter topic
        }
        deliver.deliver(result);
    }
}
