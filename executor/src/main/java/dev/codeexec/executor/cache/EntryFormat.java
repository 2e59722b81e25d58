package dev.codeexec.executor.cache;

import dev.codeexec.executor.execution.CompileKey;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.schemas.kafka.SubmissionRules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of one cache entry: magic, key, file count, then per file its name, executable flag,
 * length and content, and last the SHA-256 of everything before it.
 */
final class EntryFormat {

    private static final String MAGIC = "codeexec-compile-cache-v1";
    private static final int MAX_FILES = 10_000;

    private EntryFormat() {
    }

    /** Writes a new file (never an existing one, never through a symlink); returns its size. */
    static long write(Path path, CompileKey key, List<BoxFile> files) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeUTF(MAGIC);
            out.writeUTF(key.hex());
            out.writeInt(files.size());
            for (BoxFile file : files) {
                out.writeUTF(file.name());
                out.writeBoolean(file.executable());
                out.writeInt(file.content().length);
                out.write(file.content());
            }
        }
        byte[] bytes = body.toByteArray();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS); OutputStream out = Channels.newOutputStream(channel)) {
            out.write(bytes);
            out.write(sha256(bytes));
            channel.force(true);
        }
        return bytes.length + 32L;
    }

    /** Reads and checks an entry; throws when anything about it is wrong. */
    static List<BoxFile> read(Path path, CompileKey key, long maxBytes) throws IOException {
        byte[] all;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() > maxBytes || channel.size() < 32) {
                throw new IOException("entry has an impossible size " + channel.size());
            }
            try (InputStream in = Channels.newInputStream(channel)) {
                all = in.readAllBytes();
            }
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        if (!MessageDigest.isEqual(sha256(body), Arrays.copyOfRange(all, all.length - 32, all.length))) {
            throw new IOException("checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            if (!MAGIC.equals(in.readUTF()) || !key.hex().equals(in.readUTF())) {
                throw new IOException("entry is not for this key");
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_FILES) {
                throw new IOException("bad file count " + count);
            }
            List<BoxFile> files = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                if (!SubmissionRules.isSafeName(name)) {
                    throw new IOException("unsafe file name in entry");
                }
                boolean executable = in.readBoolean();
                int length = in.readInt();
                if (length < 0 || length > body.length) {
                    throw new IOException("bad file length");
                }
                byte[] content = in.readNBytes(length);
                if (content.length != length) {
                    throw new IOException("entry is truncated");
                }
                files.add(new BoxFile(name, content, executable));
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes in entry");
            }
            return List.copyOf(files);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
