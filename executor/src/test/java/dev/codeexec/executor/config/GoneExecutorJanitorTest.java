package dev.codeexec.executor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.docker.DockerSandboxSettings;
import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.transport.ExecutorFleet;
import dev.codeexec.schemas.Topics;
import dev.codeexec.testsupport.KafkaContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Boxes of executors that are gone, on a real Docker engine and a real broker: the janitor of one
 * executor removes the boxes of an executor of its fleet that is no member of the group, and
 * leaves alone the boxes of a live member, of another fleet, and any box younger than the grace
 * period. Every box here belongs to executor ids made up for this test.
 */
class GoneExecutorJanitorTest {

    /** The JVM's broker: this test starts no app, and its groups, ids and records are its own. */
    private static final KafkaContainer kafka = KafkaContainer.shared();

    private static final String GROUP = "codeexec-executor";
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void removesTheBoxesOfAGoneExecutorOfItsFleetOnly() {
        ExecutorFleet fleet = closing(new ExecutorFleet(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), GROUP));
        String fleetId = fleet.id(Duration.ofSeconds(10)).orElseThrow();
        joinAsStaticMember(kafka.bootstrapServers(), "alive-" + run + "-0");

        DockerSandbox self = sandbox("self-" + run, fleetId);
        DockerSandbox gone = sandbox("gone-" + run, fleetId);
        DockerSandbox alive = sandbox("alive-" + run, fleetId);
        DockerSandbox otherFleet = sandbox("gone-elsewhere-" + run, "another-cluster/" + GROUP);
        assertThat(self.available()).as("a Docker engine answers").isTrue();
        for (DockerSandbox s : List.of(gone, alive, otherFleet)) {
            closing(s.open(new BoxSpec("codeexec-runner-python:2", 64, 16, 8)));
            assertThat(s.boxIds()).hasSize(1);
        }

        GoneExecutorJanitor patient = new GoneExecutorJanitor(self, fleet, fleetId, Duration.ofHours(1));
        assertThat(patient.sweep()).as("boxes younger than the grace period stay").isZero();

        GoneExecutorJanitor janitor = new GoneExecutorJanitor(self, fleet, fleetId, Duration.ZERO);
        assertThat(janitor.sweep()).isEqualTo(1);
        assertThat(gone.boxIds()).isEmpty();
        assertThat(alive.boxIds()).hasSize(1);
        assertThat(otherFleet.boxIds()).hasSize(1);
    }

    private DockerSandbox sandbox(String executorId, String fleetId) {
        return closing(new DockerSandbox(DockerSandboxSettings.defaults().withExecutorId(executorId)
                .withLabels(Map.of(DockerSandboxSettings.FLEET_LABEL, fleetId))));
    }

    private void joinAsStaticMember(String servers, String instanceId) {
        KafkaConsumer<String, byte[]> consumer = closing(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId),
                new StringDeserializer(), new ByteArrayDeserializer()));
        consumer.subscribe(List.of(Topics.SUBMISSIONS));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(200));
            return !consumer.assignment().isEmpty();
        });
    }

    private <T extends AutoCloseable> T closing(T resource) {
        toClose.add(resource);
        return resource;
    }
}
