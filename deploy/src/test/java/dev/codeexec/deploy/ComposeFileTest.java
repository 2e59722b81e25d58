package dev.codeexec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The top-level docker-compose.yml as Debian's docker-compose 1.29 reads it ({@code config}
 * resolves variables, anchors and merges, and rejects what the Compose spec does not allow):
 * valid, its secrets required, and the cluster settings the deployment promises.
 */
class ComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("..", "docker-compose.yml").toAbsolutePath().normalize();

    @Test
    void theResolvedFileHasThreeReplicatedBrokersOneSocketForExecutorsAndThePartitionsFromOneVariable() throws Exception {
        Result config = compose(List.of("CODEEXEC_API_KEY=k", "CODEEXEC_LINK_SECRET=l", "CODEEXEC_WEBHOOK_SECRET=w",
                "CODEEXEC_POSTGRES_PASSWORD=p", "CODEEXEC_PARTITIONS=24"), "config");

        assertThat(config.exitCode()).as(config.output()).isZero();
        String yaml = config.output();
        assertThat(yaml).contains("kafka-1:", "kafka-2:", "kafka-3:", "postgres:", "ingest-api:", "results-sink:", "executor:");
        assertThat(count(yaml, "KAFKA_REPLICATION: '3'") + count(yaml, "KAFKA_REPLICATION: \"3\"")
                + count(yaml, "KAFKA_REPLICATION: 3")).isEqualTo(3);
        assertThat(count(yaml, "KAFKA_MIN_ISR: '2'") + count(yaml, "KAFKA_MIN_ISR: \"2\"") + count(yaml, "KAFKA_MIN_ISR: 2"))
                .isEqualTo(3);
        assertThat(count(yaml, "PARTITIONS: '24'") + count(yaml, "PARTITIONS: \"24\"") + count(yaml, "PARTITIONS: 24"))
                .as("the brokers' and every service's partitions come from CODEEXEC_PARTITIONS").isEqualTo(6);
        assertThat(count(yaml, "/var/run/docker.sock")).as("only the executor mounts the Docker socket").isEqualTo(2);
        String executor = yaml.substring(yaml.indexOf("\n  executor:"), yaml.indexOf("\n  ingest-api:"));
        assertThat(executor).contains("/var/run/docker.sock");
        assertThat(count(yaml, "SPRING_KAFKA_PRODUCER_ACKS: all")).isEqualTo(3);
    }

    @Test
    void withoutTheSecretsComposeRefusesToStart() throws Exception {
        Result config = compose(List.of(), "config");

        assertThat(config.exitCode()).isNotZero();
        assertThat(config.output()).contains("run ./codeexec deploy up once");
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs docker-compose with an empty project directory, so no .env of a developer is read. */
    private static Result compose(List<String> env, String... args) throws IOException, InterruptedException {
        Path empty = Files.createTempDirectory("compose-test");
        Path output = empty.resolve("out.txt");
        List<String> command = new java.util.ArrayList<>(List.of("docker-compose", "-f", COMPOSE_FILE.toString(),
                "--project-directory", empty.toString(), "-p", "codeexec-compose-test"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODEEXEC_"));
        env.forEach(e -> builder.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("docker-compose config did not finish");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
