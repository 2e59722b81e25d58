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

    /** A loopback port that was free a moment ago (for stacks that choose their own ports). */
    static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Two consecutive free loopback ports (the broker's controller listens on the port after it). */
    static int anyFreePair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = anyFree();
            if (port < 65535 && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two consecutive free ports found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
