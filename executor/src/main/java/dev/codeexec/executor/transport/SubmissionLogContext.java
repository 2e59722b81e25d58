package dev.codeexec.executor.transport;

import dev.codeexec.schemas.LogKeys;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Puts the submission id (the record's key) in the log context while its record is handled on the
 * consumer thread: running it, its status and result events, and a dead-lettering. So every log
 * line of that work carries {@link LogKeys#SUBMISSION_ID}.
 */
public final class SubmissionLogContext implements RecordInterceptor<String, byte[]> {

    @Override
    public ConsumerRecord<String, byte[]> intercept(ConsumerRecord<String, byte[]> record,
            Consumer<String, byte[]> consumer) {
        if (record.key() != null) {
            MDC.put(LogKeys.SUBMISSION_ID, record.key());
        } else {
            MDC.remove(LogKeys.SUBMISSION_ID);
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<String, byte[]> record, Consumer<String, byte[]> consumer) {
        MDC.remove(LogKeys.SUBMISSION_ID);
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        MDC.remove(LogKeys.SUBMISSION_ID);
    }
}
