package dev.codeexec.storage.local;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStoreUnavailableException;
import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pack of a {@link LocalObjectStore}: an append-only file of records, each an object (key,
 * content type, exact bytes), a deletion of every key under a prefix, or the pack's beginning.
 * The newest record of a key wins. Appending costs one write to an open file where a file per
 * object cost a new inode, a directory entry and a rename.
 *
 * <p>A record is {@code magic, type, key length, content-type length, payload length, CRC-32C,
 * key, content type, payload, total length}; the CRC covers everything from the type to the end
 * of the payload, and the trailing length lets a writer check the last record without reading
 * the pack from the start. Every pack starts with a {@code BEGIN} record whose key is a random
 * id; compaction writes a new file with a new id, so a process that cached an older file's
 * offsets sees the id change and reads the pack again.
 *
 * <p>Every operation holds this pack's lock in the JVM and an exclusive {@code fcntl} lock on the
 * pack's byte of the store's lock file, so two processes on one store (two sinks, or a sink and
 * an API) never interleave appends, and a reader never sees an append that is still in progress.
 * What is on disk is the truth: at each operation the pack is checked for bytes another process
 * appended (read into the index when one is loaded) or for a different file.
 *
 * <p>Readers never search for a record boundary: a program's output may itself contain bytes
 * that look like a record, and is never parsed as one. Bytes that cannot be a record (a write
 * torn by a crash, a damaged block) end the pack: they are copied to {@code <pack>.damaged-<ms>}
 * for an operator and cut off, so that later appends stay reachable.
 */
final class Pack {

    static final int MAGIC = 0x43455031; // "CEP1"
    static final byte BEGIN = 0;
    static final byte PUT = 1;
    static final byte DELETE = 2;
    static final int HEADER = 16;
    static final int TRAILER = 4;

    private static final Logger log = LoggerFactory.getLogger(Pack.class);

    /** Where an object's record lies. */
    private record Entry(long offset, int length, int payloadLength) {
    }

    /** A record's header as read from disk: where it is and what it holds. */
    private record Header(long offset, byte type, int keyLength, int typeLength, int payloadLength, int crc) {
        long length() {
            return (long) HEADER + keyLength + typeLength + payloadLength + TRAILER;
        }

        int payloadOffset() {
            return HEADER + keyLength + typeLength;
        }

        /** The header of a record built by {@link #record}, which is to be written at {@code at}. */
        static Header of(ByteBuffer record, long at) {
            return new Header(at, record.get(4), Short.toUnsignedInt(record.getShort(5)), Byte.toUnsignedInt(record.get(7)),
                    record.getInt(8), record.getInt(12));
        }
    }

    private final Path path;
    private final LockFile lockFile;
    private final int slot;
    private final long compactAtDeadBytes;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock: the open file, and what this process knows of it.
    /** The pack, kept open between operations; null when closed. */
    private FileChannel channel;
    /** The file {@link #channel} is open on ({@link BasicFileAttributes#fileKey()}): the pack was replaced when the path's differs. */
    private Object channelFile;
    /** The id of the file the fields below describe; null before the first look. */
    private String id;
    /** Every record before this offset has been checked. */
    private long end;
    /**
     * Live objects, loaded on the first read or delete. Softly held: about 150 bytes per object,
     * given back when memory runs short and read again from the pack when next needed.
     */
    private SoftReference<Map<String, Entry>> index = new SoftReference<>(null);
    private long liveBytes;
    private long deadBytes;

    Pack(Path path, LockFile lockFile, int slot, long compactAtDeadBytes) {
        this.path = path;
        this.lockFile = lockFile;
        this.slot = slot;
        this.compactAtDeadBytes = compactAtDeadBytes;
    }

    Path path() {
        return path;
    }

