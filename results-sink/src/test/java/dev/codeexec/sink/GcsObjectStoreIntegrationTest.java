package dev.codeexec.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.sink.support.GcsEmulator;
import dev.codeexec.sink.support.SigningKey;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import dev.codeexec.storage.gcs.GcsObjectStore;
import dev.codeexec.storage.gcs.GcsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GCS adapter against the Firebase Storage emulator started by the test. */
class GcsObjectStoreIntegrationTest {

    private static final String BUCKET = "codeexec-test";
    private static GcsEmulator emulator;
    private static GcsObjectStore store;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        emulator = GcsEmulator.start();
        store = GcsObjectStore.create(new GcsSettings(BUCKET, Optional.of("demo-codeexec"),
                Optional.of(emulator.endpoint()), Duration.ofSeconds(3), Optional.of(SigningKey.create())));
    }

    @AfterAll
    static void stop() throws IOException {
        emulator.close();
    }

    @Test
    void storesTheExactBytesWithTheirContentType() throws Exception {
        byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 'a', 0, '\n'};
        String key = ObjectKeys.stdout("gcs-1", 0);

        store.put(key, bytes, ObjectKeys.BINARY);
        store.put(ObjectKeys.stderr("gcs-1", 0), "text\n".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);

        assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).containsExactly(bytes));
        assertThat(store.exists(key)).isTrue();
        assertThat(metadata(key)).contains("\"contentType\":\"application/octet-stream\"");
        assertThat(metadata(ObjectKeys.stderr("gcs-1", 0))).contains("\"contentType\":\"text/plain; charset=utf-8\"");
    }

    @Test
    void rewritingAKeyReplacesTheObject() {
        String key = ObjectKeys.stdout("gcs-2", 0);
        store.put(key, "first, longer".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        store.put(key, "second".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);

        assertThat(store.get(key).orElseThrow()).asString(StandardCharsets.UTF_8).isEqualTo("second");
    }

    @Test
    void anOutputLargerThanOneUploadChunkArrivesWhole() {
        byte[] big = new byte[600 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        store.put(ObjectKeys.stdout("gcs-big", 0), big, ObjectKeys.BINARY);

        assertThat(store.get(ObjectKeys.stdout("gcs-big", 0)).orElseThrow()).containsExactly(big);
    }

    @Test
    void missingObjectsAreEmpty() {
        assertThat(store.get(ObjectKeys.stdout("gcs-none", 0))).isEmpty();
        assertThat(store.exists(ObjectKeys.stdout("gcs-none", 0))).isFalse();
    }

    @Test
    void deletesEverythingUnderAPrefixAndNothingElse() {
        store.put(ObjectKeys.stdout("gcs-keep", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("gcs-gone", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stderr("gcs-gone", 1), new byte[1], ObjectKeys.TEXT);

        assertThat(store.deleteByPrefix(ObjectKeys.submission("gcs-gone"))).isEqualTo(2);

        assertThat(store.exists(ObjectKeys.stdout("gcs-gone", 0))).isFalse();
        assertThat(store.exists(ObjectKeys.stdout("gcs-keep", 0))).isTrue();
    }

    @Test
    void aV4SignedUrlReadsTheObjectAndExpiresAfterThirtyMinutes() throws Exception {
        String key = ObjectKeys.stdout("gcs-link", 0);
        store.put(key, "linked\n".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);

        URI link = store.signedUrl(key, Duration.ofMinutes(30));

        assertThat(link.toString()).startsWith(emulator.endpoint() + "/" + BUCKET + "/" + key)
                .contains("X-Goog-Algorithm=GOOG4-RSA-SHA256", "X-Goog-Expires=1800", "X-Goog-Signature=");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("linked\n");
    }

    @Test
    void anUnreachableStoreIsReportedAsUnavailable() {
        emulator.stop();
        try {
            assertThatThrownBy(() -> store.put(ObjectKeys.stdout("gcs-down", 0), new byte[1], ObjectKeys.TEXT))
                    .isInstanceOf(ObjectStoreUnavailableException.class);
            assertThatThrownBy(() -> store.get(ObjectKeys.stdout("gcs-down", 0)))
                    .isInstanceOf(ObjectStoreUnavailableException.class);
        } finally {
            emulator.startAgain();
        }
        store.put(ObjectKeys.stdout("gcs-down", 0), new byte[1], ObjectKeys.TEXT);
        assertThat(store.exists(ObjectKeys.stdout("gcs-down", 0))).isTrue();
    }

    private String metadata(String key) throws Exception {
        URI uri = URI.create(emulator.endpoint() + "/storage/v1/b/" + BUCKET + "/o/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
