package dev.codeexec.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ObjectStorePortTest {

    /** A store that only knows durable writes, as the GCS adapter does. */
    private static final class DurableOnly implements ObjectStorePort {
        final List<String> puts = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            if (key.contains("down")) {
                throw new ObjectStoreUnavailableException("cannot write " + key, null);
            }
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

    @Test
    void aBatchRunsEveryWriteOnTheExecutorAndThenThrowsTheFirstFailure() {
        DurableOnly store = new DurableOnly();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<ObjectStorePort.Write> writes = List.of(
                    new ObjectStorePort.Write("submissions/a/runs/0/stdout", new byte[1], ObjectKeys.TEXT, Durability.REPLICA),
                    new ObjectStorePort.Write("submissions/down-1/runs/0/stdout", new byte[1], ObjectKeys.TEXT, Durability.DURABLE),
                    new ObjectStorePort.Write("submissions/b/runs/0/stdout", new byte[2], ObjectKeys.TEXT, Durability.DURABLE));

            assertThatThrownBy(() -> store.putAll(writes, pool)).isInstanceOf(ObjectStoreUnavailableException.class)
                    .hasMessageContaining("down-1");

            assertThat(store.puts).containsExactlyInAnyOrder("submissions/a/runs/0/stdout " + ObjectKeys.TEXT + " 1",
                    "submissions/b/runs/0/stdout " + ObjectKeys.TEXT + " 2");
        } finally {
            pool.shutdown();
        }
    }
}
