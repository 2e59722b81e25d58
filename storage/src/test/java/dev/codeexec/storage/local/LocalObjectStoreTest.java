package dev.codeexec.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import dev.codeexec.storage.links.LinkCheck;
import dev.codeexec.storage.links.LinkSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalObjectStoreTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private LocalObjectStore store;

    @BeforeEach
    void setUp() {
        store = new LocalObjectStore(dir.resolve("objects"),
                new LinkSigner(SECRET, URI.create("http://localhost:8080/api/v1/objects/"), Clock.systemUTC()));
    }

    @Test
    void storesAndReturnsTheExactBytesIncludingNulAndInvalidUtf8() throws Exception {
        byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 'a', 0, '\n'};
        String key = ObjectKeys.stdout("sub-1", 0);

        store.put(key, bytes, ObjectKeys.BINARY);

        assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).containsExactly(bytes));
        assertThat(store.exists(key)).isTrue();
        assertThat(nextProcess().get(key)).hasValueSatisfying(read -> assertThat(read).containsExactly(bytes));
    }

    @Test
    void objectsGoIntoAtMost256PacksWithAllObjectsOfASubmissionInOne() throws Exception {
        for (int i = 0; i < 2000; i++) {
            store.put(ObjectKeys.stdout("sub-" + i, 0), ("out " + i).getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT,
                    Durability.REPLICA);
            store.put(ObjectKeys.stderr("sub-" + i, 3), ("err " + i).getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT,
                    Durability.REPLICA);
        }

        Path root = dir.resolve("objects");
        assertThat(store.packOf(ObjectKeys.stdout("sub-7", 0))).isEqualTo(store.packOf(ObjectKeys.stderr("sub-7", 3)));
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()))
                    .hasSizeBetween(200, 257).allMatch(name -> name.matches("packs/([0-9a-f]{2}\\.pack|\\.lock)"));
        }
        LocalObjectStore next = nextProcess();
        for (int i = 0; i < 2000; i += 7) {
            String expected = "err " + i;
            assertThat(next.get(ObjectKeys.stderr("sub-" + i, 3))).hasValueSatisfying(
                    b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo(expected));
        }
    }

    @Test
    void objectsKeptAsAFileEachInTheFlatLayoutOfTheLastVersionAreMovedWhenTheStoreOpens() throws Exception {
        Path root = dir.resolve("flat");
        String key = ObjectKeys.stdout("flat-1", 0);
        Path shard = Files.createDirectories(root.resolve("3a7"));
        Files.write(shard.resolve("submissions+flat-1+runs+0+stdout"), new byte[] {0, 1, (byte) 0xff});
        Files.write(shard.resolve(".submissions+flat-1+runs+1+stdout.0a1b.tmp"), new byte[] {9}); // a crashed write's
        Files.writeString(shard.resolve("notes (not a key).txt"), "not an object");

        LocalObjectStore opened = new LocalObjectStore(root, null);

        assertThat(opened.get(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(0, 1, 0xff));
        assertThat(opened.exists(ObjectKeys.stdout("flat-1", 1))).isFalse();
        try (Stream<Path> left = Files.list(shard)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("notes (not a key).txt");
        }
        assertThat(nextProcess(root).get(key)).isPresent();
    }

    @Test
    void objectsOfTheNestedLayoutOfEarlierVersionsAreMovedWhenTheStoreOpens() throws Exception {
        Path root = dir.resolve("objects");
        Path old = Files.createDirectories(root.resolve("submissions/old-1/runs/0"));
        Files.write(old.resolve("stdout"), new byte[] {1, 2, 0, 3});
        Files.write(old.resolve(".stderr.0a1b.tmp"), new byte[] {9});
        Files.createDirectories(root.resolve("submissions/old-2/runs/4"));
        Files.writeString(root.resolve("submissions/old-2/runs/4/stderr"), "err");

        LocalObjectStore reopened = new LocalObjectStore(root, null);

        assertThat(root.resolve("submissions")).doesNotExist();
        assertThat(reopened.get(ObjectKeys.stdout("old-1", 0))).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 0, 3));
        assertThat(reopened.get(ObjectKeys.stderr("old-2", 4))).hasValueSatisfying(b -> assertThat(b).containsExactly('e', 'r', 'r'));
        assertThat(root.resolve("submissions")).doesNotExist();
        assertThat(reopened.deleteByPrefix(ObjectKeys.submission("old-1"))).isEqualTo(1);
        assertThat(nextProcess(root).get(ObjectKeys.stderr("old-2", 4))).isPresent();
        assertThat(nextProcess(root).get(ObjectKeys.stdout("old-1", 0))).isEmpty();
    }

    @Test
    void twoStoresOpenedAtOnceOnANestedRootMoveEveryObjectExactlyOnce() throws Exception {
        Path root = dir.resolve("objects");
        int submissions = 2000;
        for (int i = 0; i < submissions; i++) {
            Path runs = Files.createDirectories(root.resolve("submissions/race-" + i + "/runs/0"));
            Files.writeString(runs.resolve("stdout"), "out " + i);
            Files.writeString(runs.resolve("stderr"), "err " + i);
        }

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<LocalObjectStore>> opened = pool.invokeAll(java.util.List.of(
                    () -> new LocalObjectStore(root, null), () -> new LocalObjectStore(root, null)));
            for (java.util.concurrent.Future<LocalObjectStore> store : opened) {
                store.get(); // neither open failed
            }
        } finally {
            pool.shutdown();
        }

        LocalObjectStore reopened = nextProcess(root);
        for (int i = 0; i < submissions; i++) {
            assertThat(reopened.get(ObjectKeys.stdout("race-" + i, 0))).hasValueSatisfying(
                    b -> assertThat(b).asString(StandardCharsets.UTF_8).startsWith("out "));
            assertThat(reopened.get(ObjectKeys.stderr("race-" + i, 0))).isPresent();
        }
        assertThat(root.resolve("submissions")).doesNotExist();
    }

    @Test
    void keysAsLongAsKeysMayBeAreStored() throws Exception {
        String key = ("submissions/" + "x".repeat(200) + "/" + "y".repeat(200) + "/" + "z".repeat(200)).substring(0, 600);
        store.put(key, new byte[] {7}, ObjectKeys.TEXT);
        assertThat(nextProcess().get(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(7));
    }

    @Test
    void rewritingAKeyReplacesItsBytesAndLeavesNoTemporaryFiles() throws Exception {
        String key = ObjectKeys.stderr("sub-2", 3);
        store.put(key, "first, longer".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        store.put(key, "second".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);

        assertThat(new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(new String(nextProcess().get(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    void replicaWritesAreWholeObjectsInPlaceAndReplaceDurableOnes() throws Exception {
        String key = ObjectKeys.stdout("sub-r", 1);
        byte[] bytes = {0, (byte) 0xfe, 'x', '\n'};
        store.put(key, "durable first, longer".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT, Durability.DURABLE);

        store.put(key, bytes, ObjectKeys.BINARY, Durability.REPLICA);

        assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).containsExactly(bytes));
        assertThat(store.exists(key)).isTrue();
        store.put(key, "durable again".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT, Durability.DURABLE);
        assertThat(new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("durable again");
    }

    @Test
    void replicaWritesCreateMissingDirectoriesAndAreDeletedByPrefix() {
        store.put(ObjectKeys.stderr("sub-new", 7), new byte[] {'e'}, ObjectKeys.TEXT, Durability.REPLICA);

        assertThat(store.get(ObjectKeys.stderr("sub-new", 7))).hasValueSatisfying(b -> assertThat(b).containsExactly('e'));
        assertThat(store.deleteByPrefix("submissions/sub-new/")).isEqualTo(1);
        assertThat(store.exists(ObjectKeys.stderr("sub-new", 7))).isFalse();
    }

    @Test
    void emptyObjectsAreObjects() {
        store.put("a/empty", new byte[0], ObjectKeys.TEXT);
        assertThat(store.get("a/empty")).hasValueSatisfying(read -> assertThat(read).isEmpty());
    }

    @Test
    void missingObjectsAreEmpty() {
        assertThat(store.get("submissions/none/runs/0/stdout")).isEmpty();
        assertThat(store.exists("submissions/none/runs/0/stdout")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../escape", "/etc/passwd", "a//b", "a/./b", "a/", "", "a\\b", "a/b c", "a/\0"})
    void refusesKeysThatAreNotPlainRelativeSegments(String key) {
        assertThatThrownBy(() -> store.put(key, new byte[1], ObjectKeys.TEXT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(key, new byte[1], ObjectKeys.TEXT, Durability.REPLICA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverWritesOrReadsThroughASymbolicLink() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "do not read");
        String key = ObjectKeys.stdout("evil", 0);
        Path pack = store.packOf(key);
        Files.createSymbolicLink(pack, outside.resolve("secret"));

        assertThatThrownBy(() -> store.put(key, new byte[1], ObjectKeys.TEXT))
                .isInstanceOf(ObjectStoreUnavailableException.class).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> store.get(key)).isInstanceOf(ObjectStoreUnavailableException.class);
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("do not read");

        Path linked = Files.createDirectories(dir.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("packs"), outside);
        assertThatThrownBy(() -> new LocalObjectStore(linked, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).hasSize(1); // nothing written or deleted outside
        }
    }

    @Test
    void deletesEverythingUnderAPrefixAndNothingElseAlsoForTheNextProcess() throws Exception {
        store.put(ObjectKeys.stdout("keep", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("gone", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stderr("gone", 0), new byte[1], ObjectKeys.TEXT, Durability.REPLICA);
        store.put(ObjectKeys.stdout("gone", 1), new byte[1], ObjectKeys.TEXT);

        assertThat(store.deleteByPrefix(ObjectKeys.submission("gone"))).isEqualTo(3);

        assertThat(store.exists(ObjectKeys.stdout("gone", 0))).isFalse();
        assertThat(store.exists(ObjectKeys.stdout("keep", 0))).isTrue();
        assertThat(store.deleteByPrefix(ObjectKeys.submission("gone"))).isZero();
        LocalObjectStore next = nextProcess();
        assertThat(next.exists(ObjectKeys.stderr("gone", 0))).isFalse();
        assertThat(next.exists(ObjectKeys.stdout("keep", 0))).isTrue();
        store.put(ObjectKeys.stdout("gone", 0), new byte[] {2}, ObjectKeys.TEXT); // a key deleted and written again
        assertThat(nextProcess().get(ObjectKeys.stdout("gone", 0))).hasValueSatisfying(b -> assertThat(b).containsExactly(2));
    }

    @Test
    void aPrefixShorterThanASubmissionScansEveryShard() {
        for (String id : new String[] {"run-a", "run-b", "run-c", "other"}) {
            store.put(ObjectKeys.stdout(id, 0), new byte[1], ObjectKeys.TEXT, Durability.REPLICA);
        }

        assertThat(store.deleteByPrefix("submissions/run-")).isEqualTo(3);

        assertThat(store.exists(ObjectKeys.stdout("run-b", 0))).isFalse();
        assertThat(store.exists(ObjectKeys.stdout("other", 0))).isTrue();
        assertThat(store.deleteByPrefix("submissions/")).isEqualTo(1);
    }

    @Test
    void aPackMostlyDeletedIsRewrittenWithItsLiveObjectsOnly() throws Exception {
        Path root = dir.resolve("compacting");
        LocalObjectStore small = new LocalObjectStore(root, null, 4096);
        byte[] kilobyte = new byte[1024];
        for (int run = 0; run < 20; run++) {
            kilobyte[0] = (byte) run;
            small.put(ObjectKeys.stdout("big", run), kilobyte.clone(), ObjectKeys.BINARY, Durability.REPLICA);
        }
        Path pack = small.packOf(ObjectKeys.stdout("big", 0));
        long before = Files.size(pack);

        // runs 1 and 10..19: 11 of the 20 objects
        assertThat(small.deleteByPrefix("submissions/big/runs/1")).isEqualTo(11);

        assertThat(Files.size(pack)).isLessThan(before / 2);
        try (Stream<Path> files = Files.list(pack.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("compacting"));
        }
        for (LocalObjectStore reader : List.of(small, nextProcess(root))) {
            assertThat(reader.get(ObjectKeys.stdout("big", 9))).hasValueSatisfying(b -> assertThat(b[0]).isEqualTo((byte) 9));
            assertThat(reader.get(ObjectKeys.stdout("big", 0))).hasValueSatisfying(b -> assertThat(b).hasSize(1024));
            assertThat(reader.exists(ObjectKeys.stdout("big", 12))).isFalse();
            assertThat(reader.exists(ObjectKeys.stdout("big", 1))).isFalse();
        }
    }

    @Test
    void aWriteTornByACrashIsCutOffKeptForAnOperatorAndLaterWritesStayReadable() throws Exception {
        Path root = dir.resolve("objects");
        String first = ObjectKeys.stdout("torn", 0);
        String second = ObjectKeys.stderr("torn", 0);
        store.put(first, "first".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        Path pack = store.packOf(first);
        byte[] whole = new byte[Pack.record(Pack.PUT, second, ObjectKeys.TEXT, new byte[100]).remaining()];
        Pack.record(Pack.PUT, second, ObjectKeys.TEXT, new byte[100]).get(whole);
        Files.write(pack, java.util.Arrays.copyOf(whole, 60), java.nio.file.StandardOpenOption.APPEND); // died mid-write

        LocalObjectStore next = nextProcess();
        assertThat(next.get(first)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("first"));
        assertThat(next.exists(second)).isFalse();
        next.put(second, "after".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);

        assertThat(nextProcess().get(second)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("after"));
        try (Stream<Path> files = Files.list(pack.getParent())) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith(pack.getFileName() + ".damaged-")))
                    .singleElement().satisfies(kept -> assertThat(Files.size(kept)).isEqualTo(60));
        }
    }

    @Test
    void aProcessThatKnewAPackBeforeAnotherCutItReadsItAgainAndLosesNoLaterWrite() throws Exception {
        Path root = dir.resolve("objects");
        String first = ObjectKeys.stdout("cut", 0);
        String damaged = ObjectKeys.stdout("cut", 1);
        String later = ObjectKeys.stdout("cut", 2);
        store.put(first, "one".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        store.put(damaged, "two".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("cut", 3), "three".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        assertThat(store.get(first)).isPresent(); // this "process" now knows the pack up to its end
        Path pack = store.packOf(first);
        byte[] bytes = Files.readAllBytes(pack);
        int record = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(damaged) - Pack.HEADER;
        bytes[record] ^= 0x55; // the damaged record's magic
        Files.write(pack, bytes);

        LocalObjectStore other = nextProcess(root); // cuts the pack at the damaged record, then writes more
        assertThat(other.get(first)).isPresent();
        assertThat(other.exists(damaged)).isFalse();
        other.put(later, new byte[4096], ObjectKeys.BINARY);

        assertThat(store.get(later)).hasValueSatisfying(b -> assertThat(b).hasSize(4096));
        assertThat(store.get(first)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("one"));
        assertThat(nextProcess(root).get(later)).isPresent();
    }

    @Test
    void aDamagedRecordIsReportedNeverReturnedAsOtherBytes() throws Exception {
        String key = ObjectKeys.stdout("rot", 0);
        String after = ObjectKeys.stderr("rot", 0);
        store.put(key, "exact bytes".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        store.put(after, "later".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        Path pack = store.packOf(key);
        byte[] bytes = Files.readAllBytes(pack);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("exact bytes");
        bytes[at] = 'E';
        Files.write(pack, bytes);

        LocalObjectStore next = nextProcess();
        assertThatThrownBy(() -> next.get(key)).isInstanceOf(ObjectStoreUnavailableException.class)
                .hasMessageContaining("damaged");
        assertThat(next.get(after)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("later"));
    }

    @Test
    void anOutputThatLooksLikeARecordIsNeverReadAsOneEvenWhenTorn() throws Exception {
        String attacker = ObjectKeys.stdout("attacker", 0);
        String victim = java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> ObjectKeys.stdout("victim-" + i, 0))
                .filter(k -> LocalObjectStore.slot(k) == LocalObjectStore.slot(attacker)).findFirst().orElseThrow();
        java.nio.ByteBuffer forged = Pack.record(Pack.PUT, victim, ObjectKeys.TEXT, "forged".getBytes(StandardCharsets.UTF_8));
        byte[] output = new byte[forged.remaining() + 64];
        forged.get(output, 32, forged.remaining() - 0);
        store.put(attacker, output, ObjectKeys.BINARY, Durability.REPLICA);
        assertThat(store.exists(victim)).isFalse();

        Path pack = store.packOf(attacker);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(pack, java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(Files.size(pack) - 40); // torn right after the forged record
        }

        LocalObjectStore next = nextProcess();
        assertThat(next.exists(victim)).isFalse();
        assertThat(next.exists(attacker)).isFalse();
        next.put(ObjectKeys.stderr("attacker", 0), new byte[1], ObjectKeys.TEXT);
        assertThat(nextProcess().exists(victim)).isFalse();
    }

    @Test
    void aBatchOfWritesAcrossPacksIsStoredWholeReplicasAndDurableAlike() throws Exception {
        List<ObjectStorePort.Write> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            writes.add(new ObjectStorePort.Write(ObjectKeys.stdout("batch-" + i, 0), ("out " + i).getBytes(StandardCharsets.UTF_8),
                    ObjectKeys.TEXT, i % 100 == 0 ? Durability.DURABLE : Durability.REPLICA));
        }
        writes.add(new ObjectStorePort.Write(ObjectKeys.stdout("batch-5", 0), "rewritten".getBytes(StandardCharsets.UTF_8),
                ObjectKeys.TEXT, Durability.REPLICA)); // the later write of a key wins, as with put

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            store.putAll(writes, pool);
            store.putAll(writes, pool); // a redelivered batch changes nothing
        } finally {
            pool.shutdown();
        }

        LocalObjectStore next = nextProcess();
        for (int i = 0; i < 1000; i++) {
            String expected = i == 5 ? "rewritten" : "out " + i;
            assertThat(next.get(ObjectKeys.stdout("batch-" + i, 0))).hasValueSatisfying(
                    b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo(expected));
        }
    }

    @Test
    void aBatchWithAKeyTheStoreRefusesWritesNothing() {
        List<ObjectStorePort.Write> writes = List.of(
                new ObjectStorePort.Write(ObjectKeys.stdout("fine", 0), new byte[1], ObjectKeys.TEXT, Durability.REPLICA),
                new ObjectStorePort.Write("../escape", new byte[1], ObjectKeys.TEXT, Durability.REPLICA));

        assertThatThrownBy(() -> store.putAll(writes, Runnable::run)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.exists(ObjectKeys.stdout("fine", 0))).isFalse();
    }

    @Test
    void threadsWritingAndReadingAtOnceLoseNothing() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        String key = ObjectKeys.stdout("t" + thread + "-" + (i % 40), i);
                        byte[] bytes = (thread + ":" + i).getBytes(StandardCharsets.UTF_8);
                        store.put(key, bytes, ObjectKeys.TEXT, i % 10 == 0 ? Durability.DURABLE : Durability.REPLICA);
                        assertThat(store.get(key)).hasValueSatisfying(b -> assertThat(b).containsExactly(bytes));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        LocalObjectStore next = nextProcess();
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 300; i++) {
                assertThat(new String(next.get(ObjectKeys.stdout("t" + t + "-" + (i % 40), i)).orElseThrow(),
                        StandardCharsets.UTF_8)).isEqualTo(t + ":" + i);
            }
        }
    }

    @Test
    void twoProcessesWritingOneStoreAtOnceLoseNothing() throws Exception {
        Path root = dir.resolve("objects");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PackWriterProcess.class.getName(), root.toString(), "write", "child", "3000")
                .redirectErrorStream(true).start();
        for (int i = 0; i < 3000; i++) {
            store.put(ObjectKeys.stdout("parent-" + i, 0), ("parent " + i).getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT,
                    Durability.REPLICA);
        }
        String printed = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(other.waitFor()).as(printed).isZero();

        LocalObjectStore next = nextProcess();
        for (int i = 0; i < 3000; i++) {
            assertThat(new String(next.get(ObjectKeys.stdout("parent-" + i, 0)).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("parent " + i);
            assertThat(new String(next.get(ObjectKeys.stdout("child-" + i, 0)).orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("child " + i);
        }
    }

    @Test
    void aPackCompactedByAnotherProcessWhileThisOneWritesAndReadsItLosesNothing() throws Exception {
        Path root = dir.resolve("objects");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), PackWriterProcess.class.getName(), root.toString(), "churn", "60")
                .redirectErrorStream(true).start();
        int written = 0;
        while (other.isAlive() || written < 500) {
            String key = "submissions/shared/keep-" + written + "/x";
            store.put(key, ("keep " + written).getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT, Durability.REPLICA);
            String earlier = "submissions/shared/keep-" + (written / 2) + "/x";
            assertThat(store.get(earlier)).as(earlier).hasValueSatisfying(
                    b -> assertThat(b).asString(StandardCharsets.UTF_8).startsWith("keep "));
            written++;
        }
        String printed = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(other.waitFor()).as(printed).isZero();

        LocalObjectStore next = nextProcess();
        for (int i = 0; i < written; i++) {
            assertThat(new String(next.get("submissions/shared/keep-" + i + "/x").orElseThrow(), StandardCharsets.UTF_8))
                    .isEqualTo("keep " + i);
        }
        assertThat(next.get("submissions/shared/churn-59/x")).hasValueSatisfying(b -> assertThat(b[0]).isEqualTo((byte) 59));
        assertThat(next.exists("submissions/shared/churn-58/x")).isFalse();
        assertThat(Files.size(next.packOf("submissions/shared/keep-0/x"))).as("compacted: 60 x 256 KB were written")
                .isLessThan(60L * 256 * 1024 / 2);
    }

    /** A store opened on the same root as if by another process: nothing of this JVM's knowledge of the packs is reused. */
    private LocalObjectStore nextProcess() throws Exception {
        return nextProcess(dir.resolve("objects"));
    }

    private static LocalObjectStore nextProcess(Path root) throws Exception {
        LocalObjectStore.forget(root);
        return new LocalObjectStore(root, null);
    }

    @Test
    void signedUrlsAreServedByTheApiAndCheckOut() {
        String key = ObjectKeys.stdout("sub-3", 0);
        URI link = store.signedUrl(key, Duration.ofMinutes(30));

        assertThat(link.getPath()).isEqualTo("/api/v1/objects/" + key);
        String[] query = link.getQuery().split("&");
        LinkSigner signer = new LinkSigner(SECRET, URI.create("http://api/"), Clock.systemUTC());
        assertThat(signer.check(key, query[0].substring("expires=".length()), query[1].substring("signature=".length())))
                .isEqualTo(LinkCheck.VALID);
    }
}
