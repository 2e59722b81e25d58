package dev.codeexec.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.links.LinkCheck;
import dev.codeexec.storage.links.LinkSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    void storesAndReturnsTheExactBytesIncludingNulAndInvalidUtf8() {
        byte[] bytes = {0, (byte) 0xff, (byte) 0xc3, 0x28, 'a', 0, '\n'};
        String key = ObjectKeys.stdout("sub-1", 0);

        store.put(key, bytes, ObjectKeys.BINARY);

        assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).containsExactly(bytes));
        assertThat(store.exists(key)).isTrue();
        assertThat(store.pathOf(key)).exists().hasBinaryContent(bytes);
    }

    @Test
    void keysMapToFlatFileNamesWithAllObjectsOfASubmissionInOneShard() {
        String stdout = ObjectKeys.stdout("sub-flat", 0);
        String stderr = ObjectKeys.stderr("sub-flat", 12);
        store.put(stdout, new byte[] {'o'}, ObjectKeys.TEXT, Durability.REPLICA);
        store.put(stderr, new byte[] {'e'}, ObjectKeys.TEXT);

        Path root = dir.resolve("objects");
        assertThat(store.pathOf(stdout).getFileName()).hasToString("submissions+sub-flat+runs+0+stdout");
        assertThat(store.pathOf(stdout).getParent()).isEqualTo(store.pathOf(stderr).getParent());
        assertThat(root.relativize(store.pathOf(stderr)).getNameCount()).isEqualTo(2);
        assertThat(root.relativize(store.pathOf(stderr)).getName(0).toString()).matches("[0-9a-f]{3}");
        assertThat(root.resolve("submissions")).doesNotExist();
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

        assertThat(reopened.get(ObjectKeys.stdout("old-1", 0))).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 0, 3));
        assertThat(reopened.get(ObjectKeys.stderr("old-2", 4))).hasValueSatisfying(b -> assertThat(b).containsExactly('e', 'r', 'r'));
        assertThat(root.resolve("submissions")).doesNotExist();
        assertThat(reopened.deleteByPrefix(ObjectKeys.submission("old-1"))).isEqualTo(1);
        assertThat(new LocalObjectStore(root, null).get(ObjectKeys.stderr("old-2", 4))).isPresent();
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

        LocalObjectStore reopened = new LocalObjectStore(root, null);
        for (int i = 0; i < submissions; i++) {
            assertThat(reopened.get(ObjectKeys.stdout("race-" + i, 0))).hasValueSatisfying(
                    b -> assertThat(b).asString(StandardCharsets.UTF_8).startsWith("out "));
            assertThat(reopened.get(ObjectKeys.stderr("race-" + i, 0))).isPresent();
        }
        assertThat(root.resolve("submissions")).doesNotExist();
    }

    @Test
    void refusesKeysTooLongForAFileNameWithAClearReason() {
        String key = "submissions/" + "x".repeat(190) + "/runs/0/stdout";
        assertThatThrownBy(() -> store.put(key, new byte[1], ObjectKeys.TEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the local store allows");
        assertThat(ObjectKeys.stdout("a".repeat(128), Integer.MAX_VALUE).length()).isLessThan(LocalObjectStore.MAX_NAME_LENGTH);
    }

    @Test
    void rewritingAKeyReplacesItsBytesAndLeavesNoTemporaryFiles() throws Exception {
        String key = ObjectKeys.stderr("sub-2", 3);
        store.put(key, "first, longer".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        store.put(key, "second".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);

        assertThat(new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("second");
        try (Stream<Path> files = Files.list(store.pathOf(key).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("submissions+sub-2+runs+3+stderr");
        }
    }

    @Test
    void replicaWritesAreWholeObjectsInPlaceAndReplaceDurableOnes() throws Exception {
        String key = ObjectKeys.stdout("sub-r", 1);
        byte[] bytes = {0, (byte) 0xfe, 'x', '\n'};
        store.put(key, "durable first, longer".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT, Durability.DURABLE);

        store.put(key, bytes, ObjectKeys.BINARY, Durability.REPLICA);

        assertThat(store.get(key)).hasValueSatisfying(read -> assertThat(read).containsExactly(bytes));
        assertThat(store.exists(key)).isTrue();
        try (Stream<Path> files = Files.list(store.pathOf(key).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("submissions+sub-r+runs+1+stdout");
        }
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
        // a shard that is a link to a directory outside, and an object that is a link to a file outside
        String viaShard = "submissions/evil/x";
        Files.createSymbolicLink(store.pathOf(viaShard).getParent(), outside);
        Files.copy(outside.resolve("secret"), outside.resolve(store.pathOf("submissions/evil/secret").getFileName()));
        String viaFile = "submissions/file/y";
        Files.createDirectories(store.pathOf(viaFile).getParent());
        Files.createSymbolicLink(store.pathOf(viaFile), outside.resolve("secret"));

        assertThatThrownBy(() -> store.put(viaShard, new byte[1], ObjectKeys.TEXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        assertThat(store.get("submissions/evil/secret")).isEmpty();
        assertThat(store.exists("submissions/evil/secret")).isFalse();
        assertThat(store.get(viaFile)).isEmpty();
        assertThat(store.deleteByPrefix("submissions/evil/")).isZero();
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).hasSize(2); // nothing written or deleted outside
        }
    }

    @Test
    void deletesEverythingUnderAPrefixAndNothingElse() throws Exception {
        store.put(ObjectKeys.stdout("keep", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("gone", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stderr("gone", 0), new byte[1], ObjectKeys.TEXT);
        store.put(ObjectKeys.stdout("gone", 1), new byte[1], ObjectKeys.TEXT);

        Path leftover = store.pathOf(ObjectKeys.stdout("gone", 0)).resolveSibling(
                "." + store.pathOf(ObjectKeys.stdout("gone", 0)).getFileName() + ".0f0e.tmp"); // a crashed write's
        Files.write(leftover, new byte[1]);

        assertThat(store.deleteByPrefix(ObjectKeys.submission("gone"))).isEqualTo(3);
        assertThat(leftover).doesNotExist();

        assertThat(store.exists(ObjectKeys.stdout("gone", 0))).isFalse();
        assertThat(store.exists(ObjectKeys.stdout("keep", 0))).isTrue();
        assertThat(store.deleteByPrefix(ObjectKeys.submission("gone"))).isZero();
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
