package dev.codeexec.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the files a user names as UTF-8 text: the API carries sources and inputs as JSON strings. */
final class TextFiles {

    private TextFiles() {
    }

    static String read(Path file, String what) {
        if (!Files.exists(file)) {
            throw CliFailure.usage(what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage(what + " " + file + " is not a regular file");
        }
        try {
            return utf8(Files.readAllBytes(file), what + " " + file);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    static String read(InputStream in, String what) {
        try {
            return utf8(in.readAllBytes(), what);
        } catch (IOException e) {
            throw CliFailure.usage("cannot read " + what + ": " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CliFailure.usage(what + " is not UTF-8 text");
        }
    }
}