    /**
     * Appends several objects with one write; with any of them durable, all are on disk when
     * this returns.
     */
    void putAll(List<ObjectStorePort.Write> writes) {
        locked("write " + writes.size() + " objects", () -> {
            ByteBuffer[] records = new ByteBuffer[writes.size()];
            for (int i = 0; i < records.length; i++) {
                records[i] = record(PUT, writes.get(i).key(), writes.get(i).contentType(), writes.get(i).bytes());
            }
            append(open(true), writes.stream().map(ObjectStorePort.Write::key).toList(), records,
                    writes.stream().anyMatch(w -> w.durability() == Durability.DURABLE));
            return null;
        });
    }

    /** The bytes of {@code key}, or empty. */
    Optional<byte[]> get(String key) {
        return locked("read " + key, () -> {
            FileChannel channel = open(false);
            if (channel == null) {
                return Optional.empty();
            }
            Entry entry = index(channel).get(key);
            return entry == null ? Optional.empty() : Optional.of(payload(channel, key, entry));
        });
    }

    /** The live objects whose key starts with {@code prefix}, with their sizes in bytes. */
    Map<String, Integer> list(String prefix) {
        return locked("list " + path, () -> {
            FileChannel channel = open(false);
            Map<String, Integer> sizes = new HashMap<>();
            if (channel != null) {
                index(channel).forEach((key, entry) -> {
                    if (key.startsWith(prefix)) {
                        sizes.put(key, entry.payloadLength());
                    }
                });
            }
            return sizes;
        });
    }

    boolean exists(String key) {
        return locked("stat " + key, () -> {
            FileChannel channel = open(false);
            return channel != null && index(channel).containsKey(key);
        });
    }

    /** Deletes every object whose key starts with {@code prefix} (durably); returns how many. */
    int deleteByPrefix(String prefix) {
        return locked("delete " + prefix, () -> {
            FileChannel channel = open(false);
            if (channel == null) {
                return 0;
            }
            long matching = index(channel).keySet().stream().filter(k -> k.startsWith(prefix)).count();
            if (matching == 0) {
                return 0;
            }
            append(channel, List.of(prefix), new ByteBuffer[] {record(DELETE, prefix, "", new byte[0])}, true);
            if (deadBytes >= compactAtDeadBytes && deadBytes > liveBytes) {
                compact(channel);
            }
            return Math.toIntExact(matching);
        });
    }

    /** Forces what was appended without {@code durable} to disk. */
    void force() {
        locked("sync " + path, () -> {
            FileChannel channel = open(false);
            if (channel != null) {
                channel.force(false);
            }
            return null;
        });
    }

