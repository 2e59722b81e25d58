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
import java.nio.file.DirectoryStream;
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
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory: {@code root/submissions/{id}/runs/0/stdout}. A write
 * goes to a temporary file in the same directory, is forced to disk (unless it is a
 * {@link Durability#REPLICA}) and then renamed over the target, so a reader sees the old bytes or
 * the new ones, never a mix. No path component below
 * the root may be a symbolic link: such a store is refused rather than followed. Content types
 * are not kept (the key says what an object is). Links are signed by a {@link LinkSigner}.
 */
public final class LocalObjectStore implements ObjectStorePort {

    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;
    private final LinkSigner links;

    public LocalObjectStore(Path root, LinkSigner links) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store root " + root, e);
        }
        this.links = links;
    }

    public Path root() {
        return root;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        put(key, bytes, contentType, Durability.DURABLE);
    }

    /**
     * Both durabilities write a temporary file and rename it over the target, so a reader sees a
     * whole object. {@link Durability#DURABLE} also forces the file, the directory and every
     * directory it created to disk before returning; {@link Durability#REPLICA} leaves that to
     * the kernel, so a crash of the machine may lose the object (never expose a partial one).
     */
    @Override
    public void put(String key, byte[] bytes, String contentType, Durability durability) {
        boolean sync = durability == Durability.DURABLE;
        Path target = resolve(key);
        Path dir = target.getParent();
        try {
            createDirectories(dir, sync);
            Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
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
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot write " + key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path path = resolve(key);
        try {
            if (!isRegularFile(path)) {
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
        try {
            return isRegularFile(resolve(key));
        } catch (IOException e) {
            throw new ObjectStoreUnavailableException("cannot stat " + key, e);
        }
    }

    @Override
    public int deleteByPrefix(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : resolve(prefix.substring(0, slash));
        String namePrefix = prefix.substring(slash + 1);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(namePrefix)) {
                    matches.add(entry);
                }
            }
            int deleted = 0;
            for (Path match : matches) {
                deleted += deleteTree(match);
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

    /** Deletes a file or a directory tree without following links; counts the objects deleted. */
    private static int deleteTree(Path start) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(start)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        int objects = 0;
        for (Path path : paths) {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isRegularFile() && !path.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                objects++;
            }
            Files.deleteIfExists(path);
        }
        return objects;
    }

    private Path resolve(String key) {
        Path path = root.resolve(ObjectKeys.check(key)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("object key leaves the store: " + key);
        }
        refuseLinks(path.getParent());
        return path;
    }

    /** Refuses a path if any existing component between the root and it is a symbolic link. */
    private void refuseLinks(Path dir) {
        Path current = root;
        for (Path part : root.relativize(dir)) {
            current = current.resolve(part);
            if (Files.isSymbolicLink(current)) {
                throw new IllegalArgumentException("refusing to follow a symbolic link in the store: " + current);
            }
        }
    }

    private static boolean isRegularFile(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void createDirectories(Path dir, boolean sync) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // For a durable write the new directories' own entries must be durable too, or a crash
        // could lose a whole path whose object was already reported written: sync the parent of
        // each one created. A replica write does not look for them (no fsync would follow).
        List<Path> created = new ArrayList<>();
        for (Path p = dir; sync && p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            created.add(p);
        }
        Files.createDirectories(dir);
        refuseLinks(dir);
        for (Path p : created) {
            if (p.getParent() != null) {
                forceDirectory(p.getParent());
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself already happened
        }
    }
}
