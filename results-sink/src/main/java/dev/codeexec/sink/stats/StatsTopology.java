package dev.codeexec.sink.stats;

import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.kafka.InvalidRecordException;
import dev.codeexec.schemas.kafka.JsonSerde;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.StatsWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;

/**
 * Results topic -> per (language, verdict) counts and wall-time percentiles over tumbling windows
 * of one minute and one hour -> stats topic, keyed {@code language/verdict/window/windowStart}.
 * Window time is the record time (when the executor produced the result). Every update of a
 * window is emitted; readers keep the latest per key. Results without runs (compile errors,
 * rejections) count with the compile step's wall time, or 0. Unreadable records are skipped
 * (the persisting listener dead-letters them). Window stores are in memory, backed by their
 * changelog topics (a histogram is small; RocksDB would only add disk flushes).
 */
public final class StatsTopology {

    /** The windows computed: label and size. */
    public enum Window {
        ONE_MINUTE("1m", Duration.ofMinutes(1), Duration.ofSeconds(30)),
        ONE_HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(1));

        final String label;
        final Duration size;
        final Duration grace;

        Window(String label, Duration size, Duration grace) {
            this.label = label;
            this.size = size;
            this.grace = grace;
        }
    }

    private StatsTopology() {
    }

    public static void build(StreamsBuilder builder) {
        KGroupedStream<String, Long> byLanguageAndVerdict = builder
                .stream(Topics.RESULTS, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("results"))
                .flatMapValues(StatsTopology::decode)
                .map((id, result) -> KeyValue.pair(result.language() + "/" + result.verdict().name(), wallTimeMs(result)))
                .groupByKey(Grouped.with("by-language-verdict", Serdes.String(), Serdes.Long()));
        Serde<StatsWindow> stats = new JsonSerde<>(RecordCodec.STATS);
        for (Window window : Window.values()) {
            byLanguageAndVerdict
                    .windowedBy(TimeWindows.ofSizeAndGrace(window.size, window.grace))
                    .aggregate(WallTimes::empty, (key, wallTime, times) -> times.add(wallTime),
                            Materialized.<String, WallTimes>as(Stores.inMemoryWindowStore("wall-times-" + window.label,
                                            window.size.plus(window.grace), window.size, false))
                                    .withKeySerde(Serdes.String()).withValueSerde(wallTimesSerde()))
                    .toStream()
                    .map((key, times) -> KeyValue.pair(statsKey(key, window), statsWindow(key, window, times)))
                    .to(Topics.STATS, Produced.with(Serdes.String(), stats));
        }
    }

    private static List<ExecutionResult> decode(byte[] value) {
        try {
            return List.of(RecordCodec.RESULT.decode(value));
        } catch (InvalidRecordException unreadable) {
            return List.of();
        }
    }

    static long wallTimeMs(ExecutionResult result) {
        return result.summaryRun().map(RunOutcome::wallTimeMs)
                .orElse(result.compile() == null ? 0 : result.compile().wallTimeMs());
    }

    private static String statsKey(Windowed<String> key, Window window) {
        return key.key() + "/" + window.label + "/" + Instant.ofEpochMilli(key.window().start());
    }

    private static StatsWindow statsWindow(Windowed<String> key, Window window, WallTimes times) {
        int slash = key.key().lastIndexOf('/');
        return new StatsWindow(StatsWindow.VERSION, key.key().substring(0, slash),
                Verdict.valueOf(key.key().substring(slash + 1)), window.label,
                Instant.ofEpochMilli(key.window().start()), Instant.ofEpochMilli(key.window().end()),
                times.count(), times.percentile(0.50), times.percentile(0.95), times.percentile(0.99));
    }

    static Serde<WallTimes> wallTimesSerde() {
        return Serdes.serdeFrom(
                (topic, times) -> times == null ? null : Json.mapper().writeValueAsBytes(times),
                (topic, bytes) -> bytes == null ? null : Json.mapper().readValue(bytes, WallTimes.class));
    }
}
