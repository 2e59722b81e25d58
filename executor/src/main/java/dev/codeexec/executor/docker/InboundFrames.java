package dev.codeexec.executor.docker;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Bytes from the box's stdout (delivered by docker-java's callback thread) cut into frames, read
 * by the thread that drives the box, always with a deadline.
 */
final class InboundFrames {

    private static final byte[] END = new byte[0];
    private static final int MAX_FRAME = 1 << 30;

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean ended;

    /** Thrown when the stream ended or the deadline passed before a whole frame arrived. */
    static final class StreamEnded extends Exception {
        StreamEnded(String message) {
            super(message);
        }
    }

    void offer(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
        }
    }

    void end() {
        ended = true;
        chunks.add(END);
    }

    /** True once the stream has ended (the container is gone); unread frames may remain. */
    boolean ended() {
        return ended;
    }

    BoxFrames.Frame next(long deadlineNanos) throws StreamEnded, InterruptedException {
        byte[] head = read(5, deadlineNanos);
        int length = ((head[1] & 0xff) << 24) | ((head[2] & 0xff) << 16) | ((head[3] & 0xff) << 8) | (head[4] & 0xff);
        if (length < 0 || length > MAX_FRAME) {
            throw new StreamEnded("frame of " + Integer.toUnsignedString(length) + " bytes");
        }
        return new BoxFrames.Frame(head[0], read(length, deadlineNanos));
    }

    private byte[] read(int n, long deadlineNanos) throws StreamEnded, InterruptedException {
        byte[] out = new byte[n];
        int filled = 0;
        while (filled < n) {
            if (position == current.length) {
                long wait = deadlineNanos - System.nanoTime();
                byte[] chunk = wait <= 0 ? chunks.poll() : chunks.poll(wait, TimeUnit.NANOSECONDS);
                if (chunk == null) {
                    throw new StreamEnded("no answer from the box in time");
                }
                if (chunk == END) {
                    chunks.add(END); // stays ended for later readers
                    throw new StreamEnded("the box's stream ended");
                }
                current = chunk;
                position = 0;
            }
            int k = Math.min(n - filled, current.length - position);
            System.arraycopy(current, position, out, filled, k);
            position += k;
            filled += k;
        }
        return out;
    }
}
