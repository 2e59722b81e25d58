package dev.codeexec.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The ingest API: the REST face of codeexec. Its configuration file is {@code ingest-api.yml}. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(ApiProperties.class)
public class IngestApiApplication {

    public static final String CONFIG_NAME = "ingest-api";

    /** A builder that reads {@code ingest-api.yml}, never {@code application.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(IngestApiApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
