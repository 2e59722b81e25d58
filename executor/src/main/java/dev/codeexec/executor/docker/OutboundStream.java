package dev.codeexec.executor.docker;

import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The box's stdin as docker-java wants it: an InputStream its attach thread copies to the
 * container. The thread driving the box puts whole frames into it; never blocks the writer.
 */
final class OutboundStream extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    void send(byte[] frame) {
        chunks.add(frame);
    }

    void finish() {
        chunks.add(END);
    }

    @Override
    public int read() throws java.io.IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
        if (len == 0) {
            return 0;
        }
        while (position == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("box stdin interrupted");
            }
            position = 0;
            if (current == END) {
                ended = true;
                current = new byte[0];
                return -1;
            }
        }
        int k = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, k);
        position += k;
        return k;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    @Override
    public void close() {
        finish();
    }
}
