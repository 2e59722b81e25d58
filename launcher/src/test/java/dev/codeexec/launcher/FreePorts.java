package dev.codeexec.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports that were free a moment ago, so tests never clash with a running standalone. */
final class FreePorts {

    private FreePorts() {
    }

    static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two consecutive free ports (the broker's controller listens on the port after the broker). */
    static int nextPair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = next();
            if (port < 65535 && free(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two consecutive free ports found");
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
