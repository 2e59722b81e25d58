package dev.codeexec.executor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.codeexec.executor.ExecutorApplication;
import dev.codeexec.executor.health.SandboxWatch;
import dev.codeexec.executor.testing.TopicReader;
import dev.codeexec.executor.transport.SubmissionListener;
import dev.codeexec.schemas.Topics;
import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.kafka.RecordCodec;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.Submission;
import dev.codeexec.testsupport.KafkaContainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A language whose runner image does not exist on the engine (languages are data: the catalogue
 * here is the built-in one plus "ghost", python's definition on a missing image). Its submission
 * ends as INTERNAL_ERROR naming the image after a few tries, and a python submission queued behind
 * it on the same partition runs; the executor is never paused. Real Docker, real broker.
 */
@SpringBootTest(classes = {ExecutorApplication.class, MissingImageTest.Catalogue.class}, properties = {
        "spring.config.name=executor",
        "spring.main.allow-bean-definition-overriding=true",
        "codeexec.executor.slots=1",
        "codeexec.executor.partitions=1",
        "codeexec.executor.executor-id=missing-image-test",
        "codeexec.executor.warm-pool-size=0",
        "codeexec.executor.compile-cache.enabled=false"})
class MissingImageTest {

    /** A broker of its own: the app's topics and consumer group are fixed names. */
    private static final KafkaContainer kafka = KafkaContainer.start(1);

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    static final String MISSING_IMAGE = "codeexec-recovery-test-missing:1";

    @TestConfiguration
    static class Catalogue {
        @Bean
        LanguageCatalogue languageCatalogue() {
            LanguageCatalogue builtIn = LanguageCatalogue.builtIn();
            Language python = builtIn.find("python").orElseThrow();
            List<Language> all = new ArrayList<>(builtIn.all());
            all.add(new Language("ghost", "Ghost", python.version(), MISSING_IMAGE, "main.ghost", List.of(".ghost"),
                    python.compile(), python.run(), python.artifactDir()));
            return new LanguageCatalogue(all);
        }
    }

    @Autowired
    SandboxWatch watch;
    @Autowired
    KafkaListenerEndpointRegistry registry;

    @Test
    void aMissingImageFailsOnlyItsLanguageAndNeverPausesTheExecutor() throws Exception {
        String servers = kafka.bootstrapServers();
        String ghost = "ghost-" + UUID.randomUUID();
        String python = "py-" + UUID.randomUUID();
        AtomicBoolean paused = new AtomicBoolean();
        watch.addListener(available -> paused.compareAndSet(false, !available));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(), new ByteArraySerializer());
                TopicReader results = new TopicReader(servers, Topics.RESULTS, true)) {
            for (Submission s : List.of(Submission.of(ghost, "ghost", "print('never')", ""),
                    Submission.of(python, "python", "print('after the ghost')", ""))) {
                producer.send(new ProducerRecord<>(Topics.SUBMISSIONS, 0, s.id(), RecordCodec.SUBMISSION.encode(s)))
                        .get(10, TimeUnit.SECONDS);
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> !results.withKey(python).isEmpty());

            ExecutionResult ghostResult = RecordCodec.RESULT.decode(results.withKey(ghost).get(0).value());
            assertThat(ghostResult.verdict()).isEqualTo(Verdict.INTERNAL_ERROR);
            assertThat(ghostResult.verdictDetail()).contains("language 'ghost' is unavailable", MISSING_IMAGE, "3 attempts");
            ExecutionResult pythonResult = RecordCodec.RESULT.decode(results.withKey(python).get(0).value());
            assertThat(pythonResult.verdict()).as(pythonResult.verdictDetail()).isEqualTo(Verdict.ACCEPTED);
            assertThat(pythonResult.runs().get(0).stdout().data()).isEqualTo("after the ghost\n");
            assertThat(results.withKey(ghost)).hasSize(1);
        }
        assertThat(paused).as("the executor was paused").isFalse();
        assertThat(watch.isAvailable()).isTrue();
        assertThat(registry.getListenerContainer(SubmissionListener.ID).isPauseRequested()).isFalse();
    }
}
