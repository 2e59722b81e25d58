package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandaloneSettingsTest {

    @Test
    void needsNoConfiguration() {
        StandaloneSettings s = StandaloneSettings.fromEnvironment(Map.of(), Path.of("/repo/.codeexec"));

        assertThat(s.dataDir()).isEqualTo(Path.of("/repo/.codeexec"));
        assertThat(s.apiPort()).isEqualTo(8080);
        assertThat(s.sinkPort()).isEqualTo(8081);
        assertThat(s.executorPort()).isEqualTo(8082);
        assertThat(s.kafkaPort()).isEqualTo(9092);
        assertThat(s.kafkaControllerPort()).isEqualTo(9093);
        assertThat(s.partitions()).isEqualTo(6);
        assertThat(s.apiKey()).isEmpty();
    }

    @Test
    void environmentOverridesEachSetting() {
        StandaloneSettings s = StandaloneSettings.fromEnvironment(Map.of(
                "CODEEXEC_DATA_DIR", "/data", "CODEEXEC_API_KEY", "secret", "CODEEXEC_PARTITIONS", "12",
                "CODEEXEC_KAFKA_PORT", "19092", "CODEEXEC_API_PORT", "18080"), Path.of("unused"));

        assertThat(s.dataDir()).isEqualTo(Path.of("/data"));
        assertThat(s.apiKey()).isEqualTo(Optional.of("secret"));
        assertThat(s.partitions()).isEqualTo(12);
        assertThat(s.kafkaControllerPort()).isEqualTo(19093);
        assertThat(s.apiPort()).isEqualTo(18080);
    }

    @Test
    void badValuesAreRefusedWithTheVariableName() {
        assertThatThrownBy(() -> StandaloneSettings.fromEnvironment(Map.of("CODEEXEC_PARTITIONS", "many"), Path.of("d")))
                .hasMessageContaining("CODEEXEC_PARTITIONS");
        assertThatThrownBy(() -> StandaloneSettings.fromEnvironment(Map.of("CODEEXEC_PARTITIONS", "0"), Path.of("d")))
                .hasMessageContaining("CODEEXEC_PARTITIONS");
        assertThatThrownBy(() -> StandaloneSettings.fromEnvironment(Map.of("CODEEXEC_API_PORT", "70000"), Path.of("d")))
                .hasMessageContaining("CODEEXEC_API_PORT");
    }

    @Test
    void exampleBodyIsTheOneFromTheReadme() throws IOException {
        // Maven runs the tests in launcher/; the README is the repository's
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));

        assertThat(readme).contains("-d '" + Banner.EXAMPLE_BODY + "'");
    }
}
