package dev.codeexec.sink.persist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.schemas.Verdict;
import dev.codeexec.schemas.v1.ExecutionResult;
import dev.codeexec.schemas.v1.StatusEvent;
import dev.codeexec.sink.support.TestRecords;
import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The use case with hand-written fakes of its two ports. */
class PersistResultsTest {

    private final FakeRows rows = new FakeRows();
    private final FakeObjects objects = new FakeObjects();
    private final PersistResults persist = new PersistResults(rows, objects, 8, Runnable::run);

    @Test
    void smallOutputsAreInlineAndStoredLargeOnesOnlyStoredEmptyOnesNeither() {
        ExecutionResult result = TestRecords.result("s1", TestRecords.run(0, Verdict.ACCEPTED,
                "small\n".getBytes(StandardCharsets.UTF_8), "much larger than eight\n".getBytes(StandardCharsets.UTF_8)),
                TestRecords.run(1, ""));

        assertThat(persist.persist(List.of(result))).isEqualTo(1);

        StoredRun run0 = rows.saved.get(0).runs().get(0);
        assertThat(run0.stdout().inline()).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("small\n"));
        assertThat(run0.stdout().objectKey()).contains(ObjectKeys.stdout("s1", 0));
        assertThat(run0.stderr().inline()).isEmpty();
        assertThat(run0.stderr().sizeBytes()).isEqualTo(23);
        assertThat(objects.stored).containsKeys(ObjectKeys.stdout("s1", 0), ObjectKeys.stderr("s1", 0))
                .doesNotContainKey(ObjectKeys.stdout("s1", 1));
        assertThat(objects.contentTypes.get(ObjectKeys.stdout("s1", 0))).isEqualTo(ObjectKeys.TEXT);
    }

    @Test
    void outputsKeptInTheRowAreWrittenAsReplicasAndOutputsOnlyInTheStoreAsDurableObjects() {
        ExecutionResult result = TestRecords.result("d1", TestRecords.run(0, Verdict.ACCEPTED,
                "12345678".getBytes(StandardCharsets.UTF_8), "123456789".getBytes(StandardCharsets.UTF_8)));

        persist.persist(List.of(result));

        StoredRun run = rows.saved.get(0).runs().get(0);
        assertThat(run.stdout().inline()).isPresent();
        assertThat(objects.durabilities).containsEntry(ObjectKeys.stdout("d1", 0), Durability.REPLICA)
                .containsEntry(ObjectKeys.stderr("d1", 0), Durability.DURABLE);
        assertThat(run.stderr().inline()).isEmpty();
    }

    @Test
    void resultsAlreadyStoredAreSkippedEntirely() {
        rows.withResult.add("done");
        int fresh = persist.persist(List.of(TestRecords.result("done", TestRecords.run(0, "x\n")),
                TestRecords.result("new", TestRecords.run(0, "y\n")), TestRecords.result("new", TestRecords.run(0, "y\n"))));

        assertThat(fresh).isEqualTo(1);
        assertThat(rows.saved).extracting(r -> r.result().submissionId()).containsExactly("new");
        assertThat(objects.stored).doesNotContainKey(ObjectKeys.stdout("done", 0));
    }

    @Test
    void whenStorageFailsNoRowIsWritten() {
        objects.down = true;

        assertThatThrownBy(() -> persist.persist(List.of(TestRecords.result("s2", TestRecords.run(0, "x\n")))))
                .isInstanceOf(ObjectStoreUnavailableException.class);
        assertThat(rows.saved).isEmpty();
    }

    @Test
    void binaryOutputIsWrittenAsTheExactBytesWithTheBinaryContentType() {
        byte[] binary = {0, (byte) 0xff, 'a'};
        persist.persist(List.of(TestRecords.result("s3", TestRecords.run(0, Verdict.ACCEPTED, binary, new byte[0]))));

        assertThat(objects.stored.get(ObjectKeys.stdout("s3", 0))).containsExactly(binary);
        assertThat(objects.contentTypes.get(ObjectKeys.stdout("s3", 0))).isEqualTo(ObjectKeys.BINARY);
    }

    private static final class FakeRows implements ResultStorePort {
        final Set<String> withResult = new HashSet<>();
        final List<StoredResult> saved = new ArrayList<>();

        @Override
        public Set<String> withResult(Collection<String> submissionIds) {
            Set<String> found = new HashSet<>(submissionIds);
            found.retainAll(withResult);
            return found;
        }

        @Override
        public void saveResults(List<StoredResult> results) {
            saved.addAll(results);
        }

        @Override
        public void saveStatuses(List<StatusEvent> events) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean saveInternalError(String submissionId, Optional<String> tenant, String detail) {
            throw new UnsupportedOperationException();
        }
    }

    private static final class FakeObjects implements ObjectStorePort {
        final Map<String, byte[]> stored = new ConcurrentHashMap<>();
        final Map<String, String> contentTypes = new ConcurrentHashMap<>();
        final Map<String, Durability> durabilities = new ConcurrentHashMap<>();
        volatile boolean down;

        @Override
        public void put(String key, byte[] bytes, String contentType) {
            put(key, bytes, contentType, Durability.DURABLE);
        }

        @Override
        public void put(String key, byte[] bytes, String contentType, Durability durability) {
            if (down) {
                throw new ObjectStoreUnavailableException("down", null);
            }
            stored.put(key, bytes.clone());
            contentTypes.put(key, contentType);
            durabilities.put(key, durability);
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(stored.get(key));
        }

        @Override
        public boolean exists(String key) {
            return stored.containsKey(key);
        }

        @Override
        public int deleteByPrefix(String prefix) {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI signedUrl(String key, Duration ttl) {
            throw new UnsupportedOperationException();
        }
    }
}
