package dev.codeexec.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code ./codeexec up}: starts the whole pipeline on loopback with zero configuration, prints
 * where the API is, its key and a curl example, and runs until Ctrl-C.
 */
public final class Standalone {

    private Standalone() {
    }

    public static void main(String[] args) throws InterruptedException {
        long t0 = System.nanoTime();
        quietUntilSpringConfiguresLogging();
        StandaloneSettings settings;
        try {
            settings = StandaloneSettings.fromEnvironment(System.getenv(), Path.of(".codeexec"));
        } catch (IllegalArgumentException e) {
            System.err.println("[codeexec] " + e.getMessage());
            System.exit(2);
            return;
        }
        say("data directory: " + settings.dataDir());
        StandalonePipeline pipeline = new StandalonePipeline(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping ...");
            pipeline.close();
            say("stopped");
            stopped.countDown();
        }, "codeexec-shutdown"));
        try {
            pipeline.start(Standalone::say);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("[codeexec] could not start: " + e);
            Throwable cause = e.getCause();
            while (cause != null) {
                System.err.println("[codeexec]   caused by: " + cause);
                cause = cause.getCause();
            }
            System.exit(1);
            return;
        }
        System.out.println(Banner.ready(pipeline, (System.nanoTime() - t0) / 1e9));
        stopped.await();
    }

    /**
     * Before the services start, Logback runs on its defaults and would print every Kafka admin
     * and PostgreSQL detail; the launcher's own progress lines say what matters.
     */
    private static void quietUntilSpringConfiguresLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }

    private static void say(String line) {
        System.out.println("[codeexec] " + line);
    }
}
