package dev.codeexec.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports the standalone mode's own servers (broker, PostgreSQL) need before they start. */
final class LocalPorts {

    private LocalPorts() {
    }

    /** Fails with the variable to set when something already listens on {@code port} on 127.0.0.1. */
    static void requireFree(int port, String variable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use; stop what uses it or set "
                    + variable + " to another port");
        }
    }
}
