package dev.codeexec.executor.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.executor.execution.CompileKey;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCompileCacheTest {

    @TempDir
    Path dir;

    static CompileKey key(String source) {
        var cpp = LanguageCatalogue.builtIn().find("cpp").orElseThrow();
        return CompileKey.of(cpp, cpp.compileArgv("main.cpp", List.of("main.cpp")),
                List.of(new BoxFile("main.cpp", source.getBytes(StandardCharsets.UTF_8), false)));
    }

    static List<BoxFile> artifacts(int size) {
        return List.of(new BoxFile("build/main", new byte[size], true), new BoxFile("build/data.txt", "x".getBytes(), false));
    }

    @Test
    void storedArtifactsComeBackExactlyAndSurviveARestart() {
        DiskCompileCache cache = new DiskCompileCache(dir, 1 << 20);
        byte[] binary = {0, 1, 2, (byte) 0xff};
        cache.store(key("a"), List.of(new BoxFile("build/main", binary, true)));

        List<BoxFile> found = new DiskCompileCache(dir, 1 << 20).find(key("a")).orElseThrow();

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("build/main");
            assertThat(f.content()).isEqualTo(binary);
            assertThat(f.executable()).isTrue();
        });
        assertThat(cache.find(key("b"))).isEmpty();
    }

    @Test
    void theEntryPathComesFromTheKeyHashOnly() throws IOException {
        DiskCompileCache cache = new DiskCompileCache(dir, 1 << 20);
        CompileKey key = key("a");
        cache.store(key, List.of(new BoxFile("build/../../evil", new byte[1], true)));
        cache.store(key("b"), artifacts(10));

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
                    .allMatch(p -> p.matches("[0-9a-f]{2}/[0-9a-f]{64}\\.entry"));
        }
        assertThat(cache.find(key)).as("an unsafe name reads as a miss").isEmpty();
    }

    @Test
    void keysDifferByLanguageArgvAndEveryFile() {
        var languages = LanguageCatalogue.builtIn();
        var c = languages.find("c").orElseThrow();
        var cpp = languages.find("cpp").orElseThrow();
        List<BoxFile> files = List.of(new BoxFile("main.c", "int main(){}".getBytes(), false));

        CompileKey base = CompileKey.of(c, List.of("gcc", "main.c"), files);
        assertThat(CompileKey.of(c, List.of("gcc", "main.c"), files)).isEqualTo(base);
        assertThat(CompileKey.of(cpp, List.of("gcc", "main.c"), files)).isNotEqualTo(base);
        assertThat(CompileKey.of(c, List.of("gcc", "-O2", "main.c"), files)).isNotEqualTo(base);
        assertThat(CompileKey.of(c, List.of("gcc", "main.c"),
                List.of(new BoxFile("main.c", "int main(){ }".getBytes(), false)))).isNotEqualTo(base);
        assertThat(CompileKey.of(c, List.of("gcc", "main.c"),
                List.of(files.get(0), new BoxFile("x.h", new byte[0], false)))).isNotEqualTo(base);
        assertThat(CompileKey.of(c, List.of("gccmain.c"), files)).as("argv boundaries count").isNotEqualTo(base);
    }

    @Test
    void aDamagedEntryIsAMissAndIsRemoved() throws IOException {
        DiskCompileCache cache = new DiskCompileCache(dir, 1 << 20);
        CompileKey key = key("a");
        cache.store(key, artifacts(100));
        Path entry = cache.pathOf(key);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 1;
        Files.write(entry, bytes, StandardOpenOption.TRUNCATE_EXISTING);

        assertThat(cache.find(key)).isEmpty();
        assertThat(entry).doesNotExist();
        assertThat(cache.sizeBytes()).isZero();
    }

    @Test
    void anEntryCopiedUnderAnotherKeyIsAMiss() throws IOException {
        DiskCompileCache cache = new DiskCompileCache(dir, 1 << 20);
        CompileKey a = key("a");
        CompileKey b = key("b");
        cache.store(a, artifacts(10));
        cache.store(b, artifacts(20));
        Path entryA = cache.pathOf(a);
        Path entryB = cache.pathOf(b);
        Files.copy(entryA, entryB, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(cache.find(b)).isEmpty();
        assertThat(cache.find(a)).isPresent();
    }

    @Test
    void aSymlinkInPlaceOfAnEntryIsNeverFollowed() throws IOException {
        DiskCompileCache cache = new DiskCompileCache(dir, 1 << 20);
        CompileKey a = key("a");
        cache.store(a, artifacts(10));
        Path entry = cache.pathOf(a);
        Path elsewhere = Files.createTempFile("cache-target", ".bin");
        Files.move(entry, elsewhere, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.createSymbolicLink(entry, elsewhere);

        assertThat(cache.find(a)).isEmpty();
        assertThat(elsewhere).exists();
        Files.deleteIfExists(elsewhere);
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheBoundIsPassed() {
        DiskCompileCache cache = new DiskCompileCache(dir, 2_500);
        cache.store(key("a"), artifacts(1000));
        cache.store(key("b"), artifacts(1000));
        assertThat(cache.find(key("a"))).isPresent(); // a is now more recent than b

        cache.store(key("c"), artifacts(1000));

        assertThat(cache.find(key("b"))).as("least recently used").isEmpty();
        assertThat(cache.find(key("a"))).isPresent();
        assertThat(cache.find(key("c"))).isPresent();
        assertThat(cache.sizeBytes()).isLessThanOrEqualTo(2_500);
        assertThat(new DiskCompileCache(dir, 2_500).sizeBytes()).as("disk agrees after restart").isEqualTo(cache.sizeBytes());
    }

    @Test
    void anEntryLargerThanTheWholeCacheIsNotKept() {
        DiskCompileCache cache = new DiskCompileCache(dir, 500);
        cache.store(key("a"), artifacts(1000));

        assertThat(cache.find(key("a"))).isEmpty();
        assertThat(cache.sizeBytes()).isZero();
    }
}
