package dev.codeexec.api.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The whole app on a random port against a real KRaft broker ({@code @EmbeddedKafka}) and a real
 * PostgreSQL (a container from codeexec-postgres:1, via {@link IntegrationTestBase}). Flyway runs the storage
 * module's migrations from its source folder, so tests see the newest ones.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=ingest-api",
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "spring.flyway.locations=filesystem:../storage/src/main/resources/db/migration",
    "codeexec.api.key=it-key",
    "codeexec.api.admin-key=it-admin-key",
    "codeexec.api.produce-timeout=3s",
    "codeexec.api.storage.local.root=target/it-objects",
    "codeexec.api.storage.link-secret=it-link-secret",
})
@EmbeddedKafka(partitions = 1)
public @interface IntegrationTest {
}
