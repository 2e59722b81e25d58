package dev.codeexec.sink;

import static dev.codeexec.sink.support.TestRecords.encode;
import static dev.codeexec.sink.support.TestRecords.result;
import static dev.codeexec.sink.support.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.sink.schedule.PeriodicJob;
import dev.codeexec.sink.support.SinkDependencies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reaper against a real PostgreSQL and a real broker. A submission with no record behind it
 * (the API died between its row and its record) is finished once, with INTERNAL_ERROR, on the
 * results topic and in its row; one whose record still waits for an executor is left alone and
 * gets its own result, only that one.
 */
@SpringBootTest(classes = ResultsSinkApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=results-sink", "codeexec.sink.partitions=2", "codeexec.sink.concurrency=1",
                "codeexec.sink.stats.enabled=false", "codeexec.sink.webhooks.enabled=false",
                "codeexec.sink.reaper.interval=200ms", "codeexec.sink.reaper.margin=0s",
                "codeexec.sink.reaper.slack=3s", "codeexec.sink.reaper.executor-group-id=" + ReaperIntegrationTest.EXECUTORS})
class ReaperIntegrationTest {

    static final String EXECUTORS = "reaper-test-executors";

    private static final SinkDependencies dependencies = SinkDependencies.start("reaper");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    @Qualifier("reaperSchedule")
    PeriodicJob reaper;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dependencies.register(registry);
    }

    @AfterAll
    static void stopDatabase() {
        dependencies.close();
    }

    @Test
    void submissionsWithNoRecordBehindThemAreFinishedOnceWithTheReason() {
        String queued = "never-published-" + UUID.randomUUID();
        String running = "lost-while-running-" + UUID.randomUUID();
        insertRow(queued, "QUEUED", 0, "now() - interval '10 seconds'");
        insertRow(running, "RUNNING", 1, "now() - interval '10 seconds'");

        for (String id : List.of(queued, running)) {
            Map<String, Object> row = await().atMost(Duration.ofSeconds(30)).until(() -> row(id),
                    r -> "COMPLETED".equals(r.get("status")));
            assertThat(row).containsEntry("verdict", "INTERNAL_ERROR").containsEntry("tenant", "acme");
            assertThat((String) row.get("verdict_detail")).contains("no result by the deadline")
                    .contains("no executor holds its record");
        }
        waitForReaperRuns(5);
        List<ExecutionResult> published = resultsFor(queued);
        assertThat(published).as("exactly one result on the results topic").hasSize(1);
        assertThat(published.get(0).verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
        assertThat(published.get(0).metadata()).containsEntry("k", "v");
        assertThat(resultsFor(running)).hasSize(1);
    }

    @Test
    void aSubmissionWaitingForAnExecutorIsNotCutShortAndGetsOnlyItsOwnResult() {
        String waiting = "waiting-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.partitionsFor(Topics.SUBMISSIONS);
            insertRow(waiting, "QUEUED", 0, "now()");
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, waiting,
                    RecordCodec.SUBMISSION.encode(Submission.of(waiting, "python", "print(1)", "")))).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        waitForReaperRuns(10);
        assertThat(row(waiting)).as("past its deadline, but its record waits for an executor")
                .containsEntry("status", "QUEUED");

        actAsAnExecutor(waiting);

        await().atMost(Duration.ofSeconds(30)).until(() -> row(waiting), r -> "COMPLETED".equals(r.get("status")));
        waitForReaperRuns(10);
        assertThat(row(waiting)).containsEntry("verdict", "ACCEPTED");
        List<ExecutionResult> published = resultsFor(waiting);
        assertThat(published).as("only the executor's result").hasSize(1);
        assertThat(published.get(0).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    /** Takes the record as an executor would: its result first, then its offset. */
    private void actAsAnExecutor(String id) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(dependencies.bootstrapServers(), EXECUTORS, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new ByteArrayDeserializer()).createConsumer(); KafkaProducer<String, byte[]> producer = producer()) {
            consumer.subscribe(List.of(Topics.SUBMISSIONS));
            List<String> taken = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(1)).forEach(r -> taken.add(r.key()));
                return taken.contains(id);
            });
            producer.send(new ProducerRecord<>(Topics.RESULTS, id, encode(result(id, run(0, "1\n"))))).get();
            consumer.commitSync();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void insertRow(String id, String status, int rank, String createdAt) {
        jdbc.sql("INSERT INTO submissions (id, tenant, language, status, status_rank, metadata, created_at, deadline_at) "
                + "VALUES (?, 'acme', 'python', ?, ?, '{\"k\":\"v\"}', " + createdAt + ", " + createdAt + ")")
                .params(id, status, rank).update();
    }

    private Map<String, Object> row(String id) {
        return jdbc.sql("SELECT * FROM submissions WHERE id = ?").param(id).query().singleRow();
    }

    private void waitForReaperRuns(int runs) {
        long target = reaper.runs() + runs;
        await().atMost(Duration.ofSeconds(60)).until(() -> reaper.runs() >= target);
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dependencies.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private List<ExecutionResult> resultsFor(String id) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(dependencies.bootstrapServers(), "reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ExecutionResult> found = new ArrayList<>();
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.RESULTS));
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            int emptyPolls = 0;
            while (emptyPolls < 3) {
                var records = KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(2));
                if (records.isEmpty()) {
                    emptyPolls++;
                }
                records.forEach(seen::add);
            }
            seen.stream().filter(r -> id.equals(r.key())).forEach(r -> found.add(RecordCodec.RESULT.decode(r.value())));
        }
        return found;
    }
}