    /** Closes the pack's file; the next operation opens it again. */
    void close() {
        lock.lock();
        try {
            closeChannel();
        } finally {
            lock.unlock();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was pending on a read-write channel that is dropped
            }
            channel = null;
            channelFile = null;
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T locked(String what, Call<T> call) {
        lock.lock();
        try (FileLock ignored = lockFile.lock(slot)) {
            try {
                return call.run();
            } catch (IOException | RuntimeException e) {
                closeChannel(); // opened again, and checked, by the next operation
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new ObjectStoreUnavailableException("cannot " + what + ": " + e.getMessage() + " is missing", e);
        } catch (IOException e) {
            if (Files.isSymbolicLink(path)) {
                throw new ObjectStoreUnavailableException("refusing to use a pack of the store that is a symbolic link: "
                        + path, e);
            }
            throw new ObjectStoreUnavailableException("cannot " + what, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pack's open file (created when {@code create}; null when it does not exist otherwise),
     * with what this process knows of it brought up to date: a file replaced by another process's
     * compaction is opened again and read again, bytes another process appended are checked (and
     * indexed when the index is loaded), and bytes that cannot be records are cut off. Under the
     * lock nobody else renames, creates or appends to the pack, so the path names the same file
     * until the operation ends.
     */
    private FileChannel open(boolean create) throws IOException {
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            now = null;
        }
        if (channel != null && (!channel.isOpen() || now == null || !now.fileKey().equals(channelFile))) {
            closeChannel(); // compacted (or removed) by another process, or closed by an interrupt
        }
        boolean opened = false;
        if (channel == null) {
            if (now == null && !create) {
                return null;
            }
            channel = create
                    ? FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            channelFile = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            opened = true;
        }
        long size = channel.size();
        if (opened || size != end) {
            catchUp(channel, size);
        }
        return channel;
    }

    /** Reads what changed in the file since this process last looked (see {@link #open}). */
    private void catchUp(FileChannel file, long size) throws IOException {
        Optional<Header> begin = header(file, 0, size);
        if (begin.isEmpty() || begin.get().type() != BEGIN) {
            // new, or made by a process that died before its first record was whole
            if (size > 0) {
                cutOff(file, 0, "it does not start with a pack header");
            }
            file.write(record(BEGIN, UUID.randomUUID().toString(), "", new byte[0]), 0);
            file.force(true);
            LocalObjectStore.forceDirectory(path.getParent());
            size = file.size();
            begin = header(file, 0, size);
        }
        String fileId = key(file, begin.orElseThrow());
        if (!fileId.equals(id) || size < end) {
            id = fileId;
            end = begin.get().length();
            index = new SoftReference<>(null);
        }
        if (size > end) {
            if (index.get() == null && lastRecordIsWhole(file, size)) {
                end = size; // the common case of a writer: nothing to read
            } else {
                long sound = scan(file, end, size);
                if (sound < size) {
                    cutOff(file, sound, "its bytes are not a whole record");
                }
            }
        }
    }

    private Map<String, Entry> index(FileChannel channel) throws IOException {
        Map<String, Entry> loaded = index.get();
        if (loaded == null) {
            loaded = new HashMap<>();
            long known = end;
            index = new SoftReference<>(loaded);
            liveBytes = 0;
            deadBytes = 0;
            end = header(channel, 0, channel.size()).orElseThrow().length();
            long sound = scan(channel, end, known);
            if (sound < known) {
                cutOff(channel, sound, "its bytes are not a whole record");
            }
        }
        return loaded;
    }

    /**
     * Reads the records in {@code [from, to)} into the index (when loaded) and returns the offset
     * of the first byte that is not part of a whole record ({@code to} when all are whole). The
     * last record's CRC is checked too, as a write torn by a crash may have whole lengths and
     * missing bytes.
     */
    private long scan(FileChannel channel, long from, long to) throws IOException {
        long at = from;
        while (at < to) {
            Optional<Header> read = header(channel, at, to);
            if (read.isEmpty() || read.get().type() == BEGIN) {
                break;
            }
            Header header = read.get();
            long next = at + header.length();
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
            readFully(channel, trailer, next - TRAILER);
            if (trailer.getInt(0) != header.length() || next == to && !crcMatches(channel, header)) {
                break;
            }
            apply(header, key(channel, header));
            at = next;
        }
        end = at;
        return at;
    }

    private void apply(Header header, String key) {
        Map<String, Entry> index = this.index.get();
        if (index == null) {
            return;
        }
        if (header.type() == PUT) {
            Entry previous = index.put(key, new Entry(header.offset(), Math.toIntExact(header.length()),
                    header.payloadLength()));
            liveBytes += header.length();
            if (previous != null) {
                liveBytes -= previous.length();
                deadBytes += previous.length();
            }
        } else if (header.type() == DELETE) {
            deadBytes += header.length();
            var matching = index.entrySet().iterator();
            while (matching.hasNext()) {
                var entry = matching.next();
                if (entry.getKey().startsWith(key)) {
                    liveBytes -= entry.getValue().length();
                    deadBytes += entry.getValue().length();
                    matching.remove();
                }
            }
        }
    }

    /** Whether the record that ends at {@code size} is whole: its trailer, header and CRC agree. */
    private boolean lastRecordIsWhole(FileChannel channel, long size) throws IOException {
        if (size - end < HEADER + TRAILER) {
            return false;
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
        readFully(channel, trailer, size - TRAILER);
        long length = trailer.getInt(0) & 0xffffffffL;
        if (length < HEADER + TRAILER || length > size - end) {
            return false;
        }
        Optional<Header> header = header(channel, size - length, size);
        return header.isPresent() && header.get().length() == length && header.get().type() != BEGIN
                && crcMatches(channel, header.get());
    }

    /**
     * Writes whole records at the end of the pack (a failed write, a full disk, is cut back off),
     * forced to disk when {@code durable}, and applies them to what this process knows;
     * {@code keys} are the records' keys.
     */
    private void append(FileChannel file, List<String> keys, ByteBuffer[] records, boolean durable) throws IOException {
        long at = end;
        try {
            file.position(at);
            long remaining = 0;
            for (ByteBuffer record : records) {
                remaining += record.remaining();
            }
            while (remaining > 0) {
                remaining -= file.write(records);
            }
            if (durable) {
                file.force(false);
            }
        } catch (IOException e) {
            try {
                file.truncate(at);
            } catch (IOException ignored) {
                // the next operation finds the half record and cuts it off
            }
            throw e;
        }
        for (int i = 0; i < records.length; i++) {
            Header header = Header.of(records[i], at);
            at += header.length();
            end = at;
            apply(header, keys.get(i));
        }
    }

    /**
     * Rewrites the pack with only its live objects, as a new file with a new id renamed over the
     * old one: other processes see the new id and read the pack again.
     */
    private void compact(FileChannel channel) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".compacting");
        String fresh = UUID.randomUUID().toString();
        Map<String, Entry> moved = new HashMap<>();
        long written;
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer begin = record(BEGIN, fresh, "", new byte[0]);
            written = out.write(begin, 0);
            List<Map.Entry<String, Entry>> live = new ArrayList<>(index(channel).entrySet());
            live.sort(Comparator.comparingLong(e -> e.getValue().offset()));
            for (Map.Entry<String, Entry> object : live) {
                Entry entry = object.getValue();
                long copied = 0;
                while (copied < entry.length()) {
                    copied += channel.transferTo(entry.offset() + copied, entry.length() - copied, out.position(written + copied));
                }
                moved.put(object.getKey(), new Entry(written, entry.length(), entry.payloadLength()));
                written += entry.length();
            }
            out.force(true);
        }
        long before = end;
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LocalObjectStore.forceDirectory(path.getParent());
        closeChannel(); // open on the old file; the next operation opens the new one
        id = fresh;
        end = written;
        index = new SoftReference<>(moved);
        liveBytes = written;
        deadBytes = 0;
        log.debug("compacted {}: {} bytes to {}", path, before, written);
    }

    /**
     * Keeps the bytes from {@code at} on for an operator, then cuts them off the pack and gives it
     * a new id. What this process knows of the records before {@code at} stays true.
     */
    private void cutOff(FileChannel channel, long at, String why) throws IOException {
        long size = channel.size();
        Path kept = path.resolveSibling(path.getFileName() + ".damaged-" + System.currentTimeMillis());
        try (FileChannel out = FileChannel.open(kept, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long copied = 0;
            while (copied < size - at) {
                copied += channel.transferTo(at + copied, size - at - copied, out);
            }
            out.force(true);
        }
        channel.truncate(at);
        if (at > 0) {
            // A new id (same length, written in place): a process that knew this file reads it
            // again from the start instead of resuming at an offset that no longer starts a record.
            String fresh = UUID.randomUUID().toString();
            channel.write(record(BEGIN, fresh, "", new byte[0]), 0);
            id = fresh;
        }
        channel.force(true);
        log.warn("{}: cut off {} bytes from offset {} because {} (a write torn by a crash, or a damaged disk);"
                + " they are kept in {}", path, size - at, at, why, kept);
    }

    private byte[] payload(FileChannel channel, String key, Entry entry) throws IOException {
        Header header = header(channel, entry.offset(), channel.size()).orElse(null);
        byte[] body = header == null || header.type() != PUT ? null : verifiedBody(channel, header).orElse(null);
        if (body == null || !new String(body, 0, header.keyLength(), StandardCharsets.UTF_8).equals(key)) {
            throw new ObjectStoreUnavailableException("the record of " + key + " in " + path + " is damaged", null);
        }
        return java.util.Arrays.copyOfRange(body, header.payloadOffset() - HEADER, body.length);
    }

    /** The header at {@code at}, when a whole record with plausible lengths starts there and ends by {@code limit}. */
    private static Optional<Header> header(FileChannel channel, long at, long limit) throws IOException {
        if (limit - at < HEADER + TRAILER) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER);
        readFully(channel, buffer, at);
        buffer.flip();
        if (buffer.getInt() != MAGIC) {
            return Optional.empty();
        }
        byte type = buffer.get();
        int keyLength = Short.toUnsignedInt(buffer.getShort());
        int typeLength = Byte.toUnsignedInt(buffer.get());
        int payloadLength = buffer.getInt();
        int crc = buffer.getInt();
        if (type < BEGIN || type > DELETE || keyLength == 0 || payloadLength < 0) {
            return Optional.empty();
        }
        Header header = new Header(at, type, keyLength, typeLength, payloadLength, crc);
        return header.length() <= limit - at ? Optional.of(header) : Optional.empty();
    }

    private static String key(FileChannel channel, Header header) throws IOException {
        ByteBuffer key = ByteBuffer.allocate(header.keyLength());
        readFully(channel, key, header.offset() + HEADER);
        return new String(key.array(), StandardCharsets.UTF_8);
    }

    private static boolean crcMatches(FileChannel channel, Header header) throws IOException {
        return verifiedBody(channel, header).isPresent();
    }

    /** The record's key, content type and payload, when its CRC matches. */
    private static Optional<byte[]> verifiedBody(FileChannel channel, Header header) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(header.length() - HEADER - TRAILER));
        readFully(channel, body, header.offset() + HEADER);
        byte[] lengths = lengths(header.type(), header.keyLength(), header.typeLength(), header.payloadLength());
        return crc(lengths, body.array()) == header.crc() ? Optional.of(body.array()) : Optional.empty();
    }

