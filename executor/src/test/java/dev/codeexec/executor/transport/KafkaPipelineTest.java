package dev.codeexec.executor.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.health.SandboxHealthIndicator;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.testing.FakeSandbox;
import dev.codeexec.executor.testing.SubmissionConsumers;
import dev.codeexec.executor.testing.TopicReader;
import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.testsupport.KafkaContainer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The executor app on a real KRaft broker (a codeexec-kafka:1 container) with a fake sandbox: RUNNING while a run
 * goes on, exactly one committed result, dead letters for unreadable records, no second result
 * after a redelivery, pausing while the sandbox is down, never more runs than slots; and batches
 * (8 records here): a failed run or a rollback while sending runs the whole batch again, with one
 * visible result each.
 */
@SpringBootTest(classes = {ExecutorApplication.class, KafkaPipelineTest.TestBeans.class}, properties = {
        "spring.config.name=executor",
        "spring.main.allow-bean-definition-overriding=true",
        "codeexec.executor.slots=2",
        "codeexec.executor.partitions=2",
        "codeexec.executor.executor-id=pipeline-test",
        "codeexec.executor.batch-size=8",
        "codeexec.executor.compile-cache.dir=${java.io.tmpdir}/codeexec-pipeline-test-cache"})
class KafkaPipelineTest {

    /** A broker of its own: the app's topics and consumer group are fixed names. */
    private static final KafkaContainer kafka = KafkaContainer.start(2);

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestConfiguration
    static class TestBeans {
        @Bean
        FakeSandbox sandboxPort() {
            return new FakeSandbox();
        }

        /** Fails once, after sending, for ids starting with "flaky-": the transaction must abort. */
        @Bean
        SubmissionEvents submissionEvents(@Qualifier("kafkaTemplate") KafkaTemplate<String, byte[]> transactional,
                @Qualifier("statusTemplate") KafkaTemplate<String, byte[]> immediate, ExecutionPolicy policy, Clock clock) {
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            return new SubmissionEvents(transactional, immediate, policy.executorId(), clock) {
                @Override
                public void completed(Submission submission, ExecutionResult result) {
                    super.completed(submission, result);
                    if (submission.id().startsWith("flaky-") && failedOnce.add(submission.id())) {
                        transactional.flush(); // the result reaches the log, uncommitted
                        throw new IllegalStateException("crash after sending, before commit");
                    }
                }
            };
        }
    }

    @Autowired
    FakeSandbox sandbox;
    @Autowired
    SandboxHealthIndicator sandboxHealth;
    @Autowired
    KafkaListenerEndpointRegistry registry;
    @Autowired
    MeterRegistry meters;

    static KafkaProducer<String, byte[]> producer;
    /** Writes several records in one transaction: a read_committed consumer sees them all at once. */
    static KafkaProducer<String, byte[]> atomicProducer;
    static TopicReader results;
    static TopicReader statuses;
    static TopicReader deadLetters;

