package dev.codeexec.sink;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The results sink as a Spring Boot application; its configuration file is {@code results-sink.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResultsSinkApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ResultsSinkApplication.class)
                .properties("spring.config.name=results-sink");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
