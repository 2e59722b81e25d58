package dev.codeexec.examples;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An analytics consumer: reads {@link Topics#RESULTS} in a consumer group of its own and counts
 * results per language and verdict, printing each result as it arrives.
 *
 * <pre>
 * java -cp ... dev.codeexec.examples.VerdictTally [--brokers 127.0.0.1:9092] [--group my-analytics]
 *     [--until SUBMISSION_ID]
 * </pre>
 * Without {@code --until} it runs until stopped; with it, it stops after that submission's result and
 * prints the table of counts (of the results read by then: Kafka orders records within a partition
 * only, so results from other partitions may still be unread).
 */
public final class VerdictTally {

    private final Map<String, Map<Verdict, Long>> counts = new TreeMap<>();

    public static void main(String[] argv) {
        Args args = Args.of(argv);
        String until = args.get("--until", null);
        VerdictTally tally = new VerdictTally();
        tally.consume(args.get("--brokers", "127.0.0.1:9092"),
                args.get("--group", "codeexec-example-analytics-" + UUID.randomUUID()),
                result -> result.submissionId().equals(until), Instant.MAX,
                result -> System.out.printf("%s %s %s stdout=\"%s\"%n", result.submissionId(), result.language(),
                        result.verdict(), stdout(result).replace("\n", "\\n")));
        System.out.print(tally.table());
    }

    /**
     * Reads results from the oldest kept one until {@code last} matches one or {@code deadline}
     * passes, counting each and handing it to {@code onResult}.
     *
     * @return whether {@code last} matched a result before the deadline
     */
    public boolean consume(String bootstrapServers, String groupId, Predicate<ExecutionResult> last,
            Instant deadline, Consumer<ExecutionResult> onResult) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // a group of its own: codeexec's services have theirs, and every group gets every record
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // executors publish results in transactions: never count one that was rolled back
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // bytes, decoded below: a record that cannot be read is skipped instead of blocking the partition
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.RESULTS));
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ExecutionResult result;
                    try {
                        result = RecordCodec.RESULT.decode(record.value());
                    } catch (InvalidRecordException e) {
                        System.err.printf("skipping unreadable result at offset %d: %s%n", record.offset(), e.getMessage());
                        continue;
                    }
                    add(result);
                    onResult.accept(result);
                    if (last.test(result)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    public synchronized void add(ExecutionResult result) {
        counts.computeIfAbsent(result.language(), language -> new EnumMap<>(Verdict.class))
                .merge(result.verdict(), 1L, Long::sum);
    }

    /** Results seen so far for {@code language} with {@code verdict}. */
    public synchronized long count(String language, Verdict verdict) {
        return counts.getOrDefault(language, Map.of()).getOrDefault(verdict, 0L);
    }

    /** The counts as a table: language, verdict, count. */
    public synchronized String table() {
        StringBuilder table = new StringBuilder(String.format("%-12s %-22s %6s%n", "language", "verdict", "count"));
        counts.forEach((language, byVerdict) -> byVerdict.forEach((verdict, n) ->
                table.append(String.format("%-12s %-22s %6d%n", language, verdict, n))));
        return table.toString();
    }

    /** The first run's stdout as text (outputs are bytes: {@code Output.bytes()} decodes base64 too). */
    public static String stdout(ExecutionResult result) {
        return result.runsOrEmpty().stream().findFirst().map(RunOutcome::stdout)
                .map(output -> new String(output.bytes(), StandardCharsets.UTF_8)).orElse("");
    }
}
