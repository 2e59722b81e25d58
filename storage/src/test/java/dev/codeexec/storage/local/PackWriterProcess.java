package dev.codeexec.storage.local;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The other process of {@code LocalObjectStoreTest}: writes {@code n} objects named {@code <prefix>-i} into a store. */
public final class PackWriterProcess {

    public static void main(String[] args) {
        LocalObjectStore store = new LocalObjectStore(Path.of(args[0]), null);
        String prefix = args[1];
        int n = Integer.parseInt(args[2]);
        for (int i = 0; i < n; i++) {
            store.put(ObjectKeys.stdout(prefix + "-" + i, 0), (prefix + " " + i).getBytes(StandardCharsets.UTF_8),
                    ObjectKeys.TEXT, Durability.REPLICA);
        }
    }
}
