package dev.codeexec.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The standalone store is a default the environment can override, and the launcher names the store
 * it ends up with. A system property stands in for an environment variable (both rank above the
 * launcher's defaults); {@code defaultProperties} stands in for the module's configuration file.
 */
class StandaloneStorageTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    private static final Services.Wiring WIRING = new Services.Wiring("localhost:9092", "jdbc:postgresql://x/y", "u",
            Path.of("/data/objects"), Path.of("/data/work"), Path.of("/data/logs/services.log"), "key", "link-secret",
            "executor-1", 2, 1, 2, 3);

    @AfterEach
    void clear() {
        System.clearProperty("codeexec.sink.storage.kind");
        System.clearProperty("codeexec.sink.storage.gcs.bucket");
    }

    @Test
    void withoutStorageSettingsTheSinkAndTheApiUseTheDataDirectory() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(Services.describeStore(context.getEnvironment(), "codeexec.sink.storage"))
                    .isEqualTo("local files under /data/objects");
            assertThat(Services.describeStore(context.getEnvironment(), "codeexec.api.storage"))
                    .isEqualTo("local files under /data/objects");
        }
    }

    @Test
    void storageSettingsFromTheEnvironmentWin() {
        System.setProperty("codeexec.sink.storage.kind", "gcs");
        System.setProperty("codeexec.sink.storage.gcs.bucket", "team-outputs");
        try (ConfigurableApplicationContext context = start()) {
            assertThat(Services.describeStore(context.getEnvironment(), "codeexec.sink.storage"))
                    .isEqualTo("GCS bucket team-outputs");
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(Empty.class).web(WebApplicationType.NONE)
                .properties(Map.of("codeexec.sink.storage.local.root", "/from-the-module-file",
                        "codeexec.api.storage.local.root", "/from-the-module-file"))
                .initializers(Services.standaloneDefaults("test", Services.storageDefaults(WIRING)))
                .logStartupInfo(false).run("--spring.main.banner-mode=off");
    }
}
