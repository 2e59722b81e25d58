package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.EOSMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The recovery of a poison record (dead letter plus the offset past it, in one transaction) must
 * not skip the record when that transaction fails to commit: the chaos suite once saw a poison
 * record that reached no dead-letter topic while the partition went on. Kafka's MockConsumer and
 * MockProducer stand in for the broker; the executor's pipeline tests run the real thing.
 */
class RewindingAfterRollbackTest {

    private static final TopicPartition SUBMISSIONS = new TopicPartition("submissions", 0);

    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();
    private RuntimeException failNextCommit;
    private MockConsumer<String, byte[]> consumer;
    private KafkaTemplate<String, byte[]> template;
    private RewindingAfterRollback<String, byte[]> processor;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(SUBMISSIONS));
        consumer.updateBeginningOffsets(Map.of(SUBMISSIONS, 0L));
        template = new KafkaTemplate<>(new MockProducerFactory<>((transactional, id) -> {
            MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
                    new ByteArraySerializer());
            producer.initTransactions();
            producer.commitTransactionException = failNextCommit;
            failNextCommit = null;
            producers.add(producer);
            return producer;
        }, "executor-test-"));
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition("submissions.dlt", -1));
        DefaultAfterRollbackProcessor<String, byte[]> retries = new DefaultAfterRollbackProcessor<>(deadLetters,
                new FixedBackOff(0, 0), template, true);
        processor = new RewindingAfterRollback<>(retries, template);
    }

    @Test
    void aRecoveryWhoseCommitFailsReadsThePoisonRecordAgainAndTheNextRecoveryDeadLettersIt() {
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("submissions", 0, 7, "junk", bytes("\u00ff junk"));
        consumer.seek(SUBMISSIONS, 8); // the container has read past it

        failNextCommit = new KafkaException("the broker timed out the commit");
        processor.process(List.of(poison), consumer, null, new IllegalStateException("unreadable"), true, EOSMode.V2);

        assertThat(consumer.position(SUBMISSIONS)).as("read again from the poison record").isEqualTo(7);
        assertThat(committedDeadLetters()).as("the aborted dead letter is not visible").isEmpty();

        consumer.seek(SUBMISSIONS, 8); // the container reads it again, its listener fails again
        processor.process(List.of(poison), consumer, null, new IllegalStateException("unreadable"), true, EOSMode.V2);

        assertThat(committedDeadLetters()).extracting(ProducerRecord::key).containsExactly("junk");
        assertThat(producers.get(producers.size() - 1).consumerGroupOffsetsHistory()).last()
                .satisfies(offsets -> assertThat(offsets.values()).singleElement()
                        .satisfies(group -> assertThat(group.get(SUBMISSIONS).offset()).isEqualTo(8)));
        assertThat(consumer.position(SUBMISSIONS)).as("the recovered record is not read again").isEqualTo(8);
    }

    @Test
    void aRecoveryThatCommitsLeavesThePositionPastTheRecord() {
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("submissions", 0, 3, "junk", bytes("not json"));
        consumer.seek(SUBMISSIONS, 4);

        processor.process(List.of(poison), consumer, null, new IllegalStateException("unreadable"), true, EOSMode.V2);

        assertThat(committedDeadLetters()).extracting(ProducerRecord::key).containsExactly("junk");
        assertThat(consumer.position(SUBMISSIONS)).isEqualTo(4);
    }

    private List<ProducerRecord<String, byte[]>> committedDeadLetters() {
        return producers.stream().flatMap(p -> p.history().stream()).filter(r -> r.topic().equals("submissions.dlt"))
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
