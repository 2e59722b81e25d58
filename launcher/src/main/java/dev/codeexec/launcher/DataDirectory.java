package dev.codeexec.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The one directory that holds all standalone state; kept across restarts. */
final class DataDirectory {

    private static final String API_URL = "api-url";

    private final Path root;

    DataDirectory(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + root, e);
        }
    }

    Path root() {
        return root;
    }

    /** A sub-directory, created if missing. */
    Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /** The API key kept in {@code api-key}, generated (256 random bits, hex) on first use. */
    String apiKey() {
        return secret("api-key", "cx_");
    }

    /** The secret that signs output links, kept in {@code link-secret} so links survive a restart. */
    String linkSecret() {
        return secret("link-secret", "");
    }

    /**
     * Writes the API's address to {@code api-url} while the stack runs, where {@code ./codeexec run}
     * finds it; {@link #withdrawApiUrl()} removes it at the stop.
     */
    void publishApiUrl(String url) {
        try {
            Files.writeString(root.resolve(API_URL), url + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(API_URL), e);
        }
    }

    void withdrawApiUrl() {
        try {
            Files.deleteIfExists(root.resolve(API_URL));
        } catch (IOException e) {
            // a stale address only makes ./codeexec run say that nothing answers there
        }
    }

    private String secret(String name, String prefix) {
        Path file = root.resolve(name);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!key.isEmpty()) {
                    return key;
                }
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = prefix + HexFormat.of().formatHex(bytes);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
