package dev.codeexec.api.support;

import dev.codeexec.testsupport.KafkaContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link IntegrationTestBase} with a real broker: one {@link KafkaContainer} (codeexec-kafka:1) for
 * every {@link IntegrationTest} class, which share one application context, started on first use.
 */
public abstract class BrokerIntegrationTestBase extends IntegrationTestBase {

    private static KafkaContainer kafka;

    protected static synchronized KafkaContainer kafka() {
        if (kafka == null) {
            kafka = KafkaContainer.start(1);
        }
        return kafka;
    }

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
    }
}
