package dev.codeexec.launcher;

import java.util.Arrays;

/**
 * One service in a process of its own: {@code ServiceProcess NAME ARGS...}, where NAME is
 * {@code results-sink}, {@code executor} or {@code ingest-api} and ARGS are the Spring Boot arguments
 * that {@link Services#arguments} writes. {@link ProcessStack} starts it; SIGTERM stops it cleanly
 * (Spring's shutdown hook), {@code kill -9} as a crash would.
 */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ServiceProcess results-sink|executor|ingest-api [spring arguments]");
            System.exit(2);
            return;
        }
        Services.builder(args[0]).get().run(Arrays.copyOfRange(args, 1, args.length));
    }
}
