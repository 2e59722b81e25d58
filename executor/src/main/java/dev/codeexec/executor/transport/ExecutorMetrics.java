package dev.codeexec.executor.transport;

import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.ExecutionResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's meters: {@code codeexec.executor.dead.letters} (tag {@code reason}),
 * {@code codeexec.executor.results} (tags {@code verdict}, {@code language}),
 * {@code codeexec.executor.sandbox.unavailable}, the timer {@code codeexec.executor.execution}
 * (tags {@code language}, {@code verdict}: from record received to result ready) and the gauges
 * {@code codeexec.executor.slots} and {@code codeexec.executor.slots.busy}. The {@code language}
 * tag is the language id when the catalogue has it and {@value #UNKNOWN_LANGUAGE} otherwise: a
 * record names any language it likes, and a tag per made-up name would grow the registry without
 * bound (one meter per name, kept forever).
 */
public class ExecutorMetrics {

    /** The {@code language} tag of results whose language is not in the catalogue. */
    public static final String UNKNOWN_LANGUAGE = "unknown";

    private final MeterRegistry registry;
    private final LanguageCatalogue languages;
    private final AtomicInteger busy = new AtomicInteger();
    private final Counter sandboxUnavailable;
    private final Counter duplicatesSkipped;

    private final int slots;

    public ExecutorMetrics(MeterRegistry registry, int slots, LanguageCatalogue languages) {
        this.registry = registry;
        this.languages = languages;
        this.slots = slots;
        Gauge.builder("codeexec.executor.slots", () -> slots).description("submissions run at once, at most").register(registry);
        Gauge.builder("codeexec.executor.slots.busy", busy::get).description("submissions running now").register(registry);
        this.sandboxUnavailable = Counter.builder("codeexec.executor.sandbox.unavailable")
                .description("runs put back because the sandbox backend could not serve").register(registry);
        this.duplicatesSkipped = Counter.builder("codeexec.executor.duplicates.skipped")
                .description("submission records not run because this executor had answered their id lately")
                .register(registry);
    }

    public void deadLetter(String reason) {
        Counter.builder("codeexec.executor.dead.letters").tag("reason", reason)
                .description("submission records sent to the dead-letter topic").register(registry).increment();
    }

    public void result(ExecutionResult result, long nanos) {
        String language = languages.find(result.language()).map(Language::id).orElse(UNKNOWN_LANGUAGE);
        Counter.builder("codeexec.executor.results").tag("verdict", result.verdict().name())
                .tag("language", language).description("results produced").register(registry).increment();
        Timer.builder("codeexec.executor.execution").tag("verdict", result.verdict().name())
                .tag("language", language).description("time from record received to result ready")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records skipped because their submission was answered lately ({@link RecentlyCompleted}). */
    public void duplicatesSkipped(int count) {
        duplicatesSkipped.increment(count);
    }

    public void sandboxUnavailable() {
        sandboxUnavailable.increment();
    }

    void slotTaken() {
        busy.incrementAndGet();
    }

    void slotFreed() {
        busy.decrementAndGet();
    }

    public int slots() {
        return slots;
    }

    /** Submissions running now. */
    public int busySlots() {
        return busy.get();
    }
}
