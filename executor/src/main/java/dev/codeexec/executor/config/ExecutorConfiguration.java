package dev.codeexec.executor.config;

import dev.codeexec.executor.cache.DiskCompileCache;
import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.docker.DockerSandboxSettings;
import dev.codeexec.executor.execution.CompileCachePort;
import dev.codeexec.executor.execution.ExecuteSubmission;
import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.execution.RunLimits;
import dev.codeexec.executor.health.SandboxHealthIndicator;
import dev.codeexec.executor.health.SandboxWatch;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.sandbox.SandboxUnavailableException;
import dev.codeexec.executor.transport.ExecutorFleet;
import dev.codeexec.executor.transport.ExecutorMetrics;
import dev.codeexec.executor.transport.ListenerPauser;
import dev.codeexec.executor.transport.RecentlyCompleted;
import dev.codeexec.executor.transport.SubmissionEvents;
import dev.codeexec.executor.transport.SubmissionListener;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;

/** The use case and its collaborators, built from {@link ExecutorProperties}. */
@Configuration(proxyBeanMethods = false)
public class ExecutorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExecutorConfiguration.class);

    /** How often the sandbox backend is probed. */
    static final Duration SANDBOX_PROBE_INTERVAL = Duration.ofSeconds(2);
    /** How long the start waits for the Kafka cluster's id, which labels the boxes. */
    static final Duration FLEET_ID_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ExecutionPolicy executionPolicy(ExecutorProperties properties) {
        if (properties.slots() > properties.partitions()) {
            log.warn("{} slots but {} partitions: each consumer thread owns at least one partition, so at most {}"
                    + " submissions run at once on this executor", properties.slots(), properties.partitions(),
                    properties.partitions());
        }
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

    /**
     * The Docker sandbox: boxes labelled with this executor's id, a warm pool of
     * {@code warm-pool-size} boxes per language image, containers reused for {@code reuse-steps} steps. Boxes an earlier run of this id left
     * behind are removed at start; all of this executor's boxes at shutdown.
     */
    @Bean(destroyMethod = "close")
    ExecutorFleet executorFleet(KafkaProperties kafka, ExecutorProperties properties) {
        return new ExecutorFleet(kafka.buildAdminProperties(), properties.groupId());
    }

    /** Removes the boxes of executors of this fleet that died on this engine (Docker sandbox only). */
    @Bean(initMethod = "start", destroyMethod = "close")
    GoneExecutorJanitor goneExecutorJanitor(SandboxPort sandboxPort, ExecutorFleet fleet, ExecutorProperties properties) {
        DockerSandbox docker = sandboxPort instanceof DockerSandbox d ? d : null;
        String fleetId = docker == null ? null : docker.fleet().orElse(null);
        return new GoneExecutorJanitor(docker, fleet, fleetId, Duration.ofMillis(properties.goneExecutorGraceMs()));
    }

    @Bean(destroyMethod = "close")
    SandboxPort sandboxPort(ExecutorProperties properties, ExecutionPolicy policy, LanguageCatalogue languages,
            ExecutorFleet fleet) {
        DockerSandboxSettings base = DockerSandboxSettings.defaults();
        Map<String, Integer> warmPool = new LinkedHashMap<>();
        if (properties.warmPoolSize() > 0) {
            languages.all().forEach(language -> warmPool.put(language.image(), properties.warmPoolSize()));
        }
        DockerSandboxSettings settings = new DockerSandboxSettings(
                properties.dockerHost() == null || properties.dockerHost().isBlank() ? base.dockerHost() : properties.dockerHost(),
                base.apiVersion(), policy.executorId(),
                fleet.id(FLEET_ID_TIMEOUT).map(id -> Map.of(DockerSandboxSettings.FLEET_LABEL, id)).orElse(Map.of()),
                base.tmpDirMb(), properties.boxCpus(),
                base.openFiles(), base.supervisorMemoryMb(), base.user(), base.startTimeout(), base.stepGrace(),
                warmPool, new DockerSandboxSettings.WarmSpec(policy.defaults().memoryMb(), policy.defaults().processes(),
                        policy.workDirMb()))
                .withReuse(properties.reuseSteps(), Math.max(DockerSandboxSettings.DEFAULT_IDLE_BOXES, properties.slots()));
        DockerSandbox sandbox = new DockerSandbox(settings);
        try {
            int removed = sandbox.removeOrphans();
            if (removed > 0) {
                log.info("removed {} boxes left behind by an earlier run of executor {}", removed, policy.executorId());
            }
        } catch (SandboxUnavailableException e) {
            log.warn("Docker does not answer at start-up ({}); consumption waits until it does", e.getMessage());
        }
        // compiled languages: a box with the compile limits warm too, so that the first compile of a
        // fresh executor takes a warm box instead of changing the run-shaped one
        RunLimits compile = policy.compile();
        languages.all().stream().filter(Language::compiled).forEach(language -> sandbox.expect(
                new BoxSpec(language.image(), compile.memoryMb(), compile.processes(), policy.workDirMb())));
        sandbox.startWarmPool();
        return sandbox;
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
    SandboxHealthIndicator sandboxHealthIndicator(SandboxWatch watch, ExecutorMetrics metrics) {
        return new SandboxHealthIndicator(watch, metrics.slots(), metrics::busySlots);
    }

    @Bean
    ExecutorMetrics executorMetrics(MeterRegistry registry, ExecutorProperties properties, LanguageCatalogue languages) {
        return new ExecutorMetrics(registry, properties.slots(), languages);
    }

    @Bean
    SubmissionEvents submissionEvents(@Qualifier("kafkaTemplate") KafkaTemplate<String, byte[]> transactional,
            @Qualifier("statusTemplate") KafkaTemplate<String, byte[]> immediate, ExecutionPolicy policy, Clock clock) {
        return new SubmissionEvents(transactional, immediate, policy.executorId(), clock);
    }

    @Bean
    SubmissionListener submissionListener(ExecuteSubmission executeSubmission, SubmissionEvents events,
            SandboxWatch watch, ExecutorMetrics metrics, ConsumerRecordRecoverer submissionDeadLetters,
            ObjectProvider<ObservationRegistry> observations, ExecutorProperties properties) {
        return new SubmissionListener(executeSubmission, events, watch, metrics, submissionDeadLetters,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP), new RecentlyCompleted(properties.recentIds()));
    }
}
