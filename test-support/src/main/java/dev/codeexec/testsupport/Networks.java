package dev.codeexec.testsupport;

import org.testcontainers.containers.Network;

/**
 * One user-defined network for every test container of the JVM: the engine may run without its
 * default bridge ({@code dockerd --bridge=none}), and published ports need a network.
 */
final class Networks {

    private static Network shared;

    private Networks() {
    }

    static synchronized Network shared() {
        if (shared == null) {
            shared = Network.newNetwork();
        }
        return shared;
    }
}
