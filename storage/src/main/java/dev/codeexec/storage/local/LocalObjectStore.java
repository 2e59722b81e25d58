package dev.codeexec.storage.local;

import dev.codeexec.storage.Concurrently;
import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.links.LinkSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects in pack files under a root directory: {@code root/packs/00.pack} .. {@code ff.pack},
 * each an append-only file of records ({@link Pack}). The pack of a key is chosen by a CRC-32 of
 * its first two segments ({@code submissions/{id}}), so all objects of a submission share one
 * pack and deleting them reads one. A write appends a record (and, unless it is a {@link
 * Durability#REPLICA}, forces it to disk); the newest record of a key wins, so a reader sees the
 * old bytes or the new ones, never a mix. Deletions append a record too; a pack whose deleted
 * bytes outgrow its live ones (and {@value #COMPACT_AT_DEAD_BYTES} bytes) is rewritten with only
 * its live objects.
 *
 * <p>Why packs: a file per object made every output cost a new inode, a directory entry and a
 * rename, several times the cost of the write itself, and left millions of small files to
 * retention. Neither {@code packs} nor a pack may be a symbolic link: such a store is refused
 * rather than followed. Content types are kept in the records. Links are signed by a {@link
 * LinkSigner}.
 *
 * <p>Stores opened on one root in one JVM (the API and the sink of a standalone process) share
 * their packs' state; stores in other processes take turns through {@code packs/.lock}.
 * Objects written by earlier versions as a file each (the nested layout {@code
 * root/submissions/{id}/runs/{n}/stdout} and the flat one {@code root/<3 hex>/submissions+{id}+runs+{n}+stdout})
 * are moved into packs when a store is opened on the root.
 */
public final class LocalObjectStore implements ObjectStorePort {

    /** Packs per store: each holds the objects of about 1/256 of the submissions. */
    static final int PACKS = 256;
    /** A pack is compacted once its deleted or replaced records take this many bytes and more than its live ones. */
    static final long COMPACT_AT_DEAD_BYTES = 4L << 20;

    private static final Logger log = LoggerFactory.getLogger(LocalObjectStore.class);
    private static final String PACK_DIR = "packs";
    private static final Pattern FLAT_SHARD = Pattern.compile("[0-9a-f]{3}");
    /** The top-level directory of the nested layout of earlier versions. */
    private static final String NESTED_TOP = "submissions";
    /** The packs of every store open in this JVM, by their directory. */
    private static final Map<Path, Pack[]> OPEN = new ConcurrentHashMap<>();

    private final Path root;
    private final LinkSigner links;
    private final Pack[] packs;

    public LocalObjectStore(Path root, LinkSigner links) {
        this(root, links, COMPACT_AT_DEAD_BYTES);
    }

    LocalObjectStore(Path root, LinkSigner links, long compactAtDeadBytes) {
        Path dir;
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            dir = this.root.resolve(PACK_DIR);
            try {
                Files.createDirectory(dir);
                forceDirectory(this.root);
            } catch (FileAlreadyExistsException e) {
                // opened before
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store under " + root, e);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("refusing to use a store whose packs directory is not a directory: " + dir);
        }
        this.links = links;
        this.packs = OPEN.computeIfAbsent(dir, d -> {
            LockFile lock = new LockFile(d.resolve(".lock"));
            Pack[] opened = new Pack[PACKS];
            for (int i = 0; i < PACKS; i++) {
                opened[i] = new Pack(d.resolve(String.format("%02x.pack", i)), lock, i, compactAtDeadBytes);
            }
            return opened;
        });
        migrateEarlierLayouts();
    }

    /** Forgets what this JVM knows of the store at {@code root}, so the next store opened there reads it as another process would. */
    static void forget(Path root) throws IOException {
        Pack[] forgotten = OPEN.remove(root.toRealPath().resolve(PACK_DIR));
        if (forgotten != null) {
            for (Pack pack : forgotten) {
                pack.close();
            }
        }
    }

    /** The pack file that holds {@code key} (whether it exists or not). */
    Path packOf(String key) {
        return pack(ObjectKeys.check(key)).path();
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        put(key, bytes, contentType, Durability.DURABLE);
    }

    /**
     * Appends the object to its pack. {@link Durability#DURABLE} forces the pack to disk before
     * returning; {@link Durability#REPLICA} leaves that to the kernel, so a crash of the machine
     * may lose the object (never expose a partial one: a torn record is cut off).
     */
    @Override
    public void put(String key, byte[] bytes, String contentType, Durability durability) {
        pack(ObjectKeys.check(key)).putAll(List.of(new Write(key, bytes, contentType, durability)));
    }

    /**
     * Appends the writes of each pack with one write. Packs run one after another on the
     * calling thread (an append is a copy into the page cache, slower handed to another thread
     * than done), unless a write is durable: then on {@code executor} at once, so that their
     * fsyncs overlap.
     */
    @Override
    public void putAll(List<Write> writes, Executor executor) {
        Map<Pack, List<Write>> byPack = new LinkedHashMap<>();
        boolean durable = false;
        for (Write write : writes) {
            byPack.computeIfAbsent(pack(ObjectKeys.check(write.key())), p -> new ArrayList<>()).add(write);
            durable |= write.durability() == Durability.DURABLE;
        }
        if (!durable) {
            byPack.forEach(Pack::putAll);
            return;
        }
        Concurrently.runAll(byPack.entrySet().stream().<Runnable>map(e -> () -> e.getKey().putAll(e.getValue())).toList(),
                executor);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return pack(ObjectKeys.check(key)).get(key);
    }

    @Override
    public boolean exists(String key) {
        return pack(ObjectKeys.check(key)).exists(key);
    }

    /**
     * Deletes the objects whose key starts with {@code prefix}, durably. A prefix that names its
     * first two segments whole ({@code submissions/{id}/...}) reads one pack; a shorter one reads
     * them all.
     */
    @Override
    public int deleteByPrefix(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        if (group(prefix).isPresent()) {
            return pack(prefix).deleteByPrefix(prefix);
        }
        int deleted = 0;
        for (Pack pack : packs) {
            deleted += pack.deleteByPrefix(prefix);
        }
        return deleted;
    }

    /**
     * The objects whose key starts with {@code prefix} (any string; empty lists all), with their
     * sizes in bytes, in key order. For operators ({@link PackTool}); reads every pack.
     */
    public SortedMap<String, Integer> list(String prefix) {
        SortedMap<String, Integer> all = new TreeMap<>();
        for (Pack pack : packs) {
            all.putAll(pack.list(prefix));
        }
        return all;
    }

    @Override
    public URI signedUrl(String key, Duration ttl) {
        ObjectKeys.check(key);
        if (links == null) {
            throw new IllegalStateException("this local store has no link signer");
        }
        return links.sign(key, ttl);
    }

    private Pack pack(String keyOrPrefix) {
        return packs[slot(keyOrPrefix)];
    }

    /** The pack of a key: a CRC-32 of its first two segments, modulo {@value #PACKS}. */
    static int slot(String key) {
        CRC32 crc = new CRC32();
        crc.update(group(key).orElse(key).getBytes(StandardCharsets.US_ASCII));
        return (int) (crc.getValue() % PACKS);
    }

    /** The first two segments ({@code submissions/{id}}) of a key, or of a prefix that names them whole. */
    private static Optional<String> group(String keyOrPrefix) {
        int first = keyOrPrefix.indexOf('/');
        int second = first < 0 ? -1 : keyOrPrefix.indexOf('/', first + 1);
        return second < 0 ? Optional.empty() : Optional.of(keyOrPrefix.substring(0, second));
    }

    /**
     * Moves the objects earlier versions kept as a file each into packs: each file is appended to
     * its pack, the packs are forced to disk, and only then are the files and their emptied
     * directories removed. A migration that stops half-way resumes next time (an object appended
     * twice is harmless); one racing another store on the same root loses nothing either.
     */
    private void migrateEarlierLayouts() {
        List<Path> tops = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, p -> {
            String name = p.getFileName().toString();
            return (name.equals(NESTED_TOP) || FLAT_SHARD.matcher(name).matches())
                    && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        })) {
            entries.forEach(tops::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the object store " + root, e);
        }
        int moved = 0;
        for (Path top : tops) {
            for (int pass = 0; pass < 10 && Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS); pass++) {
                try {
                    moved += migrate(top, top.getFileName().toString().equals(NESTED_TOP));
                    break; // a whole pass: what is left is not an object and stays
                } catch (UncheckedIOException e) {
                    if (!(e.getCause() instanceof NoSuchFileException)) {
                        throw e;
                    }
                    // a store racing this one removed a directory under the walk: walk what is left
                }
            }
        }
        if (moved > 0) {
            log.info("moved {} objects kept as a file each under {} into packs", moved, root);
        }
    }

    /** One walk of an earlier layout's directory; returns how many objects it moved. */
    private int migrate(Path top, boolean nested) {
        try {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(top)) {
                paths = walk.sorted(Comparator.reverseOrder()).toList();
            }
            Set<Pack> touched = new HashSet<>();
            List<Path> done = new ArrayList<>();
            for (Path path : paths) {
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String name = path.getFileName().toString();
                String key = nested ? root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/")
                        : name.replace('+', '/');
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    done.add(path); // the temporary file of a write that crashed
                    continue;
                }
                try {
                    ObjectKeys.check(key);
                    byte[] bytes = Files.readAllBytes(path);
                    Pack pack = pack(key);
                    pack.putAll(List.of(new Write(key, bytes, "", Durability.REPLICA)));
                    touched.add(pack);
                    done.add(path);
                } catch (IllegalArgumentException e) {
                    // not an object: left in place
                } catch (NoSuchFileException e) {
                    // moved by a store racing this one
                }
            }
            touched.forEach(Pack::force);
            for (Path path : done) {
                Files.deleteIfExists(path);
            }
            for (Path path : paths) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (DirectoryNotEmptyException e) {
                        // holds something that is not an object: left alone
                    }
                }
            }
            return (int) done.stream().filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the objects under " + top + " into packs", e);
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself already happened
        }
    }
}
