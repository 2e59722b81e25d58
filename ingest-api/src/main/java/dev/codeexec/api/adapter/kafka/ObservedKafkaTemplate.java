package dev.codeexec.api.adapter.kafka;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * A {@link KafkaTemplate} with observation on (each record carries the trace context of the
 * request that sent it) that never asks the cluster for its id. The id is only a tag of the
 * observation, and the stock template fetches it through {@code KafkaAdmin} at its first send, on
 * the request thread, for up to the admin's operation timeout (30 s) while the broker is down:
 * past the {@code produce-timeout} bound of every Kafka wait in a request.
 */
public final class ObservedKafkaTemplate extends KafkaTemplate<String, byte[]> {

    public ObservedKafkaTemplate(ProducerFactory<String, byte[]> producerFactory) {
        super(producerFactory);
        setObservationEnabled(true);
    }

    @Override
    protected String clusterId() {
        return null;
    }
}
