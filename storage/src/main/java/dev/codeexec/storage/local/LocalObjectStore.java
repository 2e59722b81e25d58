package dev.codeexec.storage.local;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import dev.codeexec.storage.links.LinkSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects as files under a root directory, in a flat layout: the key {@code
 * submissions/{id}/runs/0/stdout} is the file {@code root/<shard>/submissions+{id}+runs+0+stdout},
 * where {@code /} becomes {@code +} (a character keys never contain, so the mapping is one to one
 * and a key prefix is a file-name prefix) and {@code <shard>} is one of 4096 directories ({@code
 * 000}..{@code fff}) chosen by a CRC-32 of the key's first two segments ({@code submissions/{id}}),
 * so all objects of a submission share one directory. Writing an object therefore creates no
 * directory once its shard exists (a nested layout created three per submission, which cost more
 * than the write itself), and deleting a submission's objects lists one shard.
 *
 * <p>A write goes to a temporary file in the shard, is forced to disk (unless it is a {@link
 * Durability#REPLICA}) and then renamed over the target, so a reader sees the old bytes or the
 * new ones, never a mix. Neither a shard nor an object may be a symbolic link: such a store is
 * refused rather than followed. Content types are not kept (the key says what an object is).
 * Links are signed by a {@link LinkSigner}. Keys whose file name would exceed {@value
 * #MAX_NAME_LENGTH} characters are refused ({@link ObjectKeys} never makes one longer than 170).
 *
 * <p>Objects written by earlier versions in the nested layout ({@code root/submissions/...}) are
 * moved into this one when a store is opened on the root.
 */
public final class LocalObjectStore implements ObjectStorePort {

    /** Longest file name an object may have: the limit of common file systems (255) minus a temporary suffix. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(LocalObjectStore.class);
    private static final String TEMP_SUFFIX = ".tmp";
    private static final char SEPARATOR = '+';
    private static final int SHARDS = 4096;
    private static final Pattern SHARD_NAME = Pattern.compile("[0-9a-f]{3}");
    /** The top-level directory of the nested layout of earlier versions. */
    private static final String LEGACY_TOP = "submissions";

    private final Path root;
    private final LinkSigner links;
    /** Shards known to exist as real directories (checked once, then trusted). */
    private final Set<String> shards = ConcurrentHashMap.newKeySet();

    public LocalObjectStore(Path root, LinkSigner links) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store root " + root, e);
        }
        this.links = links;
        migrateNestedLayout();
    }

    /** The file that holds {@code key} (whether it exists or not). */
    public Path pathOf(String key) {
        return root.resolve(shardOf(ObjectKeys.check(key))).resolve(fileName(key));
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        put(key, bytes, contentType, Durability.DURABLE);
    }

    /**
     * Both durabilities write a temporary file and rename it over the target, so a reader sees a
     * whole object. {@link Durability#DURABLE} also forces the file and its shard directory (and
     * the root, when the shard was created) to disk before returning; {@link Durability#REPLICA}
     * leaves that to the kernel, so a crash of the machine may lose the object (never expose a
     * partial one).
     */
    @Override
    public void put(String key, byte[] bytes, String contentType, Durability durability) {
        boolean sync = durability == Durability.DURABLE;
        String name = fileName(ObjectKeys.check(key));
        Path dir = shard(shardOf(key), sync);
        Path target = dir.resolve(name);
        try {
            Path temp = dir.resolve("." + name + "." + UUID.randomUUID() + TEMP_SUFFIX);
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                if (sync) {
                    out.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (sync) {
                forceDirectory(dir);
            }
        } catch (NoSuchFileException e) {
            // the shard was removed behind our back: check it again next time, retry later
            shards.remove(dir.getFileName().toString());
            throw new ObjectStoreUnavailableException("cannot write " + key, e);
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot write " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path path = pathOf(key);
        try {
            if (!isRegularFile(path) || !isRealDirectory(path.getParent())) {
                return Optional.empty();
            }
            try (SeekableByteChannel in = Files.newByteChannel(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(in.size()));
                while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                    // a renamed-into-place file never changes, so its size is final
                }
                return Optional.of(buffer.array());
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot read " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        Path path = pathOf(key);
        try {
            return isRegularFile(path) && isRealDirectory(path.getParent());
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot stat " + key, e);
        }
    }

    /**
     * Deletes the objects whose key starts with {@code prefix}. A prefix that names its first two
     * segments whole ({@code submissions/{id}/...}) lists one shard; a shorter one lists them all.
     */
    @Override
    public int deleteByPrefix(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        String namePrefix = fileName(prefix);
        int firstSlash = prefix.indexOf('/');
        boolean oneGroup = firstSlash >= 0 && prefix.indexOf('/', firstSlash + 1) >= 0;
        try {
            List<Path> dirs = new ArrayList<>();
            if (oneGroup) {
                dirs.add(root.resolve(shardOf(prefix)));
            } else {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(root,
                        p -> SHARD_NAME.matcher(p.getFileName().toString()).matches())) {
                    entries.forEach(dirs::add);
                }
            }
            int deleted = 0;
            for (Path dir : dirs) {
                deleted += deleteMatching(dir, namePrefix);
            }
            return deleted;
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot delete " + prefix, e);
        }
    }

    @Override
    public URI signedUrl(String key, Duration ttl) {
        ObjectKeys.check(key);
        if (links == null) {
            throw new IllegalStateException("this local store has no link signer");
        }
        return links.sign(key, ttl);
    }

    /**
     * Deletes the objects in {@code dir} whose file name starts with {@code namePrefix}, and the
     * temporary files a crashed write of such an object left behind; counts the objects.
     */
    private static int deleteMatching(Path dir, String namePrefix) throws IOException {
        if (!isRealDirectory(dir)) {
            return 0;
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(namePrefix) || name.startsWith("." + namePrefix) && name.endsWith(TEMP_SUFFIX);
        })) {
            entries.forEach(matches::add);
        }
        int deleted = 0;
        for (Path match : matches) {
            if (Files.deleteIfExists(match) && !match.getFileName().toString().startsWith(".")) {
                deleted++;
            }
        }
        return deleted;
    }

    private static String fileName(String keyOrPrefix) {
        String name = keyOrPrefix.replace('/', SEPARATOR);
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("object key is longer than the local store allows (" + MAX_NAME_LENGTH
                    + " characters): " + keyOrPrefix);
        }
        return name;
    }

    /** The shard of a key: a CRC-32 of its first two segments, as three hex digits. */
    static String shardOf(String key) {
        int first = key.indexOf('/');
        int second = first < 0 ? -1 : key.indexOf('/', first + 1);
        String group = second < 0 ? key : key.substring(0, second);
        CRC32 crc = new CRC32();
        crc.update(group.getBytes(StandardCharsets.US_ASCII));
        return String.format("%03x", crc.getValue() % SHARDS);
    }

    /** The shard directory, created (and for a durable write, recorded durably in the root) if missing. */
    private Path shard(String name, boolean sync) {
        Path dir = root.resolve(name);
        if (shards.contains(name)) {
            return dir;
        }
        try {
            try {
                Files.createDirectory(dir);
                if (sync) {
                    forceDirectory(root);
                }
            } catch (FileAlreadyExistsException e) {
                // made before, or by a writer racing this one: checked below
            }
            if (!isRealDirectory(dir)) {
                throw new IllegalArgumentException("refusing to use a shard of the store that is not a directory: " + dir);
            }
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot create the shard " + dir, e);
        }
        shards.add(name);
        return dir;
    }

    /**
     * Moves the objects of the nested layout ({@code root/submissions/{id}/runs/{n}/stdout}) to
     * their flat paths and removes the emptied directories. Renames are atomic, so a migration
     * that stops half-way (or races another store opened on the same root) resumes next time.
     */
    private void migrateNestedLayout() {
        Path legacy = root.resolve(LEGACY_TOP);
        int moved = 0;
        // Another store opened on the same root (the API and the sink of one standalone process)
        // may be moving the same tree: a directory it removes under our walk ends that pass, and
        // the next one goes on with what is left.
        for (int pass = 0; pass < 10 && isRealDirectory(legacy); pass++) {
            try {
                moved += migratePass(legacy);
                break; // a whole pass: what is left is not an object and stays
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }
        forceDirectory(root);
        if (moved > 0) {
            log.info("moved {} objects from the nested layout under {} to the flat layout", moved, legacy);
        }
    }

    /** One walk of the nested tree: moves its objects, removes its emptied directories; returns how many moved. */
    private int migratePass(Path legacy) {
        int moved = 0;
        try {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(legacy)) {
                paths = walk.sorted(Comparator.reverseOrder()).toList();
            }
            for (Path path : paths) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // moved by a store racing this one
                }
                if (attributes.isRegularFile() && !path.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    String key = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
                    try {
                        Path target = shard(shardOf(ObjectKeys.check(key)), true).resolve(fileName(key));
                        Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        moved++;
                        continue;
                    } catch (IllegalArgumentException | NoSuchFileException e) {
                        // not a key (left in place), or moved by a store racing this one
                    }
                }
                if (attributes.isDirectory() || attributes.isSymbolicLink() || path.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    try {
                        Files.deleteIfExists(path);
                    } catch (DirectoryNotEmptyException e) {
                        // holds something that is not an object: left alone
                    }
                }
            }
            return moved;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the objects under " + legacy + " to the flat layout", e);
        }
    }

    private static boolean isRegularFile(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private static boolean isRealDirectory(Path path) {
        return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself already happened
        }
    }
}
