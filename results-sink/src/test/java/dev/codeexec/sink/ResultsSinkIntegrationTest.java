package dev.codeexec.sink;

import static dev.codeexec.sink.support.TestRecords.encode;
import static dev.codeexec.sink.support.TestRecords.result;
import static dev.codeexec.sink.support.TestRecords.run;
import static dev.codeexec.sink.support.TestRecords.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.schemas.DeadLetterHeaders;
import dev.codeexec.schemas.SubmissionStatus;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatsWindow;
import dev.codeexec.sink.retention.PurgeExpired;
import dev.codeexec.sink.support.SinkDependencies;
import dev.codeexec.sink.support.WebhookReceiver;
import dev.codeexec.sink.webhook.DeliverWebhook;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.local.LocalObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sink against a real broker, a real PostgreSQL and a local object store in a temp dir. */
@SpringBootTest(classes = ResultsSinkApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=results-sink", "codeexec.sink.inline-output-kb=1",
                "codeexec.sink.stats.commit-interval=200ms", "codeexec.sink.webhooks.allowed-hosts=127.0.0.1",
                "codeexec.sink.webhooks.secret=" + ResultsSinkIntegrationTest.WEBHOOK_SECRET,
                "codeexec.sink.webhooks.max-attempts=3", "codeexec.sink.webhooks.initial-backoff=2s",
                "codeexec.sink.webhooks.park-after=2s", "codeexec.sink.webhooks.park-check=500ms"})
class ResultsSinkIntegrationTest {

