package dev.codeexec.sink.config;

import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.jdbc.JdbcResultStore;
import dev.codeexec.sink.kafka.ResultListener;
import dev.codeexec.sink.observability.ObservedResultStore;
import dev.codeexec.sink.observability.SinkMetrics;
import dev.codeexec.sink.observability.SubmissionTraces;
import dev.codeexec.sink.kafka.StatusListener;
import dev.codeexec.sink.persist.PersistResults;
import dev.codeexec.sink.persist.RecordStatuses;
import dev.codeexec.sink.persist.FailUnstoredResult;
import dev.codeexec.sink.persist.ResultStorePort;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStores;
import dev.codeexec.sink.jdbc.JdbcExpiredSubmissions;
import dev.codeexec.sink.retention.PurgeExpired;
import dev.codeexec.sink.schedule.PeriodicJob;
import dev.codeexec.sink.jdbc.JdbcOverdueSubmissions;
import dev.codeexec.sink.reaper.QueueProgressPort;
import dev.codeexec.sink.reaper.ReapOverdue;
import dev.codeexec.sink.reaper.ResultPublisherPort;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the use cases to their adapters and the listeners to the use cases. */
@Configuration(proxyBeanMethods = false)
public class SinkConfiguration {

    @Bean
    @ConditionalOnMissingBean(ObjectStorePort.class)
    ObjectStorePort objectStore(SinkProperties properties, DataSource dataSource) {
        return ObjectStores.open(properties.storage().settings(), Optional.empty(), dataSource);
    }

    @Bean
    ResultStorePort resultStore(JdbcTemplate jdbc, TransactionTemplate transaction, MeterRegistry meters,
            SubmissionTraces submissionTraces) {
        return new ObservedResultStore(new JdbcResultStore(jdbc, transaction), meters, submissionTraces);
    }

    /** Results are stored in their submissions' traces; with tracing off (no Tracer bean), outside any. */
    @Bean
    SubmissionTraces submissionTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new SubmissionTraces(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    SinkMetrics sinkMetrics(MeterRegistry meters) {
        return new SinkMetrics(meters);
    }

    @Bean
    PersistResults persistResults(ResultStorePort rows, ObjectStorePort objects, SinkProperties properties,
            ThreadPoolTaskExecutor objectWriters) {
        return new PersistResults(rows, objects, properties.inlineOutputBytes(), objectWriters);
    }

    @Bean
    ThreadPoolTaskExecutor objectWriters(SinkProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("sink-object-writer-");
        executor.setCorePoolSize(properties.storage().writeConcurrency());
        executor.setMaxPoolSize(properties.storage().writeConcurrency());
        executor.initialize();
        return executor;
    }

    @Bean
    FailUnstoredResult failUnstoredResult(ResultStorePort rows) {
        return new FailUnstoredResult(rows);
    }

    @Bean
    RecordStatuses recordStatuses(ResultStorePort rows) {
        return new RecordStatuses(rows);
    }

    @Bean
    PurgeExpired purgeExpired(JdbcClient jdbc, TransactionTemplate transaction, ObjectStorePort objects,
            SinkProperties properties) {
        SinkProperties.Retention retention = properties.retention();
        return new PurgeExpired(new JdbcExpiredSubmissions(jdbc, transaction), objects,
                Duration.ofDays(retention.days()), retention.batchSize(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnExpression("${codeexec.sink.retention.days:30} > 0")
    PeriodicJob retentionSchedule(PurgeExpired purge, ThreadPoolTaskScheduler retentionScheduler,
            SinkProperties properties) {
        return new PeriodicJob("retention", () -> {
            PurgeExpired.Purged purged = purge.run();
            return purged.submissions() == 0 && purged.statsWindows() == 0 ? null
                    : "deleted " + purged.submissions() + " expired submissions and " + purged.statsWindows()
                            + " statistics windows";
        }, retentionScheduler, properties.retention().interval());
    }

    @Bean
    ReapOverdue reapOverdue(JdbcClient jdbc, TransactionTemplate transaction, QueueProgressPort queues,
            ResultPublisherPort results, SinkProperties properties) {
        SinkProperties.Reaper reaper = properties.reaper();
        return new ReapOverdue(new JdbcOverdueSubmissions(jdbc, transaction), queues, results,
                new ReapOverdue.Settings(reaper.margin(), reaper.defaultBound(), reaper.slack(), reaper.batchSize()),
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "codeexec.sink.reaper.enabled", havingValue = "true", matchIfMissing = true)
    PeriodicJob reaperSchedule(ReapOverdue reap, ThreadPoolTaskScheduler retentionScheduler, SinkProperties properties) {
        return new PeriodicJob("reaper", () -> {
            ReapOverdue.Reaped reaped = reap.run();
            return reaped.finished() == 0 ? null
                    : "finished " + reaped.finished() + " of " + reaped.overdue() + " overdue submissions with INTERNAL_ERROR";
        }, retentionScheduler, properties.reaper().interval());
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler retentionScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("sink-jobs-");
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    DependencyHealth sinkPersistence() {
        return new DependencyHealth();
    }

    @Bean
    ResultListener resultListener(PersistResults persistResults, DependencyHealth health, SubmissionTraces submissionTraces) {
        return new ResultListener(persistResults, health, submissionTraces);
    }

    @Bean
    StatusListener statusListener(RecordStatuses recordStatuses, DependencyHealth health) {
        return new StatusListener(recordStatuses, health);
    }
}
