package dev.codeexec.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectStorePortTest {

    /** A store that only knows durable writes, as the GCS adapter does. */
    private static final class DurableOnly implements ObjectStorePort {
        final List<String> puts = new ArrayList<>();

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            puts.add(key + " " + contentType + " " + bytes.length);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public boolean exists(String key) {
            return false;
        }

        @Override
        public int deleteByPrefix(String prefix) {
            return 0;
        }

        @Override
        public URI signedUrl(String key, Duration ttl) {
            return URI.create("http://x/");
        }
    }

    @ParameterizedTest
    @EnumSource(Durability.class)
    void aStoreWithoutReplicasWritesEveryDurabilityAsADurableWrite(Durability durability) {
        DurableOnly store = new DurableOnly();

        store.put("submissions/a/runs/0/stdout", new byte[3], ObjectKeys.TEXT, durability);

        assertThat(store.puts).containsExactly("submissions/a/runs/0/stdout " + ObjectKeys.TEXT + " 3");
    }
}
