package dev.codeexec.sink.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.JsonSerde;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatsWindow;
import dev.codeexec.sink.support.TestRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:15:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, StatsWindow> stats;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        StatsTopology.build(builder);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "stats-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), config);
        results = driver.createInputTopic(Topics.RESULTS, new StringSerializer(), new ByteArraySerializer());
        stats = driver.createOutputTopic(Topics.STATS, new StringDeserializer(), new JsonSerde<>(RecordCodec.STATS));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void countsAndPercentilesPerLanguageVerdictAndWindow() {
        for (int i = 1; i <= 100; i++) {
            pipe("python", Verdict.ACCEPTED, i, T0.plusMillis(i * 100L));
        }
        pipe("python", Verdict.TIME_LIMIT_EXCEEDED, 2000, T0.plusSeconds(20));
        pipe("cpp", Verdict.ACCEPTED, 7, T0.plusSeconds(70));
        results.pipeInput("bad", "{not json".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(71));

        Map<String, StatsWindow> latest = stats.readKeyValuesToMap();

        assertThat(latest.get("python/ACCEPTED/1m/2026-11-26T10:15:00Z"))
                .isEqualTo(window("python", Verdict.ACCEPTED, "1m", T0, T0.plusSeconds(60), 100, 50, 95, 99));
        assertThat(latest.get("python/TIME_LIMIT_EXCEEDED/1m/2026-11-26T10:15:00Z"))
                .isEqualTo(window("python", Verdict.TIME_LIMIT_EXCEEDED, "1m", T0, T0.plusSeconds(60), 1, 2000, 2000, 2000));
        assertThat(latest.get("cpp/ACCEPTED/1m/2026-11-26T10:16:00Z").count()).isEqualTo(1);
        Instant hour = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(latest.get("python/ACCEPTED/1h/2026-11-26T10:00:00Z"))
                .isEqualTo(window("python", Verdict.ACCEPTED, "1h", hour, hour.plusSeconds(3600), 100, 50, 95, 99));
        assertThat(latest).hasSize(6);
    }

    @Test
    void largeTimesArePreciseToOnePercent() {
        for (int i = 1; i <= 1000; i++) {
            pipe("java", Verdict.ACCEPTED, i * 10L, T0.plusMillis(i));
        }
        StatsWindow window = stats.readKeyValuesToMap().get("java/ACCEPTED/1m/2026-11-26T10:15:00Z");

        assertThat(window.count()).isEqualTo(1000);
        assertThat(window.p50WallTimeMs()).isBetween(4950L, 5050L);
        assertThat(window.p95WallTimeMs()).isBetween(9405L, 9595L);
        assertThat(window.p99WallTimeMs()).isBetween(9801L, 9999L);
    }

    private void pipe(String language, Verdict verdict, long wallTimeMs, Instant at) {
        ExecutionResult result = TestRecords.result("s-" + at.toEpochMilli() + "-" + wallTimeMs,
                TestRecords.run(0, verdict, new byte[0], new byte[0]));
        ExecutionResult shaped = new ExecutionResult(result.schemaVersion(), result.submissionId(), result.tenant(),
                language, verdict, null, null, result.runs().stream()
                .map(r -> new dev.codeexec.schemas.v1.RunOutcome(r.testCase(), verdict, null, 0, null, null, 1, wallTimeMs,
                        1, r.stdout(), r.stderr())).toList(),
                null, null, null, null, at);
        results.pipeInput(shaped.submissionId(), RecordCodec.RESULT.encode(shaped), at);
    }

    private static StatsWindow window(String language, Verdict verdict, String label, Instant start, Instant end,
            long count, long p50, long p95, long p99) {
        return new StatsWindow(StatsWindow.VERSION, language, verdict, label, start, end, count, p50, p95, p99);
    }
}
