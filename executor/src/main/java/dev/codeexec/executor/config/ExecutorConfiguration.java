package dev.codeexec.executor.config;

import dev.codeexec.executor.cache.DiskCompileCache;
import dev.codeexec.executor.execution.CompileCachePort;
import dev.codeexec.executor.execution.ExecuteSubmission;
import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.health.SandboxHealthIndicator;
import dev.codeexec.executor.health.SandboxWatch;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.transport.ExecutorMetrics;
import dev.codeexec.executor.transport.ListenerPauser;
import dev.codeexec.executor.transport.SubmissionEvents;
import dev.codeexec.executor.transport.SubmissionListener;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/** The use case and its collaborators, built from {@link ExecutorProperties}. */
@Configuration(proxyBeanMethods = false)
public class ExecutorConfiguration {

    /** How often the sandbox backend is probed. */
    static final Duration SANDBOX_PROBE_INTERVAL = Duration.ofSeconds(2);

    @Bean
    ExecutionPolicy executionPolicy(ExecutorProperties properties) {
        return properties.policy();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LanguageCatalogue languageCatalogue() {
        return LanguageCatalogue.load();
    }

    @Bean
    CompileCachePort compileCache(ExecutorProperties properties) {
        ExecutorProperties.CompileCache cache = properties.compileCache();
        return cache.enabled()
                ? new DiskCompileCache(cache.dir(), cache.maxSizeMb() * 1024 * 1024)
                : CompileCachePort.none();
    }

    @Bean
    ExecuteSubmission executeSubmission(SandboxPort sandboxPort, LanguageCatalogue languages,
            CompileCachePort compileCache, ExecutionPolicy policy, Clock clock) {
        return new ExecuteSubmission(sandboxPort, languages, compileCache, policy, clock);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    SandboxWatch sandboxWatch(SandboxPort sandboxPort, KafkaListenerEndpointRegistry registry) {
        SandboxWatch watch = new SandboxWatch(sandboxPort, SANDBOX_PROBE_INTERVAL);
        watch.addListener(new ListenerPauser(registry));
        return watch;
    }

    @Bean
    SandboxHealthIndicator sandboxHealthIndicator(SandboxWatch watch) {
        return new SandboxHealthIndicator(watch);
    }

    @Bean
    ExecutorMetrics executorMetrics(MeterRegistry registry, ExecutorProperties properties) {
        return new ExecutorMetrics(registry, properties.slots());
    }

    @Bean
    SubmissionEvents submissionEvents(@Qualifier("kafkaTemplate") KafkaTemplate<String, byte[]> transactional,
            @Qualifier("statusTemplate") KafkaTemplate<String, byte[]> immediate, ExecutionPolicy policy, Clock clock) {
        return new SubmissionEvents(transactional, immediate, policy.executorId(), clock);
    }

    @Bean
    SubmissionListener submissionListener(ExecuteSubmission executeSubmission, SubmissionEvents events,
            SandboxWatch watch, ExecutorMetrics metrics) {
        return new SubmissionListener(executeSubmission, events, watch, metrics);
    }
}
