package dev.codeexec.executor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.executor.testing.FakeSandbox;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The standalone launcher runs the executor in a JVM that also has JDBC and Flyway (for the API
 * and the sink). Started the launcher's way, through {@link ExecutorApplication#builder()}, the
 * executor must come up without any database settings and create no DataSource.
 */
class NoDatabaseTest {

    @Configuration(proxyBeanMethods = false)
    static class FakeSandboxConfig {
        @Bean
        FakeSandbox sandboxPort() {
            return new FakeSandbox();
        }
    }

    @Test
    void startsWithJdbcAndFlywayOnTheClassPathAndNoDatabase() {
        assertThat(ClassUtils.isPresent("org.flywaydb.core.Flyway", null)).as("Flyway on the class path").isTrue();
        assertThat(ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", null)).as("Hikari on the class path").isTrue();

        try (ConfigurableApplicationContext context = ExecutorApplication.builder()
                .sources(FakeSandboxConfig.class)
                .run("--spring.main.allow-bean-definition-overriding=true",
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=127.0.0.1:9",
                        "--spring.kafka.admin.auto-create=false",
                        "--codeexec.executor.compile-cache.dir=" + System.getProperty("java.io.tmpdir") + "/codeexec-nodb-test")) {
            assertThat(context.getBeanNamesForType(DataSource.class)).isEmpty();
            assertThat(context.getBeanNamesForType(org.flywaydb.core.Flyway.class)).isEmpty();
            assertThat(context.getEnvironment().getProperty("spring.config.name")).isEqualTo("executor");
            assertThat(context.getEnvironment().getProperty("server.port")).isEqualTo("0");
            assertThat(context.getBean("sandboxHealthIndicator", HealthIndicator.class)).isNotNull();
        }
    }
}
