package dev.codeexec.executor;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The executor service. Its configuration file is {@code executor.yml}. It needs no database,
 * even on a classpath that has JDBC and Flyway (the standalone launcher's): their
 * auto-configurations are excluded by name, so this module does not depend on them.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@ConfigurationPropertiesScan
public class ExecutorApplication {

    public static final String CONFIG_NAME = "executor";

    /** The application with {@code spring.config.name=executor}; add sources or properties, then run. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ExecutorApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
