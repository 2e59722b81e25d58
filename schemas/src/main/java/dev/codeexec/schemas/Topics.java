package dev.codeexec.schemas;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Kafka topics of codeexec, in one place: their names, which service declares which, and how
 * each is created. Every record is keyed by its submission id, so all records of one submission
 * land on the same partition and stay in order. Dead-letter topics are the topic's name plus
 * {@value #DEAD_LETTER_SUFFIX}, with the reason in headers (see {@link DeadLetterHeaders}).
 */
public final class Topics {

    /** Appended to a topic's name to name its dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    /** Submissions to run ({@link dev.codeexec.schemas.v1.Submission}); partitions are the scaling knob of executors. */
    public static final String SUBMISSIONS = "codeexec.submissions.v1";
    /** One result per submission ({@link dev.codeexec.schemas.v1.ExecutionResult}). */
    public static final String RESULTS = "codeexec.results.v1";
    /** Lifecycle events: QUEUED, RUNNING, COMPLETED ({@link dev.codeexec.schemas.v1.StatusEvent}). */
    public static final String STATUS = "codeexec.status.v1";
    /** Windowed statistics per language and verdict ({@link dev.codeexec.schemas.v1.StatsWindow}). */
    public static final String STATS = "codeexec.stats.v1";
    /** Submission records the executor could not read. */
    public static final String SUBMISSIONS_DLT = SUBMISSIONS + DEAD_LETTER_SUFFIX;
    /** Result records the sink could not read or store. */
    public static final String RESULTS_DLT = RESULTS + DEAD_LETTER_SUFFIX;
    /** Status records the sink could not read or store. */
    public static final String STATUS_DLT = STATUS + DEAD_LETTER_SUFFIX;
    /** Statistics records the sink could not read or store. */
    public static final String STATS_DLT = STATS + DEAD_LETTER_SUFFIX;

    /**
     * Suffix of the webhook retry topics: {@code codeexec.results.v1-webhook-retry-<delay ms>},
     * one per back-off delay (1000, 2000, 4000, 8000, 16000 with the defaults). spring-kafka's
     * retry-topic support creates them, with the sink's partitions and replication factor.
     */
    public static final String WEBHOOK_RETRY_SUFFIX = "-webhook-retry";
    /** Suffix of the webhook dead-letter topic. */
    public static final String WEBHOOK_DLT_SUFFIX = "-webhook-dlt";
    /** Where a webhook delivery left over after its last attempt ends: {@code codeexec.results.v1-webhook-dlt}. */
    public static final String WEBHOOKS_DLT = RESULTS + WEBHOOK_DLT_SUFFIX;

    /** The webhook retry topic of one back-off delay. */
    public static String webhookRetry(long delayMs) {
        return RESULTS + WEBHOOK_RETRY_SUFFIX + "-" + delayMs;
    }

    /** The topics the executor declares at start-up. */
    public static final List<String> EXECUTOR_TOPICS = List.of(SUBMISSIONS, RESULTS, STATUS, SUBMISSIONS_DLT);
    /** The topics the results sink's persistence declares at start-up. */
    public static final List<String> SINK_TOPICS = List.of(RESULTS, STATUS, RESULTS_DLT, STATUS_DLT);
    /** The topics the results sink's statistics declare at start-up. */
    public static final List<String> STATS_TOPICS = List.of(STATS, STATS_DLT);

    /** Default partition count when topics are created at start-up. */
    public static final int DEFAULT_PARTITIONS = 6;

    private Topics() {
    }

    /** All topics codeexec creates at start-up (the webhook retry topics are created by their listener). */
    public static List<String> all() {
        return Stream.of(EXECUTOR_TOPICS, SINK_TOPICS, STATS_TOPICS).flatMap(List::stream).distinct().toList();
    }

    /**
     * How a topic is created: the deployment chooses partitions and replication; {@code configs}
     * are topic settings on top of the catalogue's (none today: the broker's defaults hold).
     */
    public static NewTopic declaration(String name, int partitions, int replicationFactor, Map<String, String> configs) {
        if (!all().contains(name)) {
            throw new IllegalArgumentException("not a codeexec topic: " + name);
        }
        return new NewTopic(name, partitions, (short) replicationFactor).configs(Map.copyOf(configs));
    }

    public static NewTopic declaration(String name, int partitions, int replicationFactor) {
        return declaration(name, partitions, replicationFactor, Map.of());
    }
}