    /** After the app has started (the parameter makes it start first): its topics exist, the readers see them. */
    @BeforeAll
    static void clients(@Autowired ApplicationContext app) {
        String servers = kafka.bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer());
        atomicProducer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "pipeline-test-atomic"), new StringSerializer(), new ByteArraySerializer());
        atomicProducer.initTransactions();
        results = new TopicReader(servers, Topics.RESULTS, true);
        statuses = new TopicReader(servers, Topics.STATUS, true);
        deadLetters = new TopicReader(servers, Topics.SUBMISSIONS_DLT, true);
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        atomicProducer.close();
        results.close();
        statuses.close();
        deadLetters.close();
    }

    @BeforeEach
    void reset() {
        SubmissionConsumers.awaitOnePartitionEach(registry, WAIT);
        sandbox.behave(FakeSandbox::helloBehaviour);
        sandbox.down.set(false);
        sandbox.failingOpens.set(0);
    }

    @Test
    void aValidRecordShowsRunningWhileItRunsThenExactlyOneResult() throws Exception {
        String id = "valid-" + UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        sandbox.behave((step, files) -> {
            waitFor(release);
            return FakeSandbox.helloBehaviour(step, files);
        });

        send(id, RecordCodec.SUBMISSION.encode(Submission.of(id, "python", "print('hello', input())", "world")));

        await().atMost(WAIT).until(() -> statusesOf(id).contains(SubmissionStatus.RUNNING));
        assertThat(results.withKey(id)).as("no result while the program runs").isEmpty();
        release.countDown();

        await().atMost(WAIT).until(() -> !results.withKey(id).isEmpty());
        ExecutionResult result = RecordCodec.RESULT.decode(results.withKey(id).get(0).value());
        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(result.runs().get(0).stdout().data()).isEqualTo("hello world\n");
        assertThat(result.executorId()).isEqualTo("pipeline-test");
        await().atMost(WAIT).until(() -> statusesOf(id).equals(List.of(SubmissionStatus.RUNNING, SubmissionStatus.COMPLETED)));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> results.withKey(id).size() == 1);
        assertThat(meters.get("codeexec.executor.results").tags("verdict", "ACCEPTED", "language", "python").counter().count())
                .isPositive();
        assertThat(meters.get("codeexec.executor.execution").tags("verdict", "ACCEPTED", "language", "python").timer().count())
                .isPositive();
        assertThat(sandboxHealth.health().getDetails()).containsEntry("slots", 2);
    }

    @Test
    void eachOfSeveralTestCasesIsAnnouncedAsItStartsWhileTheSubmissionRuns() throws Exception {
        String id = "cases-" + UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        sandbox.behave((step, files) -> {
            if (step.collectDir().isEmpty() && new String(step.stdin(), StandardCharsets.UTF_8).equals("b")) {
                waitFor(release);
            }
            return FakeSandbox.helloBehaviour(step, files);
        });
        Submission three = new Submission(Submission.VERSION, id, "default", "python", "print(input())", null, null,
                null, null, null, List.of(new dev.codeexec.schemas.v1.TestCase("a", null),
                        new dev.codeexec.schemas.v1.TestCase("b", null), new dev.codeexec.schemas.v1.TestCase("c", null)),
                null, null, null, null, null, java.time.Instant.now());

        send(id, RecordCodec.SUBMISSION.encode(three));

        await().atMost(WAIT).until(() -> progressOf(id).contains("1/3"));
        assertThat(progressOf(id)).as("the second test case runs, the third has not started").containsExactly("0/3", "1/3");
        assertThat(results.withKey(id)).isEmpty();
        release.countDown();

        await().atMost(WAIT).until(() -> statusesOf(id).contains(SubmissionStatus.COMPLETED));
        assertThat(progressOf(id)).containsExactly("0/3", "1/3", "2/3");
        assertThat(statusesOf(id)).last().isEqualTo(SubmissionStatus.COMPLETED);
        assertThat(RecordCodec.RESULT.decode(results.withKey(id).get(0).value()).runs()).hasSize(3);
    }

    @Test
    void unreadableRecordsGoToTheDeadLetterTopicAndTheNextRecordStillRuns() {
        String key = "poison-" + UUID.randomUUID();
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("NOT_JSON", "{not json".getBytes(StandardCharsets.UTF_8));
        poison.put("NULL_VALUE", null);
        poison.put("UNKNOWN_VERSION", ("{\"schemaVersion\":2,\"id\":\"" + key + "\",\"language\":\"python\"}").getBytes(StandardCharsets.UTF_8));
        poison.put("SCHEMA_INVALID", ("{\"schemaVersion\":1,\"id\":\"" + key + "\",\"language\":\"python\",\"limits\":{\"cpuTimeMs\":-1}}")
                .getBytes(StandardCharsets.UTF_8));
        double before = deadLetterCount("NOT_JSON");
        poison.values().forEach(value -> send(key, value));
        send(key, RecordCodec.SUBMISSION.encode(Submission.of(key, "python", "print(input())", "after")));

        await().atMost(WAIT).until(() -> !results.withKey(key).isEmpty());
        assertThat(RecordCodec.RESULT.decode(results.withKey(key).get(0).value()).runs().get(0).stdout().data())
                .isEqualTo("hello after\n");
        await().atMost(WAIT).until(() -> deadLetters.withKey(key).size() == 4);
        List<ConsumerRecord<String, byte[]>> dead = deadLetters.withKey(key);
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.REASON))
                .containsExactly("NOT_JSON", "NULL_VALUE", "UNKNOWN_VERSION", "SCHEMA_INVALID");
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.SUBMISSIONS);
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_PARTITION)).matches("[01]");
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
            assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank();
        });
        assertThat(dead.get(0).value()).isEqualTo(poison.get("NOT_JSON"));
        assertThat(dead.get(1).value()).isNull();
        assertThat(header(dead.get(3), DeadLetterHeaders.DETAIL)).contains("limits.cpuTimeMs");
        assertThat(deadLetterCount("NOT_JSON")).isEqualTo(before + 1);
    }

    /**
     * Regression (found by the chaos suite): the broker took a 2 MB record, the executor's producer
     * (max.request.size 1 MiB) could not dead-letter it and retried for ever, stalling the partition.
     */
    @Test
    void anUnreadableRecordLargerThanAProducerRequestIsDeadLetteredCutWithItsSizeAndTheNextRunsToo() {
        String key = "oversized-" + UUID.randomUUID();
        byte[] huge = new byte[2 * 1024 * 1024];
        Arrays.fill(huge, (byte) '{');
        send(key, huge);
        send(key, RecordCodec.SUBMISSION.encode(Submission.of(key, "python", "print(input())", "after")));

        await().atMost(WAIT).until(() -> !results.withKey(key).isEmpty());
        await().atMost(WAIT).until(() -> deadLetters.withKey(key).size() == 1);
        ConsumerRecord<String, byte[]> dead = deadLetters.withKey(key).get(0);
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("NOT_JSON");
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_VALUE_BYTES)).isEqualTo(Integer.toString(huge.length));
        assertThat(dead.value()).hasSize(DeadLetterHeaders.MAX_VALUE_BYTES)
                .isEqualTo(Arrays.copyOf(huge, DeadLetterHeaders.MAX_VALUE_BYTES));
    }

    @Test
    void aRedeliveredRecordNeverYieldsASecondVisibleResult() throws Exception {
        String id = "flaky-" + UUID.randomUUID();
        send(id, RecordCodec.SUBMISSION.encode(Submission.of(id, "python", "print(input())", "once")));

        await().atMost(WAIT).until(() -> !results.withKey(id).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> results.withKey(id).size() == 1);
        assertThat(deadLetters.withKey(id)).isEmpty();
        try (TopicReader uncommitted = new TopicReader(kafka.bootstrapServers(), Topics.RESULTS, false)) {
            // the aborted attempt's result is in the log, only read_uncommitted sees it
            await().atMost(WAIT).until(() -> uncommitted.withKey(id).size() == 2);
        }
        assertThat(statusesOf(id).stream().filter(s -> s == SubmissionStatus.COMPLETED)).hasSize(1);
    }

    /**
     * A second record of a submission this executor answered (a keyed retry that sent the id again
     * while a stalled broker's late record ran) is skipped: one run, one result, one RUNNING.
     */
    @Test
    void aSecondRecordOfAnIdAnsweredLatelyIsSkippedNotRunAgain() {
        String id = "again-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        Map<String, AtomicInteger> runs = countingRuns();
        double skippedBefore = skippedCount();
        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, 0, id, hello(id, "first")));
        await().atMost(WAIT).until(() -> !results.withKey(id).isEmpty());

        // the same id again, then another submission behind it on the same partition
        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, 0, id, hello(id, "second")));
        producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, 0, next, hello(next, "behind")));
        producer.flush();

        // the record behind the skipped one ran: the skip holds nothing up
        await().atMost(WAIT).until(() -> !results.withKey(next).isEmpty());
        assertThat(runs).as("runs per stdin").containsOnlyKeys("first", "behind");
        assertThat(runs.get("first").get()).isEqualTo(1);
        await().atMost(WAIT).until(() -> skippedCount() == skippedBefore + 1);
        assertThat(results.withKey(id)).hasSize(1);
        assertThat(RecordCodec.RESULT.decode(results.withKey(id).get(0).value()).runs().get(0).stdout().data())
                .isEqualTo("hello first\n");
        assertThat(statusesOf(id)).containsExactly(SubmissionStatus.RUNNING, SubmissionStatus.COMPLETED);
        assertThat(deadLetters.withKey(id)).isEmpty();
    }

    /** Two records of one id in one batch: the first runs, the second is skipped. */
    @Test
    void twoRecordsOfOneIdInOneBatchRunOnce() {
        String id = "twice-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        Map<String, AtomicInteger> runs = countingRuns();
        double skippedBefore = skippedCount();

        atomicProducer.beginTransaction();
        for (String[] record : List.of(new String[] {id, "one"}, new String[] {other, "two"}, new String[] {id, "three"})) {
            atomicProducer.send(new ProducerRecord<>(Topics.SUBMISSIONS, 1, record[0], hello(record[0], record[1])));
        }
        atomicProducer.commitTransaction();

        await().atMost(WAIT).until(() -> !results.withKey(id).isEmpty() && !results.withKey(other).isEmpty());
        assertThat(runs).as("runs per stdin").containsOnlyKeys("one", "two");
        await().atMost(WAIT).until(() -> skippedCount() == skippedBefore + 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> results.withKey(id).size() == 1);
        assertThat(RecordCodec.RESULT.decode(results.withKey(id).get(0).value()).runs().get(0).stdout().data())
                .isEqualTo("hello one\n");
    }

    @Test
    void whileTheSandboxIsDownNothingRunsHealthIsDownAndTheRecordWaits() {
        sandbox.down.set(true);
        String id = "down-" + UUID.randomUUID();
        send(id, RecordCodec.SUBMISSION.encode(Submission.of(id, "python", "print(input())", "later")));

        await().atMost(WAIT).until(() -> sandboxHealth.health().getStatus().equals(Status.DOWN));
        await().atMost(WAIT).until(() -> registry.getListenerContainer(SubmissionListener.ID).isPauseRequested());
        assertThat(results.withKey(id)).isEmpty();

        sandbox.down.set(false);

        await().atMost(WAIT).until(() -> !results.withKey(id).isEmpty());
        assertThat(RecordCodec.RESULT.decode(results.withKey(id).get(0).value()).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(sandboxHealth.health().getStatus()).isEqualTo(Status.UP);
        assertThat(registry.getListenerContainer(SubmissionListener.ID).isPauseRequested()).isFalse();
        assertThat(deadLetters.withKey(id)).isEmpty();
    }

    @Test
    void aRunTheSandboxCannotServeIsRetriedNotJudged() {
        sandbox.failingOpens.set(3);
        double before = meters.get("codeexec.executor.sandbox.unavailable").counter().count();
        String id = "retry-" + UUID.randomUUID();
        send(id, RecordCodec.SUBMISSION.encode(Submission.of(id, "python", "print(input())", "retried")));

        await().atMost(WAIT).until(() -> !results.withKey(id).isEmpty());
        assertThat(meters.get("codeexec.executor.sandbox.unavailable").counter().count()).isEqualTo(before + 3);
        assertThat(results.withKey(id)).hasSize(1);
        ExecutionResult result = RecordCodec.RESULT.decode(results.withKey(id).get(0).value());
        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(result.runs().get(0).stdout().data()).isEqualTo("hello retried\n");
        assertThat(deadLetters.withKey(id)).isEmpty();
    }

    @Test
    void neverMoreRunsThanSlots() {
        CountDownLatch release = new CountDownLatch(1);
        sandbox.maxRunning.set(0);
        sandbox.behave((step, files) -> {
            waitFor(release);
            return FakeSandbox.helloBehaviour(step, files);
        });
        List<String> ids = List.of("slot-a-" + UUID.randomUUID(), "slot-b-" + UUID.randomUUID(), "slot-c-" + UUID.randomUUID());
        for (int i = 0; i < ids.size(); i++) {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, i % 2, ids.get(i),
                    RecordCodec.SUBMISSION.encode(Submission.of(ids.get(i), "python", "x", "y"))));
        }
        producer.flush();

        await().atMost(WAIT).until(() -> sandbox.running.get() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sandbox.running.get() == 2);
        release.countDown();

        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> !results.withKey(id).isEmpty()));
        assertThat(sandbox.maxRunning.get()).isEqualTo(2);
    }

    /**
     * Batching: records queued on one partition are taken in one poll and their results committed
     * together, all or nothing. A run that fails in the middle of such a batch rolls it back: the
     * runs before it run again, and each submission still gets exactly one visible result.
     */
    @Test
    void aRunFailingInTheMiddleOfABatchRunsTheBatchAgainWithOneVisibleResultEach() {
        String prefix = "batch-" + UUID.randomUUID() + "-";
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        double unavailableBefore = meters.get("codeexec.executor.sandbox.unavailable").counter().count();
        sandbox.behave((step, files) -> {
            String stdin = new String(step.stdin(), StandardCharsets.UTF_8);
            runs.computeIfAbsent(stdin, k -> new AtomicInteger()).incrementAndGet();
            if (stdin.equals("b3") && failedOnce.add(stdin)) {
                throw new SandboxUnavailableException("the box died under b3");
            }
            return FakeSandbox.helloBehaviour(step, files);
        });
        List<String> ids = IntStream.rangeClosed(1, 5).mapToObj(i -> prefix + i).toList();

        sendAtomically(0, hellos(ids, i -> "b" + (i + 1)));

        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> !results.withKey(id).isEmpty()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> ids.stream().allMatch(id -> results.withKey(id).size() == 1));
        for (int i = 0; i < ids.size(); i++) {
            ExecutionResult result = RecordCodec.RESULT.decode(results.withKey(ids.get(i)).get(0).value());
            assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
            assertThat(result.runs().get(0).stdout().data()).isEqualTo("hello b" + (i + 1) + "\n");
        }
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> statusesOf(id).contains(SubmissionStatus.COMPLETED)));
        ids.forEach(id -> assertThat(statusesOf(id).stream().filter(st -> st == SubmissionStatus.COMPLETED)).hasSize(1));
        assertThat(runs).as("runs per submission").containsOnlyKeys("b1", "b2", "b3", "b4", "b5");
        // the first attempt ran b1, b2 and failed in b3; the second ran all five
        assertThat(runs.entrySet()).allSatisfy(e -> assertThat(e.getValue().get()).as(e.getKey())
                .isEqualTo(List.of("b1", "b2", "b3").contains(e.getKey()) ? 2 : 1));
        try (TopicReader uncommitted = new TopicReader(kafka.bootstrapServers(), Topics.RESULTS, false)) {
            // nothing of the failed attempt reached the log: its transaction never sent anything
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> uncommitted.withKey(ids.get(0)).size() == 1);
        }
        assertThat(meters.get("codeexec.executor.sandbox.unavailable").counter().count()).isEqualTo(unavailableBefore + 1);
        ids.forEach(id -> assertThat(deadLetters.withKey(id)).isEmpty());
    }

    /**
     * A failure while a batch's results are sent rolls the whole batch back: each still has exactly
     * one result, and the unreadable record in it one dead letter, counted once.
     */
    @Test
    void aBatchRolledBackWhileSendingRunsAgainWithExactlyOneVisibleResultEach() {
        String prefix = UUID.randomUUID() + "-";
        List<String> ids = List.of("first-" + prefix, "flaky-" + prefix, "last-" + prefix);
        String poison = "poison-" + prefix;
        Map<String, byte[]> batch = hellos(ids.subList(0, 1), i -> "x0");
        // the dead letter goes out before the failing send, so the attempt that rolls back sent it too
        batch.put(poison, "{not json".getBytes(StandardCharsets.UTF_8));
        batch.putAll(hellos(ids.subList(1, 3), i -> "x" + (i + 1)));
        double deadLettersBefore = deadLetterCount("NOT_JSON");

        sendAtomically(1, batch);

        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> !results.withKey(id).isEmpty()));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> ids.stream().allMatch(id -> results.withKey(id).size() == 1));
        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> statusesOf(id).contains(SubmissionStatus.COMPLETED)));
        ids.forEach(id -> assertThat(statusesOf(id).stream().filter(st -> st == SubmissionStatus.COMPLETED)).hasSize(1));
        try (TopicReader uncommitted = new TopicReader(kafka.bootstrapServers(), Topics.RESULTS, false)) {
            // the aborted batch's results are in the log, only read_uncommitted sees them
            await().atMost(WAIT).until(() -> uncommitted.withKey("first-" + prefix).size() == 2);
        }
        await().atMost(WAIT).until(() -> deadLetters.withKey(poison).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> {
                    assertThat(deadLetters.withKey(poison)).as("committed dead letters").hasSize(1);
                    assertThat(deadLetterCount("NOT_JSON")).as("dead letters counted").isEqualTo(deadLettersBefore + 1);
                });
    }

    /** Python hellos keyed by id, in order, the i-th reading {@code stdin.apply(i)}. */
    private static Map<String, byte[]> hellos(List<String> ids, IntFunction<String> stdin) {
        Map<String, byte[]> hellos = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            hellos.put(ids.get(i), hello(ids.get(i), stdin.apply(i)));
        }
        return hellos;
    }

    /** A Python hello reading {@code stdin}, encoded as the submissions topic holds it. */
    private static byte[] hello(String id, String stdin) {
        return RecordCodec.SUBMISSION.encode(Submission.of(id, "python", "print(input())", stdin));
    }

    /** Writes the records to one partition in one transaction, so that one poll takes them whole. */
    private void sendAtomically(int partition, Map<String, byte[]> records) {
        atomicProducer.beginTransaction();
        records.forEach((key, value) -> atomicProducer.send(new ProducerRecord<>(Topics.SUBMISSIONS, partition, key, value)));
        atomicProducer.commitTransaction();
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<SubmissionStatus> statusesOf(String id) {
        return statuses.withKey(id).stream().map(r -> RecordCodec.STATUS.decode(r.value())).map(StatusEvent::status).toList();
    }

    /** The RUNNING events that announced a test case, as "testCase/testCases". */
    private List<String> progressOf(String id) {
        return statuses.withKey(id).stream().map(r -> RecordCodec.STATUS.decode(r.value())).filter(StatusEvent::isProgress)
                .map(e -> e.testCase() + "/" + e.testCases()).toList();
    }

    /** Has the sandbox count its runs per stdin, and answer as {@link FakeSandbox#helloBehaviour}. */
    private Map<String, AtomicInteger> countingRuns() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        sandbox.behave((step, files) -> {
            runs.computeIfAbsent(new String(step.stdin(), StandardCharsets.UTF_8), k -> new AtomicInteger()).incrementAndGet();
            return FakeSandbox.helloBehaviour(step, files);
        });
        return runs;
    }

    private double skippedCount() {
        return meters.get("codeexec.executor.duplicates.skipped").counter().count();
    }

    private double deadLetterCount(String reason) {
        var counter = meters.find("codeexec.executor.dead.letters").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
