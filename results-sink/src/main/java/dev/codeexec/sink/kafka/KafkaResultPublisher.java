package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.sink.reaper.ResultPublisherPort;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes the reaper's results on the results topic, keyed by submission id as executors do. */
public final class KafkaResultPublisher implements ResultPublisherPort {

    private final KafkaTemplate<String, byte[]> template;
    private final Duration timeout;

    public KafkaResultPublisher(KafkaTemplate<String, byte[]> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    @Override
    public void publish(ExecutionResult result) {
        try {
            template.send(Topics.RESULTS, result.submissionId(), RecordCodec.RESULT.encode(result))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the result of " + result.submissionId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the result of " + result.submissionId() + " was not published: " + e, e);
        }
    }
}
