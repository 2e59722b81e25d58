package dev.codeexec.executor.docker;

import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.Termination;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Encoding and decoding of boxrun frames (runners/boxrun/PROTOCOL.md). */
final class BoxFrames {

    static final byte FILE = 'F';
    static final byte STEP = 'S';
    static final byte QUIT = 'Q';
    static final byte WIPE = 'W';
    static final byte READY = 'R';
    static final byte ACK = 'K';
    static final byte STDOUT = 'O';
    static final byte STDERR = 'E';
    static final byte ARTIFACT = 'A';
    static final byte REPORT = 'X';
    static final byte FATAL = 'Z';

    static final String PROTOCOL_VERSION = "boxrun 2";

    /** Termination codes in protocol order. */
    private static final Termination[] TERMINATIONS = {
        Termination.EXITED, Termination.SIGNALLED, Termination.CPU_LIMIT, Termination.WALL_LIMIT,
        Termination.MEMORY_LIMIT, Termination.OUTPUT_LIMIT, Termination.FILE_SIZE_LIMIT
    };

    /** One frame from the box. */
    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The decoded report of a step, before outputs and artifacts are attached. */
    record Report(Termination termination, Optional<Integer> exitCode, Optional<String> signal,
                  long cpuTimeMs, long wallTimeMs, long memoryKb, boolean truncated, long oomKills,
                  boolean leftover) {
    }

    private BoxFrames() {
    }

    static byte[] frame(byte type, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put(type).putInt(payload.length).put(payload).array();
    }

    static byte[] file(BoxFile file) {
        byte[] path = file.name().getBytes(StandardCharsets.UTF_8);
        if (path.length > 1024) {
            throw new IllegalArgumentException("file name too long: " + file.name());
        }
        ByteBuffer b = ByteBuffer.allocate(6 + path.length + file.content().length);
        b.putInt(file.executable() ? 0755 : 0644).putShort((short) path.length).put(path).put(file.content());
        return frame(FILE, b.array());
    }

    static byte[] step(Step step, int openFiles) {
        byte[] stdin = step.stdin() == null ? new byte[0] : step.stdin();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + stdin.length);
        ByteBuffer head = ByteBuffer.allocate(40)
                .putLong(step.cpuTimeMs()).putLong(step.wallTimeMs()).putLong(step.outputBytes())
                .putLong(step.fileSizeBytes()).putInt(openFiles).putInt(step.argv().size());
        out.writeBytes(head.array());
        for (String arg : step.argv()) {
            writeBlock(out, arg.getBytes(StandardCharsets.UTF_8));
        }
        writeBlock(out, step.collectDir() == null ? new byte[0] : step.collectDir().orElse("").getBytes(StandardCharsets.UTF_8));
        writeBlock(out, stdin);
        return frame(STEP, out.toByteArray());
    }

    static byte[] quit() {
        return frame(QUIT, new byte[0]);
    }

    static byte[] wipe() {
        return frame(WIPE, new byte[0]);
    }

    private static void writeBlock(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    static Report report(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int code = b.get() & 0xff;
        int flags = b.get() & 0xff;
        int exit = b.getInt();
        int signal = b.getInt();
        long cpu = b.getLong();
        long wall = b.getLong();
        long rssKb = b.getLong();
        b.getLong(); // output bytes produced, past the cap too
        long oom = b.getInt() & 0xffffffffL;
        byte[] name = new byte[b.get() & 0xff];
        b.get(name);
        if (code >= TERMINATIONS.length) {
            throw new IllegalStateException("unknown termination code " + code);
        }
        boolean exited = (flags & 1) != 0;
        boolean signalled = (flags & 2) != 0;
        return new Report(TERMINATIONS[code],
                exited ? Optional.of(exit) : Optional.empty(),
                signalled ? Optional.of(signal == 0 ? "SIG?" : new String(name, StandardCharsets.US_ASCII))
                        : Optional.empty(),
                cpu, wall, rssKb, (flags & 4) != 0, oom, (flags & 8) != 0);
    }

    /** An artifact frame: u32 mode, u16 path length, path, content. */
    static BoxFile artifact(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int mode = b.getInt();
        byte[] path = new byte[b.getShort() & 0xffff];
        b.get(path);
        byte[] content = new byte[b.remaining()];
        b.get(content);
        return new BoxFile(new String(path, StandardCharsets.UTF_8), content, (mode & 0100) != 0);
    }

    /** An ack frame: i32 errno, message; empty when the file was written. */
    static Optional<String> ackError(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        int errno = b.getInt();
        return errno == 0 ? Optional.empty()
                : Optional.of(new String(payload, 4, payload.length - 4, StandardCharsets.UTF_8));
    }
}
