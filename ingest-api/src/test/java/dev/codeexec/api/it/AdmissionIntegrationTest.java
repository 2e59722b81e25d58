package dev.codeexec.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.api.adapter.kafka.KafkaBacklog;
import dev.codeexec.api.support.IntegrationTestBase;
import dev.codeexec.schemas.Topics;
import dev.codeexec.testsupport.KafkaContainer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backpressure on the real consumer lag of the submissions topic, and a per-key rate limit, on a
 * real broker and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.config.name=ingest-api",
    "spring.flyway.locations=filesystem:../storage/src/main/resources/db/migration",
    "codeexec.api.key=adm-key",
    "codeexec.api.admin-key=adm-admin",
    "codeexec.api.storage.local.root=target/it-objects",
    "codeexec.api.backpressure.max-backlog=3",
    "codeexec.api.backpressure.refresh-interval=1h",   // the test measures (refresh) itself, so no timing race
    "codeexec.api.backpressure.consumer-group=test-executors",
    "codeexec.api.rate-limit.requests-per-second=0.01",
    "codeexec.api.rate-limit.burst=6",
    "codeexec.api.rate-limit.max-in-flight=0",
})
class AdmissionIntegrationTest extends IntegrationTestBase {

    private static final String HELLO = "{\"language\":\"python\",\"source\":\"print(1)\"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A broker of its own: the backlog measured is the lag of this test's submissions only. */
    private static final KafkaContainer kafka = KafkaContainer.start(2);

    @Autowired KafkaBacklog backlog;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @Test
    void backlogOverItsBoundGets503UntilTheExecutorsCatchUpThenARateLimitGets429() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(postJson("/api/v1/submissions", "adm-key", HELLO).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> measuredBacklog(0) == 3);
        HttpResponse<String> refused = postJson("/api/v1/submissions", "adm-key", HELLO);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("3 submissions are waiting");

        commitEverythingAsTheExecutorsWould();
        await().atMost(Duration.ofSeconds(10)).until(() -> measuredBacklog(-1) == 0);
        assertThat(postJson("/api/v1/submissions", "adm-key", HELLO).statusCode()).isEqualTo(202);

        // no refresh until the end, so the next three see the backlog measured as 0 (the rate limit decides)
        // 4 of the burst of 6 tokens are spent (a refusal for backlog takes none): two more pass, then 429
        assertThat(postJson("/api/v1/submissions", "adm-key", HELLO).statusCode()).isEqualTo(202);
        assertThat(postJson("/api/v1/submissions", "adm-key", HELLO).statusCode()).isEqualTo(202);
        HttpResponse<String> limited = postJson("/api/v1/submissions", "adm-key", HELLO);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** Measures the backlog now, as the scheduled refresh would, and answers it ({@code unknown} if unmeasured). */
    private long measuredBacklog(long unknown) {
        backlog.refresh();
        return backlog.backlog().orElse(unknown);
    }

    private void commitEverythingAsTheExecutorsWould() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 6; p++) {
                latest.put(new TopicPartition(Topics.SUBMISSIONS, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            ends.forEach((tp, info) -> done.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets("test-executors", done).all().get(10, TimeUnit.SECONDS);
        }
    }
}