    /** The type and the three lengths, as a record holds them after its magic (and as its CRC covers them first). */
    private static byte[] lengths(byte type, int keyLength, int typeLength, int payloadLength) {
        return ByteBuffer.allocate(8).put(type).putShort((short) keyLength).put((byte) typeLength).putInt(payloadLength)
                .array();
    }

    /** A record's CRC-32C: of its {@link #lengths}, then of its key, content type and payload. */
    private static int crc(byte[] lengths, byte[]... body) {
        CRC32C crc = new CRC32C();
        crc.update(lengths);
        for (byte[] part : body) {
            crc.update(part);
        }
        return (int) crc.getValue();
    }

    static ByteBuffer record(byte type, String key, String contentType, byte[] payload) {
        byte[] keyBytes = utf8(key);
        byte[] typeBytes = ascii(contentType);
        if (keyBytes.length == 0 || keyBytes.length > 0xffff) {
            throw new IllegalArgumentException("a key must be 1 to 65535 bytes long");
        }
        if (typeBytes.length > 0xff) {
            throw new IllegalArgumentException("a content type must be at most 255 characters long: " + contentType);
        }
        int length = HEADER + keyBytes.length + typeBytes.length + payload.length + TRAILER;
        byte[] lengths = lengths(type, keyBytes.length, typeBytes.length, payload.length);
        return ByteBuffer.allocate(length).putInt(MAGIC).put(lengths).putInt(crc(lengths, keyBytes, typeBytes, payload))
                .put(keyBytes).put(typeBytes).put(payload).putInt(length).flip();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.US_ASCII);
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new IOException("unexpected end of " + channel);
            }
        }
    }
}
