package dev.codeexec.executor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.executor.docker.DockerSandbox;
import dev.codeexec.executor.sandbox.SandboxPort;
import dev.codeexec.executor.testing.SubmissionConsumers;
import dev.codeexec.executor.testing.TopicReader;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Limits;
import dev.codeexec.schemas.v1.Output;
import dev.codeexec.schemas.v1.RunOutcome;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.testsupport.KafkaContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The executor app as deployed: real Docker engine and runner images, real broker. Needs dockerd
 * and the images of {@code runners/build.sh} (cpp, python); fails saying so when they are missing.
 */
@SpringBootTest(classes = ExecutorApplication.class, properties = {
        "spring.config.name=executor",
        "codeexec.executor.slots=2",
        "codeexec.executor.partitions=2",
        "codeexec.executor.executor-id=docker-pipeline-test",
        "codeexec.executor.warm-pool-size=1"})
class DockerPipelineTest {

    /** A broker of its own: the app's topics and consumer group are fixed names. */
    private static final KafkaContainer kafka = KafkaContainer.start(2);

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String CPP_ECHO = """
            #include <iostream>
            #include <string>
            int main() { std::string s; std::cin >> s; std::cout << "hello " << s << "\\n"; }
            """;

    @DynamicPropertySource
    static void freshCompileCache(DynamicPropertyRegistry registry) throws IOException {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        String dir = Files.createTempDirectory("codeexec-docker-pipeline-cache").toString();
        registry.add("codeexec.executor.compile-cache.dir", () -> dir);
    }

    static KafkaProducer<String, byte[]> producer;
    static TopicReader results;

    @BeforeAll
    static void clients(@Autowired SandboxPort sandbox,
            @Autowired KafkaListenerEndpointRegistry listeners) {
        // a rebalance under the first submission would run it again, from the compile cache
        SubmissionConsumers.awaitOnePartitionEach(listeners, Duration.ofSeconds(60));
        DockerSandbox docker = (DockerSandbox) sandbox;
        assertThat(docker.available()).as("a Docker engine answers (start dockerd: ./codeexec images does, run as root)").isTrue();
        for (String image : new String[] {"codeexec-runner-cpp:2", "codeexec-runner-python:2"}) {
            assertThat(docker.hasImage(image)).as(image + " exists (run runners/build.sh)").isTrue();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        results = new TopicReader(kafka.bootstrapServers(), Topics.RESULTS, true);
    }

    @AfterAll
    static void closeClients() {
        if (producer != null) {
            producer.close();
            results.close();
        }
    }

    @Test
    void aCppProgramReadingStdinIsAcceptedAndARepeatSkipsTheCompiler() {
        ExecutionResult first = run(Submission.of("cpp-" + UUID.randomUUID(), "cpp", CPP_ECHO, "world"));

        assertThat(first.verdict()).as(first.verdictDetail()).isEqualTo(Verdict.ACCEPTED);
        assertThat(first.compile().cached()).isFalse();
        assertThat(first.compile().exitCode()).isZero();
        assertThat(first.runs()).singleElement().satisfies(run -> {
            assertThat(run.stdout().data()).isEqualTo("hello world\n");
            assertThat(run.exitCode()).isZero();
            assertThat(run.wallTimeMs()).isPositive();
        });

        ExecutionResult again = run(Submission.of("cpp-" + UUID.randomUUID(), "cpp", CPP_ECHO, "again"));

        assertThat(again.verdict()).as(again.verdictDetail()).isEqualTo(Verdict.ACCEPTED);
        assertThat(again.compile().cached()).isTrue();
        assertThat(again.runs().get(0).stdout().data()).isEqualTo("hello again\n");
    }

    @Test
    void aPythonProgramIsAccepted() {
        ExecutionResult result = run(Submission.of("py-" + UUID.randomUUID(), "python", "print('hello', input())", "world"));

        assertThat(result.verdict()).as(result.verdictDetail()).isEqualTo(Verdict.ACCEPTED);
        assertThat(result.compile()).isNull();
        assertThat(result.runs()).singleElement().satisfies(run -> {
            assertThat(run.stdout().data()).isEqualTo("hello world\n");
            assertThat(run.exitCode()).isZero();
        });
    }

    /**
     * Regression: 600,000 bytes of \x01 are within outputKb 1024 but took 3.1 MB as escaped JSON,
     * over the producer's 1 MB max.request.size; the transaction aborted and the program ran again,
     * forever. The budget counts encoded bytes now: one result, its output cut and flagged.
     */
    @Test
    void aControlCharacterFloodWithinItsOutputLimitGetsOneResultWithItsOutputCut() {
        Submission flood = new Submission(Submission.VERSION, "flood-" + UUID.randomUUID(), null, "python",
                "import sys\nsys.stdout.buffer.write(b'\\x01' * 600000)\n", null, null, null, null, null, null, null,
                null, new Limits(null, null, null, null, 1024L, null), null, null, null);

        ExecutionResult result = run(flood);

        assertThat(result.verdict()).as(result.verdictDetail()).isEqualTo(Verdict.ACCEPTED);
        RunOutcome run = result.runs().get(0);
        assertThat(run.stdout().truncated()).isTrue();
        assertThat(run.stdout().encoding()).isEqualTo(Output.BASE64);
        byte[] reported = run.stdout().bytes();
        assertThat(reported.length).isBetween(300_000, 600_000);
        assertThat(reported).containsOnly((byte) 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> results.withKey(flood.id()).size() == 1);
    }

    @Test
    void metadataNoDatabaseCanHoldIsRejectedNamingTheFieldAndReportedWithoutIt() {
        Submission poisoned = new Submission(Submission.VERSION, "nul-" + UUID.randomUUID(), null, "python",
                "print(1)", null, null, null, null, null, null, null, null, null, Map.of("k", "a\u0000b"), null, null);

        ExecutionResult result = run(poisoned);

        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.verdictDetail()).startsWith("metadata.k: holds a NUL character");
        assertThat(result.metadata()).isNull();
        assertThat(result.runs()).isEmpty();
    }

    private static ExecutionResult run(Submission submission) {
        try {
            producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, submission.id(), RecordCodec.SUBMISSION.encode(submission)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(WAIT).until(() -> !results.withKey(submission.id()).isEmpty());
        return RecordCodec.RESULT.decode(results.withKey(submission.id()).get(0).value());
    }
}
