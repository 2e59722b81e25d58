package dev.codeexec.sink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removes what a test or benchmark put under the temporary directory (a PostgreSQL cluster is 0.5-2 GB). */
public final class TempFiles {

    private TempFiles() {
    }

    /** Deletes {@code root} and everything below it, without following links; nothing when it is gone. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException e) {
                    // already gone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
