package dev.codeexec.api.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole app on a random port against a real KRaft broker and a real PostgreSQL (containers from
 * codeexec-kafka:1 and codeexec-postgres:1): classes with it extend {@link BrokerIntegrationTestBase}. Flyway runs the storage
 * module's migrations from its source folder, so tests see the newest ones.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=ingest-api",
    "spring.flyway.locations=filesystem:../storage/src/main/resources/db/migration",
    "codeexec.api.key=it-key",
    "codeexec.api.admin-key=it-admin-key",
    "codeexec.api.produce-timeout=3s",
    "codeexec.api.storage.local.root=target/it-objects",
    "codeexec.api.storage.link-secret=it-link-secret",
})
public @interface IntegrationTest {
}
