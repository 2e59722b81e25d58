package dev.codeexec.storage.local;

import dev.codeexec.storage.Durability;
import dev.codeexec.storage.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The other process of {@code LocalObjectStoreTest}, on the store at {@code args[0]}:
 * <ul>
 * <li>{@code write <prefix> <n>} writes {@code n} objects {@code submissions/<prefix>-i/runs/0/stdout};
 * <li>{@code churn <n>} writes {@code n} objects of 256 KB under {@code submissions/shared/churn-i/},
 *     deleting each one's predecessor, so that the shared pack is compacted now and then.
 * </ul>
 */
public final class PackWriterProcess {

    public static void main(String[] args) {
        LocalObjectStore store = new LocalObjectStore(Path.of(args[0]), null);
        if (args[1].equals("churn")) {
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[256 * 1024];
                bytes[0] = (byte) i;
                store.put("submissions/shared/churn-" + i + "/x", bytes, ObjectKeys.BINARY, Durability.REPLICA);
                if (i > 0 && store.deleteByPrefix("submissions/shared/churn-" + (i - 1) + "/") != 1) {
                    throw new IllegalStateException("churn-" + (i - 1) + " was not there to delete");
                }
            }
            return;
        }
        String prefix = args[2];
        int n = Integer.parseInt(args[3]);
        for (int i = 0; i < n; i++) {
            store.put(ObjectKeys.stdout(prefix + "-" + i, 0), (prefix + " " + i).getBytes(StandardCharsets.UTF_8),
                    ObjectKeys.TEXT, Durability.REPLICA);
        }
    }
}
