package dev.codeexec.executor.cache;

import dev.codeexec.executor.execution.CompileCachePort;
import dev.codeexec.executor.execution.CompileKey;
import dev.codeexec.executor.sandbox.BoxFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CompileCachePort} on disk. Entry {@code <dir>/<h[0..2]>/<h>.entry} holds the artifacts
 * of key {@code h} (see {@link EntryFormat}); the path comes from the key's hex alone, never from a
 * name the program chose. Entries are written to a temporary file and moved into place
 * atomically, opened without following symlinks, and checked (checksum, key, names) on every
 * read: a damaged entry is deleted and reads as a miss. The total size is bounded; the least
 * recently used entries go first.
 */
public final class DiskCompileCache implements CompileCachePort {

    private static final Logger log = LoggerFactory.getLogger(DiskCompileCache.class);
    private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}\\.entry");

    private final Path dir;
    private final long maxBytes;
    /** Key hex to entry size, in access order: the first is the least recently used. */
    private final LinkedHashMap<String, Long> index = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    public DiskCompileCache(Path dir, long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.dir);
            if (!Files.isDirectory(this.dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalStateException("compile cache dir " + this.dir + " is not a plain directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create compile cache dir " + this.dir, e);
        }
        loadIndex();
    }

    @Override
    public Optional<List<BoxFile>> find(CompileKey key) {
        Path path = pathOf(key);
        synchronized (this) {
            if (index.get(key.hex()) == null) {
                return Optional.empty();
            }
        }
        try {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                forget(key.hex());
                return Optional.empty();
            }
            List<BoxFile> files = EntryFormat.read(path, key, maxBytes);
            touch(path);
            return Optional.of(files);
        } catch (IOException | RuntimeException damaged) {
            log.warn("compile cache entry {} is unreadable, dropping it: {}", key.hex(), damaged.toString());
            delete(path);
            forget(key.hex());
            return Optional.empty();
        }
    }

    @Override
    public void store(CompileKey key, List<BoxFile> artifacts) {
        synchronized (this) {
            if (index.containsKey(key.hex())) {
                return;
            }
        }
        Path path = pathOf(key);
        Path temp = path.resolveSibling("." + key.hex() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(path.getParent());
            long size = EntryFormat.write(temp, key, artifacts);
            if (size > maxBytes) {
                delete(temp);
                return;
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            List<Path> evicted = new ArrayList<>();
            synchronized (this) {
                Long previous = index.put(key.hex(), size);
                totalBytes += size - (previous == null ? 0 : previous);
                Iterator<Map.Entry<String, Long>> oldest = index.entrySet().iterator();
                while (totalBytes > maxBytes && oldest.hasNext()) {
                    Map.Entry<String, Long> entry = oldest.next();
                    if (entry.getKey().equals(key.hex())) {
                        continue;
                    }
                    totalBytes -= entry.getValue();
                    evicted.add(pathOf(new CompileKey(entry.getKey())));
                    oldest.remove();
                }
            }
            evicted.forEach(DiskCompileCache::delete);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot store compile cache entry {}: {}", key.hex(), e.toString());
            delete(temp);
        }
    }

    /** Total bytes of the entries held now. */
    public synchronized long sizeBytes() {
        return totalBytes;
    }

    Path pathOf(CompileKey key) {
        return dir.resolve(key.hex().substring(0, 2)).resolve(key.hex() + ".entry");
    }

    private synchronized void forget(String hex) {
        Long size = index.remove(hex);
        if (size != null) {
            totalBytes -= size;
        }
    }

    /** Entries already on disk, oldest access first; stray temporary files are removed. */
    private void loadIndex() {
        record Found(String hex, long size, FileTime accessed) {
        }
        List<Found> found = new ArrayList<>();
        try (Stream<Path> files = Files.find(dir, 2, (p, attrs) -> attrs.isRegularFile())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                boolean inPlace = dir.relativize(file).getNameCount() == 2
                        && ENTRY_NAME.matcher(name).matches()
                        && file.getParent().getFileName().toString().equals(name.substring(0, 2));
                if (inPlace) {
                    found.add(new Found(name.substring(0, 64), attrs.size(), attrs.lastModifiedTime()));
                } else if (name.endsWith(".tmp")) {
                    delete(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read compile cache dir " + dir, e);
        }
        found.sort(Comparator.comparing(Found::accessed));
        synchronized (this) {
            for (Found entry : found) {
                index.put(entry.hex(), entry.size());
                totalBytes += entry.size();
            }
        }
    }

    private static void touch(Path path) {
        try {
            Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only the order of eviction after a restart depends on it
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", path, e.toString());
        }
    }
}
