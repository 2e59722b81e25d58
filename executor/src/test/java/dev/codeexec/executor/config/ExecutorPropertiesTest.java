package dev.codeexec.executor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.executor.execution.ExecutionPolicy;
import dev.codeexec.executor.execution.RunLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ExecutorPropertiesTest {

    static ExecutorProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("codeexec.executor", ExecutorProperties.class);
    }

    @Test
    void noConfigurationGivesWorkingDefaults() {
        ExecutorProperties p = bind(Map.of());

        assertThat(p.executorId()).matches("[A-Za-z0-9._-]+-\\d+");
        assertThat(p.slots()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(p.partitions()).isEqualTo(6);
        assertThat(p.replicationFactor()).isEqualTo(1);
        assertThat(p.maxTestCases()).isEqualTo(50);
        assertThat(p.groupId()).isEqualTo("codeexec-executor");
        assertThat(p.compileCache().enabled()).isTrue();
        assertThat(p.compileCache().maxSizeMb()).isEqualTo(512);
        ExecutionPolicy policy = p.policy();
        assertThat(policy.defaults()).isEqualTo(new RunLimits(2000, 5000, 256, 64, 64, 1024));
        assertThat(policy.maxima()).isEqualTo(new RunLimits(10000, 15000, 1024, 256, 1024, 65536));
        assertThat(policy.compile()).isEqualTo(new RunLimits(10000, 20000, 1024, 64, 1024, 131072));
        assertThat(p.transactionTimeoutMs()).isEqualTo(30_000);
        assertThat(p.sessionTimeoutMs()).isEqualTo(10_000);
        assertThat(KafkaConfiguration.transactionalIdPool(p)).isEqualTo(p.slots() + 2);
        assertThat(p.batchSize()).isEqualTo(8);
        // a thread does not poll while its batch runs: 8 of the longest submissions
        assertThat(KafkaConfiguration.pollInterval(policy, p)).isGreaterThan(Duration.ofSeconds(8 * (50 * 15 + 20)));
    }

    /** The environment variables the README names for batches bind (as ./codeexec up and compose pass them). */
    @Test
    void batchesAreSetFromTheEnvironment() {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource("env",
                Map.of("CODEEXEC_EXECUTOR_BATCH_SIZE", "1"));
        ExecutorProperties p = new Binder(org.springframework.boot.context.properties.source.ConfigurationPropertySources
                .from(environment)).bindOrCreate("codeexec.executor", ExecutorProperties.class);

        assertThat(p.batchSize()).isEqualTo(1);
        assertThat(KafkaConfiguration.pollInterval(p.policy(), p)).isLessThan(Duration.ofSeconds(2 * (50 * 15 + 20)));
    }

    @Test
    void limitGroupsMayBeGivenFieldByField() {
        ExecutorProperties p = bind(Map.of(
                "codeexec.executor.default-limits.cpu-time-ms", "1000",
                "codeexec.executor.max-limits.memory-mb", "2048",
                "codeexec.executor.compile-limits.wall-time-ms", "30000",
                "codeexec.executor.slots", "3",
                "codeexec.executor.max-test-cases", "10"));

        assertThat(p.policy().defaults().cpuTimeMs()).isEqualTo(1000);
        assertThat(p.policy().defaults().wallTimeMs()).isEqualTo(5000);
        assertThat(p.policy().maxima().memoryMb()).isEqualTo(2048);
        assertThat(p.policy().maxima().cpuTimeMs()).isEqualTo(10000);
        assertThat(p.policy().compile().wallTimeMs()).isEqualTo(30000);
        assertThat(p.slots()).isEqualTo(3);
        assertThat(p.policy().maxTestCases()).isEqualTo(10);
    }

    @Test
    void aDefaultOverItsMaximumIsAConfigurationError() {
        ExecutorProperties p = bind(Map.of("codeexec.executor.default-limits.memory-mb", "4096"));

        assertThatThrownBy(p::policy).hasMessage("default memoryMb 4096 is over the maximum 1024");
    }
}
