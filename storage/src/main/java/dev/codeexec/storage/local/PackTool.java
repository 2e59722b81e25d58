package dev.codeexec.storage.local;

import dev.codeexec.storage.ObjectStoreUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a local object store for an operator, since its objects live in pack files rather than a
 * file each ({@code ./codeexec objects ...}):
 * <ul>
 * <li>{@code get <key>}: the object's exact bytes on standard output;
 * <li>{@code list [prefix]}: the keys (and sizes) of the objects under a prefix;
 * <li>{@code check}: reads every object and checks its CRC; names the damaged ones and the
 *     {@code <pack>.damaged-<ms>} files of bytes cut off from packs (a torn tail is cut off by any
 *     access, this one included).
 * </ul>
 * Exit codes: 0 done, 1 no such object or damage found, 2 bad usage.
 */
public final class PackTool {

    private PackTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code <root> <command> [argument]}; returns the exit code. */
    static int run(String[] args, OutputStream out, PrintStream err) {
        String command = args.length >= 2 ? args[1] : "";
        boolean usable = switch (command) {
            case "get" -> args.length == 3;
            case "list" -> args.length <= 3;
            case "check" -> args.length == 2;
            default -> false;
        };
        if (!usable) {
            err.println("usage: <root> get <key> | <root> list [prefix] | <root> check");
            return 2;
        }
        Path root = Path.of(args[0]);
        if (!Files.isDirectory(root.resolve("packs"))) {
            err.println("no object store at " + root + " (it has no packs directory)");
            return 2;
        }
        LocalObjectStore store = new LocalObjectStore(root, null);
        PrintStream text = new PrintStream(out, true, StandardCharsets.UTF_8);
        try {
            switch (command) {
                case "get" -> {
                    Optional<byte[]> bytes = store.get(args[2]);
                    if (bytes.isEmpty()) {
                        err.println("no object " + args[2]);
                        return 1;
                    }
                    out.write(bytes.get());
                    out.flush();
                    return 0;
                }
                case "list" -> {
                    store.list(args.length == 3 ? args[2] : "").forEach((key, size) -> text.println(size + "\t" + key));
                    return 0;
                }
                default -> {
                    int objects = 0;
                    int damaged = 0;
                    for (String key : store.list("").keySet()) {
                        objects++;
                        try {
                            store.get(key);
                        } catch (ObjectStoreUnavailableException e) {
                            damaged++;
                            text.println("damaged\t" + key);
                        }
                    }
                    long kept;
                    try (var files = Files.list(root.resolve("packs"))) {
                        kept = files.filter(f -> f.getFileName().toString().contains(".damaged-"))
                                .peek(f -> text.println("cut off\t" + f)).count();
                    }
                    text.println(objects + " objects read, " + damaged + " damaged, " + kept
                            + " files of bytes cut off from packs");
                    return damaged == 0 && kept == 0 ? 0 : 1;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException | ObjectStoreUnavailableException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
