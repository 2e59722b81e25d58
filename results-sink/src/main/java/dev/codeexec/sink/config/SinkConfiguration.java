package dev.codeexec.sink.config;

import dev.codeexec.sink.health.DependencyHealth;
import dev.codeexec.sink.jdbc.JdbcSubmissionStore;
import dev.codeexec.sink.kafka.ResultListener;
import dev.codeexec.sink.observability.ObservedSubmissionStore;
import dev.codeexec.sink.observability.SinkMetrics;
import dev.codeexec.sink.kafka.StatusListener;
import dev.codeexec.sink.persist.PersistResults;
import dev.codeexec.sink.persist.RecordStatuses;
import dev.codeexec.sink.persist.FailUnstoredResult;
import dev.codeexec.sink.persist.SubmissionStorePort;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStores;
import dev.codeexec.sink.jdbc.JdbcExpiredSubmissions;
import dev.codeexec.sink.retention.PurgeExpired;
import dev.codeexec.sink.schedule.RetentionSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
    SubmissionStorePort submissionStore(JdbcTemplate jdbc, TransactionTemplate transaction, MeterRegistry meters) {
        return new ObservedSubmissionStore(new JdbcSubmissionStore(jdbc, transaction), meters);
    }

    @Bean
    SinkMetrics sinkMetrics(MeterRegistry meters) {
        return new SinkMetrics(meters);
    }

    @Bean
    PersistResults persistResults(SubmissionStorePort rows, ObjectStorePort objects, SinkProperties properties,
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
    FailUnstoredResult failUnstoredResult(SubmissionStorePort rows) {
        return new FailUnstoredResult(rows);
    }

    @Bean
    RecordStatuses recordStatuses(SubmissionStorePort rows) {
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
    RetentionSchedule retentionSchedule(PurgeExpired purge, ThreadPoolTaskScheduler retentionScheduler,
            SinkProperties properties) {
        return new RetentionSchedule(purge, retentionScheduler, properties.retention().interval());
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler retentionScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("sink-retention-");
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    DependencyHealth sinkPersistence() {
        return new DependencyHealth();
    }

    @Bean
    ResultListener resultListener(PersistResults persistResults, DependencyHealth health) {
        return new ResultListener(persistResults, health);
    }

    @Bean
    StatusListener statusListener(RecordStatuses recordStatuses, DependencyHealth health) {
        return new StatusListener(recordStatuses, health);
    }
}
