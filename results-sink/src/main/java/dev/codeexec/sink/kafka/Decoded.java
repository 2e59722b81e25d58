package dev.codeexec.sink.kafka;

import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A batch of raw records split into the values that could be read and those that could not. */
record Decoded<T>(List<T> values, List<DeadLetters.Rejected> rejected) {

    static <T> Decoded<T> of(List<ConsumerRecord<String, byte[]>> records, RecordCodec<T> codec) {
        List<T> values = new ArrayList<>();
        List<DeadLetters.Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                values.add(codec.decode(record.value()));
            } catch (InvalidRecordException e) {
                rejected.add(new DeadLetters.Rejected(record, e));
            }
        }
        return new Decoded<>(values, rejected);
    }
}
