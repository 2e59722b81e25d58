package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.schemas.languages.Language;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The compile cache key: SHA-256 over the language id, its compiler version and image, the
 * compile argv (which holds the submission's compiler options, so different options never share
 * an entry) and every file (name, mode, content), each length-prefixed so no two inputs share an
 * encoding.
 */
public record CompileKey(String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public CompileKey {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a compile key is 64 lowercase hex digits");
        }
    }

    public static CompileKey of(Language language, List<String> compileArgv, List<BoxFile> files) {
        MessageDigest sha = sha256();
        put(sha, "codeexec-compile-v1");
        put(sha, language.id());
        put(sha, String.valueOf(language.version()));
        put(sha, String.valueOf(language.image()));
        sha.update(ByteBuffer.allocate(4).putInt(compileArgv.size()).array());
        compileArgv.forEach(arg -> put(sha, arg));
        List<BoxFile> sorted = files.stream().sorted(Comparator.comparing(BoxFile::name)).toList();
        sha.update(ByteBuffer.allocate(4).putInt(sorted.size()).array());
        for (BoxFile file : sorted) {
            put(sha, file.name());
            sha.update((byte) (file.executable() ? 1 : 0));
            put(sha, file.content());
        }
        return new CompileKey(HexFormat.of().formatHex(sha.digest()));
    }

    private static void put(MessageDigest sha, String text) {
        put(sha, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
