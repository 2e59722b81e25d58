package dev.codeexec.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackToolTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void objects() {
        LocalObjectStore store = new LocalObjectStore(root, null);
        store.put(ObjectKeys.stdout("tool-1", 0), new byte[] {0, 1, (byte) 0xff, '\n'}, ObjectKeys.BINARY);
        store.put(ObjectKeys.stderr("tool-1", 0), "warn\n".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT,
                Durability.REPLICA);
        store.put(ObjectKeys.stdout("tool-2", 3), "three".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
    }

    private int run(String... args) {
        return PackTool.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void getWritesTheExactBytes() {
        assertThat(run(root.toString(), "get", ObjectKeys.stdout("tool-1", 0))).isZero();
        assertThat(out.toByteArray()).containsExactly(0, 1, 0xff, '\n');
    }

    @Test
    void getOfAMissingObjectSaysSoAndExitsOne() {
        assertThat(run(root.toString(), "get", ObjectKeys.stdout("none", 0))).isEqualTo(1);
        assertThat(out.toByteArray()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no object submissions/none/runs/0/stdout");
    }

    @Test
    void listPrintsSizesAndKeysInKeyOrder() {
        assertThat(run(root.toString(), "list", "submissions/tool-1/")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "5\tsubmissions/tool-1/runs/0/stderr\n4\tsubmissions/tool-1/runs/0/stdout\n");
        out.reset();
        assertThat(run(root.toString(), "list")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }

    @Test
    void checkNamesADamagedObject() throws Exception {
        assertThat(run(root.toString(), "check")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("3 objects read, 0 damaged, 0 files");
        LocalObjectStore store = new LocalObjectStore(root, null);
        store.put(ObjectKeys.stdout("tool-2", 9), "after".getBytes(StandardCharsets.UTF_8), ObjectKeys.TEXT);
        Path pack = store.packOf(ObjectKeys.stdout("tool-2", 3));
        byte[] bytes = Files.readAllBytes(pack);
        bytes[new String(bytes, StandardCharsets.ISO_8859_1).indexOf("three")] = 'T';
        Files.write(pack, bytes);
        LocalObjectStore.forget(root);
        out.reset();

        assertThat(run(root.toString(), "check")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("damaged\tsubmissions/tool-2/runs/3/stdout\n")
                .contains("4 objects read, 1 damaged, 0 files");
    }

    @Test
    void checkNamesTheBytesCutOffATornPack() throws Exception {
        Path pack = new LocalObjectStore(root, null).packOf(ObjectKeys.stdout("tool-1", 0));
        Files.write(pack, new byte[] {'C', 'E', 'P'}, java.nio.file.StandardOpenOption.APPEND); // a torn write
        LocalObjectStore.forget(root);

        assertThat(run(root.toString(), "check")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cut off\t" + pack + ".damaged-")
                .contains("3 objects read, 0 damaged, 1 files");
        assertThat(run(root.toString(), "get", ObjectKeys.stdout("tool-1", 0))).isZero();
    }

    @Test
    void badUsageAndAMissingStoreExitTwo() {
        assertThat(run(root.toString(), "get")).isEqualTo(2);
        assertThat(run(root.toString(), "remove", "x")).isEqualTo(2);
        assertThat(run(root.resolve("nowhere").toString(), "list")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:").contains("no object store at");
        assertThat(run(root.toString(), "get", "../escape")).isEqualTo(2);
    }
}
