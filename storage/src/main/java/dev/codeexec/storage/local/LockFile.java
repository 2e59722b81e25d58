package dev.codeexec.storage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store's lock file: one byte per pack, locked exclusively ({@code fcntl}) for every
 * operation on that pack, so processes sharing a store take turns. A JVM opens it once per store
 * (closing any descriptor of a file drops all of the process's locks on it). An interrupted
 * thread closes a channel it is waiting on; the next lock then opens the file again.
 */
final class LockFile {

    private final Path path;
    private FileChannel channel;

    LockFile(Path path) {
        this.path = path;
    }

    /** Locks byte {@code slot}; blocks while another process holds it. */
    FileLock lock(int slot) throws IOException {
        return channel().lock(slot, 1, false);
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        }
        return channel;
    }
}