    static final String WEBHOOK_SECRET = "webhook-secret-for-tests";
    private static final SinkDependencies dependencies = SinkDependencies.start("results");
    private static final WebhookReceiver receiver = new WebhookReceiver();
    private static final WebhookReceiver deadReceiver = new WebhookReceiver();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectStorePort store;
    @Autowired
    PurgeExpired purgeExpired;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    StreamsBuilderFactoryBean stats;
    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dependencies.register(registry);
    }

    @AfterAll
    static void stopDatabase() {
        dependencies.close();
        receiver.close();
        deadReceiver.close();
    }

    @Test
    void aResultBecomesACompleteRowWithItsRunsAndObjects() {
        String id = newId();
        String big = "x".repeat(3000) + "\n";
        send(Topics.RESULTS, id, encode(result(id, run(0, "3\n"),
                run(1, Verdict.WRONG_ANSWER, big.getBytes(StandardCharsets.UTF_8), "warn\n".getBytes(StandardCharsets.UTF_8)))));

        awaitCompleted(id);
        Map<String, Object> row = jdbc.sql("SELECT * FROM submissions WHERE id = ?").param(id).query().singleRow();
        assertThat(row).containsEntry("status", "COMPLETED").containsEntry("status_rank", 2)
                .containsEntry("verdict", "WRONG_ANSWER").containsEntry("tenant", "acme")
                .containsEntry("language", "cpp").containsEntry("exit_code", 1)
                .containsEntry("wall_time_ms", 6L).containsEntry("executor_id", "executor-1");
        assertThat(row.get("finished_at")).isNotNull();
        assertThat(row.get("compile").toString()).contains("\"cpuTimeMs\": 400");
        assertThat(row.get("metadata").toString()).contains("algo-101");

        List<Map<String, Object>> runs = jdbc.sql("SELECT * FROM runs WHERE submission_id = ? ORDER BY test_case")
                .param(id).query().listOfRows();
        assertThat(runs).hasSize(2);
        assertThat((byte[]) runs.get(0).get("stdout")).asString(StandardCharsets.UTF_8).isEqualTo("3\n");
        assertThat(runs.get(0).get("stdout_object")).isEqualTo(ObjectKeys.stdout(id, 0));
        assertThat(runs.get(0).get("stderr_object")).isNull();
        assertThat(runs.get(1).get("stdout")).as("over the inline size: only in the store").isNull();
        assertThat(runs.get(1)).containsEntry("stdout_size", big.length())
                .containsEntry("stdout_object", ObjectKeys.stdout(id, 1));
        assertThat(store.get(ObjectKeys.stdout(id, 1)).orElseThrow()).asString(StandardCharsets.UTF_8).isEqualTo(big);
        assertThat(store.get(ObjectKeys.stderr(id, 1)).orElseThrow()).asString(StandardCharsets.UTF_8).isEqualTo("warn\n");
        assertThat(new LocalObjectStore(dependencies.objects(), null).get(ObjectKeys.stdout(id, 1))).isPresent();
        assertThat(dependencies.objects().resolve("packs")).as("the configured directory holds the packs")
                .isDirectoryContaining(p -> p.getFileName().toString().endsWith(".pack"));
    }

    @Test
    void aRedeliveredResultChangesNothing() {
        String id = newId();
        ExecutionResult result = result(id, run(0, "first\n"));
        send(Topics.RESULTS, 0, id, encode(result));
        awaitCompleted(id);
        Map<String, Object> before = jdbc.sql("SELECT * FROM submissions WHERE id = ?").param(id).query().singleRow();

        send(Topics.RESULTS, 0, id, encode(result(id, run(0, "second\n"))));
        send(Topics.RESULTS, 0, id, encode(result));
        String marker = newId();
        send(Topics.RESULTS, 0, marker, encode(result(marker, run(0, "marker\n"))));
        awaitCompleted(marker);

        assertThat(jdbc.sql("SELECT * FROM submissions WHERE id = ?").param(id).query().singleRow()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE submission_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1L);
        assertThat(store.get(ObjectKeys.stdout(id, 0)).orElseThrow()).asString(StandardCharsets.UTF_8).isEqualTo("first\n");
    }

    @Test
    void aLateRunningAfterCompletedKeepsCompleted() {
        String id = newId();
        send(Topics.STATUS, 1, id, encode(status(id, SubmissionStatus.QUEUED)));
        send(Topics.STATUS, 1, id, encode(status(id, SubmissionStatus.RUNNING)));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(id).equals("RUNNING"));
        send(Topics.RESULTS, id, encode(result(id, run(0, "ok\n"))));
        awaitCompleted(id);

        send(Topics.STATUS, 1, id, encode(status(id, SubmissionStatus.RUNNING)));
        send(Topics.STATUS, 1, id, encode(status(id, SubmissionStatus.QUEUED)));
        String marker = newId();
        send(Topics.STATUS, 1, marker, encode(status(marker, SubmissionStatus.QUEUED)));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(marker).equals("QUEUED"));

        assertThat(statusOf(id)).isEqualTo("COMPLETED");
        assertThat(jdbc.sql("SELECT status FROM status_history WHERE submission_id = ? ORDER BY at").param(id)
                .query(String.class).list()).containsExactlyInAnyOrder("QUEUED", "RUNNING", "COMPLETED");
    }

    @Test
    void aCompletedEventBeforeItsResultNeverShowsCompletedWithoutAVerdict() {
        String id = newId();
        send(Topics.STATUS, 1, id, encode(status(id, SubmissionStatus.RUNNING)));
        send(Topics.STATUS, 1, id, encode(status(id, SubmissionStatus.COMPLETED)));
        String marker = newId();
        send(Topics.STATUS, 1, marker, encode(status(marker, SubmissionStatus.QUEUED)));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(marker).equals("QUEUED"));

        assertThat(statusOf(id)).isEqualTo("RUNNING");
        assertThat(jdbc.sql("SELECT status FROM status_history WHERE submission_id = ?").param(id)
                .query(String.class).list()).containsExactlyInAnyOrder("RUNNING", "COMPLETED");

        send(Topics.RESULTS, id, encode(result(id, run(0, "done\n"))));
        awaitCompleted(id);
        assertThat(jdbc.sql("SELECT status, verdict FROM submissions WHERE id = ?").param(id).query().singleRow())
                .containsEntry("status", "COMPLETED").containsEntry("verdict", "ACCEPTED");
    }

    @Test
    void aResultBeforeAnyStatusCreatesTheRowAndLaterEventsDoNotMoveItBack() {
        String id = newId();
        send(Topics.RESULTS, id, encode(result(id, run(0, "early\n"))));
        awaitCompleted(id);

        send(Topics.STATUS, 2, id, encode(status(id, SubmissionStatus.QUEUED)));
        String marker = newId();
        send(Topics.STATUS, 2, marker, encode(status(marker, SubmissionStatus.RUNNING)));
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(marker).equals("RUNNING"));

        assertThat(jdbc.sql("SELECT status, verdict FROM submissions WHERE id = ?").param(id).query().singleRow())
                .containsEntry("status", "COMPLETED").containsEntry("verdict", "ACCEPTED");
    }

    @Test
    void binaryOutputIsStoredAsTheExactBytes() {
        String id = newId();
        byte[] binary = {'a', 0, 'b', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, '\n'};
        send(Topics.RESULTS, id, encode(result(id, run(0, Verdict.RUNTIME_ERROR, binary, new byte[] {0}))));

        awaitCompleted(id);
        Map<String, Object> run = jdbc.sql("SELECT * FROM runs WHERE submission_id = ?").param(id).query().singleRow();
        assertThat((byte[]) run.get("stdout")).containsExactly(binary);
        assertThat((byte[]) run.get("stderr")).containsExactly(0);
        assertThat(store.get(ObjectKeys.stdout(id, 0)).orElseThrow()).containsExactly(binary);
        assertThat(store.get(ObjectKeys.stderr(id, 0)).orElseThrow()).containsExactly(0);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextOneIsPersisted() {
        String bad = newId();
        String good = newId();
        send(Topics.RESULTS, 3, bad, "{not json".getBytes(StandardCharsets.UTF_8));
        send(Topics.RESULTS, 3, good, encode(result(good, run(0, "fine\n"))));

        awaitCompleted(good);
        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(dependencies.bootstrapServers(), "dlt-reader-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.RESULTS + ".dlt"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ConsumerRecord<String, byte[]> dead = KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(2))
                        .records(Topics.RESULTS + ".dlt").iterator().next();
                assertThat(dead.key()).isEqualTo(bad);
                assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                        .isEqualTo("NOT_JSON");
                assertThat(new String(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC).value(),
                        StandardCharsets.UTF_8)).isEqualTo(Topics.RESULTS);
            });
        }
        assertThat(jdbc.sql("SELECT count(*) FROM submissions WHERE id = ?").param(bad).query(Long.class).single()).isZero();
    }

    @Test
    void retentionDeletesTheRowsAndObjectsOfOldSubmissionsAndOldStatsWindowsOnly() {
        String old = newId();
        String recent = newId();
        send(Topics.RESULTS, old, encode(result(old, run(0, "old\n"))));
        send(Topics.RESULTS, recent, encode(result(recent, run(0, "recent\n"))));
        awaitCompleted(old);
        awaitCompleted(recent);
        jdbc.sql("UPDATE submissions SET finished_at = now() - interval '31 days' WHERE id = ?").param(old).update();
        String window = """
                INSERT INTO stats_windows (language, verdict, window_label, window_start, window_end, count,
                    p50_wall_time_ms, p95_wall_time_ms, p99_wall_time_ms)
                VALUES ('retention-test', 'ACCEPTED', '1h', now() - CAST(? AS interval), now() - CAST(? AS interval) + interval '1 hour', 1, 1, 1, 1)""";
        jdbc.sql(window).params("32 days", "32 days").update();
        jdbc.sql(window).params("2 hours", "2 hours").update();

        assertThat(purgeExpired.run().submissions()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM stats_windows WHERE language = 'retention-test' AND window_end < now() - interval '30 days'")
                .query(Long.class).single()).as("windows older than the retention period").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM stats_windows WHERE language = 'retention-test'")
                .query(Long.class).single()).as("the recent window stays").isEqualTo(1);

        assertThat(jdbc.sql("SELECT count(*) FROM submissions WHERE id = ?").param(old).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM runs WHERE submission_id = ?").param(old).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM status_history WHERE submission_id = ?").param(old).query(Long.class)
                .single()).isZero();
        assertThat(store.exists(ObjectKeys.stdout(old, 0))).isFalse();
        assertThat(statusOf(recent)).isEqualTo("COMPLETED");
        assertThat(store.exists(ObjectKeys.stdout(recent, 0))).isTrue();
    }

    @Test
    void theStatsTopologyRunsOnTheRealBroker() {
        String id = newId();
        send(Topics.RESULTS, id, encode(result(id, run(0, "counted\n"))));

        try (Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<>(
                KafkaTestUtils.consumerProps(dependencies.bootstrapServers(), "stats-reader-" + UUID.randomUUID(), false),
                new StringDeserializer(), new ByteArrayDeserializer()).createConsumer()) {
            consumer.subscribe(List.of(Topics.STATS));
            List<StatsWindow> windows = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(1)).records(Topics.STATS)
                        .forEach(r -> windows.add(RecordCodec.STATS.decode(r.value())));
                assertThat(windows).anySatisfy(w -> {
                    assertThat(w.language()).isEqualTo("cpp");
                    assertThat(w.window()).isEqualTo("1m");
                    assertThat(w.count()).isPositive();
                });
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM stats_windows WHERE language = 'cpp' AND window_label = '1h' AND count > 0")
                .query(Long.class).single() > 0);
    }

    /**
     * The idle stack's cost: consumers no user waits for let the broker hold an empty fetch longer,
     * so they send fewer of them. The longest fetch of each (the consumer's own metric over the last
     * minute) shows its wait: the stats topology and the stats windows listener about a second. (The
     * webhook retry and dead-letter topics' consumers send none at all once parked: below.)
     */
    @Test
    void consumersNoUserWaitsForHoldTheirIdleFetchesLonger() {
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            assertThat(longestFetchMs(stats.getKafkaStreams().metrics(), "-consumer")).isGreaterThan(900);
            assertThat(longestFetchMs(listenerOf(Topics.STATS).metrics())).isGreaterThan(900);
        });
    }

    /**
     * The consumers no user waits for (status events, analytics windows, webhooks with their retry
     * and dead-letter topics, all made by these factories) also back off 1 s, not Kafka's 100 ms,
     * between their heartbeat thread's checks and before a failed request is retried; the results'
     * consumers keep 100 ms.
     */
    @Test
    void consumersNoUserWaitsForBackOffLonger() {
        assertThat(List.of("offPathListenerFactory", "analyticsListenerFactory", "webhookListenerFactory"))
                .allSatisfy(name -> assertThat(consumerConfig(name).get(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG))
                        .as(name).isEqualTo(1000));
        assertThat(consumerConfig("sinkListenerFactory")).doesNotContainKey(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG);
    }

    private Map<String, Object> consumerConfig(String factory) {
        return context.getBean(factory, ConcurrentKafkaListenerContainerFactory.class).getConsumerFactory()
                .getConfigurationProperties();
    }

    private MessageListenerContainer listenerOf(String topic) {
        return listeners.getAllListenerContainers().stream()
                .filter(c -> c.getContainerProperties().getTopics() != null
                        && List.of(c.getContainerProperties().getTopics()).contains(topic))
                .findFirst().orElseThrow(() -> new AssertionError("no listener container reads " + topic));
    }

    private static double longestFetchMs(Map<String, Map<MetricName, ? extends Metric>> byClient) {
        return byClient.values().stream().mapToDouble(metrics -> longestFetchMs(metrics, "")).max().orElse(0);
    }

    /** The largest {@code fetch-latency-max} among the consumers whose client id ends with {@code clientSuffix}. */
    private static double longestFetchMs(Map<MetricName, ? extends Metric> metrics, String clientSuffix) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals("fetch-latency-max")
                        && e.getKey().group().equals("consumer-fetch-manager-metrics")
                        && e.getKey().tags().getOrDefault("client-id", "").endsWith(clientSuffix))
                .mapToDouble(e -> e.getValue().metricValue() instanceof Double value && !value.isNaN() ? value : 0)
                .max().orElse(0);
    }

    @Test
    void aCompletedResultIsPostedSignedToItsCallbackUrl() throws Exception {
        String id = newId();
        ExecutionResult result = withCallback(result(id, run(0, "hooked\n")), receiver.url("/hooks/ok"));
        send(Topics.RESULTS, id, encode(result));

        await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received("/hooks/ok").isEmpty());
        WebhookReceiver.Received hook = receiver.received("/hooks/ok").get(0);
        assertThat(RecordCodec.RESULT.decode(hook.body())).isEqualTo(result);
        assertThat(hook.header("X-Codeexec-Delivery")).isEqualTo(DeliverWebhook.deliveryId(id, result.callbackUrl()));
        assertThat(hook.header("X-Codeexec-Event")).isEqualTo("result.completed");
        assertThat(hook.header("X-Codeexec-Signature")).isEqualTo(expectedSignature(hook));
        await().atMost(Duration.ofSeconds(10)).until(() -> outcomes(id).equals(List.of("DELIVERED")));
    }

    /**
     * The webhook consumer commits its offsets once per poll, so after a crash it reads results it
     * already delivered: a redelivered result is never posted again.
     */
    @Test
    void aRedeliveredResultIsNeverPostedAgain() {
        String id = newId();
        String marker = newId();
        byte[] record = encode(withCallback(result(id, run(0, "once\n")), receiver.url("/hooks/once")));
        send(Topics.RESULTS, id, record);
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(id).equals(List.of("DELIVERED")));

        send(Topics.RESULTS, id, record);
        // same key, so same partition, after the redelivered record: once it is posted, the other was read
        send(Topics.RESULTS, id, encode(withCallback(result(marker, run(0, "marker\n")), receiver.url("/hooks/marker"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received("/hooks/marker").isEmpty());
        assertThat(receiver.received("/hooks/once")).hasSize(1);
        assertThat(outcomes(id)).containsExactly("DELIVERED");
    }

    @Test
    void failedAttemptsAreRetriedWithBackOffAndEachIsRecorded() {
        String flaky = newId();
        String dead = newId();
        receiver.script("/hooks/flaky", 500, 503);
        receiver.script("/hooks/dead", 500, 500, 500, 500);
        send(Topics.RESULTS, flaky, encode(withCallback(result(flaky, run(0, "x\n")), receiver.url("/hooks/flaky"))));
        send(Topics.RESULTS, dead, encode(withCallback(result(dead, run(0, "x\n")), receiver.url("/hooks/dead"))));

        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(flaky).equals(List.of("RETRY", "RETRY", "DELIVERED")));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(dead).equals(List.of("RETRY", "RETRY", "FAILED")));
        assertThat(receiver.received("/hooks/flaky")).hasSize(3);
        assertThat(receiver.received("/hooks/dead")).hasSize(3);
        assertThat(receiver.received("/hooks/flaky").get(2).header("X-Codeexec-Attempt")).isEqualTo("3");
    }

    @Test
    void aDeadEndpointDoesNotDelayTheNextDeliveryOfTheSamePartition() {
        String a = newId();
        String b = newId();
        deadReceiver.script("/hooks/always-500", 500, 500, 500, 500, 500);
        String deadUrl = deadReceiver.url("/hooks/always-500");
        send(Topics.RESULTS, 4, a, encode(withCallback(result(a, run(0, "a\n")), deadUrl)));
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(a).equals(List.of("RETRY")));
        long produced = System.nanoTime();
        send(Topics.RESULTS, 4, b, encode(withCallback(result(b, run(0, "b\n")), receiver.url("/hooks/healthy"))));

        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes(b).equals(List.of("DELIVERED")));
        long waitedMs = (System.nanoTime() - produced) / 1_000_000;
        assertThat(outcomes(a)).as("B went out %d ms after it was produced, while A was still retrying", waitedMs)
                .doesNotContain("FAILED");
        assertThat(receiver.received("/hooks/healthy")).hasSize(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(a).equals(List.of("RETRY", "RETRY", "FAILED")));
        List<WebhookReceiver.Received> attempts = deadReceiver.received("/hooks/always-500");
        assertThat(attempts).extracting(h -> h.header("X-Codeexec-Attempt")).containsExactly("1", "2", "3");
        assertThat(attempts).extracting(h -> h.header("X-Codeexec-Delivery")).containsOnly(DeliverWebhook.deliveryId(a, deadUrl));
        assertThat(jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE submission_id = ? AND status_code = 500")
                .param(a).query(Long.class).single()).isEqualTo(3L);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", dependencies.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the retry topics are the catalogue's (initial back-off 2 s, doubled)")
                    .contains(Topics.webhookRetry(2000), Topics.webhookRetry(4000), Topics.WEBHOOKS_DLT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The webhook retry and dead-letter topics are empty nearly always: their idle consumers are
     * parked, paused in their groups, and send the broker no fetches at all.
     */
    @Test
    void idleRetryTopicConsumersAreParkedAndSendNoFetches() throws InterruptedException {
        List<MessageListenerContainer> retryListeners = retryTopicListeners();
        assertThat(retryListeners).as("a listener per retry topic (2 s, 4 s) and one for the dead-letter topic")
                .hasSize(3);
        awaitParked(retryListeners);
        Thread.sleep(5500); // the fetches in flight when they were parked return (the dead-letter one's in 5 s)
        double before = fetches(retryListeners);
        Thread.sleep(4000);
        assertThat(fetches(retryListeners)).as("fetches sent by the parked consumers in 4 s").isEqualTo(before);
        assertThat(fetches(List.of(listenerOf(Topics.STATUS)))).as("an unparked listener keeps fetching").isPositive();
    }

    /**
     * A record in a retry topic that this process did not forward (another sink instance did, or one
     * that crashed) still goes out: a check of the topics' offsets resumes the parked consumer.
     */
    @Test
    void aParkedRetryConsumerResumesForARecordAnotherInstanceForwarded() {
        awaitParked(retryTopicListeners());
        String id = newId();
        long produced = System.nanoTime();
        send(Topics.webhookRetry(4000), id, encode(withCallback(result(id, run(0, "late\n")), receiver.url("/hooks/forwarded"))));

        await().atMost(Duration.ofSeconds(15)).until(() -> outcomes(id).equals(List.of("DELIVERED")));
        assertThat(receiver.received("/hooks/forwarded")).hasSize(1);
        assertThat((System.nanoTime() - produced) / 1_000_000).as("ms from the record to its delivery")
                .isLessThan(10_000);
    }

    private List<MessageListenerContainer> retryTopicListeners() {
        return listeners.getAllListenerContainers().stream()
                .filter(c -> c.getContainerProperties().getTopics() != null
                        && List.of(c.getContainerProperties().getTopics()).stream().anyMatch(
                                t -> t.startsWith(Topics.RESULTS + Topics.WEBHOOK_RETRY_SUFFIX) || t.equals(Topics.WEBHOOKS_DLT)))
                .toList();
    }

    private static void awaitParked(List<MessageListenerContainer> containers) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(containers)
                .allSatisfy(c -> assertThat(c.isContainerPaused()).as(c.getListenerId() + " parked").isTrue()));
    }

    private static double fetches(List<MessageListenerContainer> containers) {
        return containers.stream().flatMap(c -> c.metrics().values().stream())
                .flatMap(metrics -> metrics.entrySet().stream())
                .filter(e -> e.getKey().name().equals("fetch-total") && e.getKey().group().equals("consumer-fetch-manager-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void privateTargetsAreBlockedAndNothingIsSent() {
        String id = newId();
        send(Topics.RESULTS, id, encode(withCallback(result(id, run(0, "x\n")), "http://169.254.169.254/latest/meta-data")));

        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(id).equals(List.of("BLOCKED")));
        awaitCompleted(id);
    }

    private List<String> outcomes(String id) {
        return jdbc.sql("SELECT outcome FROM webhook_deliveries WHERE submission_id = ? ORDER BY attempt").param(id)
                .query(String.class).list();
    }

    private static ExecutionResult withCallback(ExecutionResult r, String url) {
        return new ExecutionResult(r.schemaVersion(), r.submissionId(), r.tenant(), r.language(), r.verdict(),
                r.verdictDetail(), r.compile(), r.runs(), r.metadata(), url, r.executorId(), r.startedAt(), r.finishedAt());
    }

    /** How a receiver verifies: HMAC-SHA256 over "t.body" with the shared secret, compared with v1. */
    private static String expectedSignature(WebhookReceiver.Received hook) throws Exception {
        String t = hook.header("X-Codeexec-Signature").split(",")[0].substring(2);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        return "t=" + t + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(hook.body()));
    }

    private String statusOf(String id) {
        return jdbc.sql("SELECT status FROM submissions WHERE id = ?").param(id).query(String.class)
                .optional().orElse("");
    }

    private void awaitCompleted(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM submissions WHERE id = ? AND status = 'COMPLETED' AND verdict IS NOT NULL")
                .param(id).query(Long.class).single() == 1L);
    }

    private static String newId() {
        return "t-" + UUID.randomUUID();
    }

    private void send(String topic, String key, byte[] value) {
        send(topic, null, key, value);
    }

    private void send(String topic, Integer partition, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dependencies.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
