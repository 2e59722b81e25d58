package dev.codeexec.schemas.kafka;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} over a {@link RecordCodec}. The deserializer throws
 * {@link InvalidRecordException} for records it cannot read.
 *
 * @param <T> the record type
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final RecordCodec<T> codec;

    public JsonSerde(RecordCodec<T> codec) {
        this.codec = codec;
    }

    public static JsonSerde<dev.codeexec.schemas.v1.Submission> submission() {
        return new JsonSerde<>(RecordCodec.SUBMISSION);
    }

    public static JsonSerde<dev.codeexec.schemas.v1.ExecutionResult> result() {
        return new JsonSerde<>(RecordCodec.RESULT);
    }

    public static JsonSerde<dev.codeexec.schemas.v1.StatusEvent> status() {
        return new JsonSerde<>(RecordCodec.STATUS);
    }

    public static JsonSerde<dev.codeexec.schemas.v1.StatsWindow> stats() {
        return new JsonSerde<>(RecordCodec.STATS);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : codec.encode(data);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return codec.decode(data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the codec is fixed
    }

    @Override
    public void close() {
        // nothing to release
    }
}
