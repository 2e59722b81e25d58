package dev.codeexec.sink.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A service-account JSON key made up on the spot, for signing URLs against the emulator. */
public final class SigningKey {

    private SigningKey() {
    }

    public static Path create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String pem = ("-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n").replace("\n", "\\n");
            String json = """
                    {"type": "service_account", "project_id": "demo-codeexec", "private_key_id": "test-key",
                     "private_key": "%s", "client_email": "sink@demo-codeexec.iam.gserviceaccount.com",
                     "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
                    """.formatted(pem);
            Path file = Files.createTempFile("sa-key-", ".json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
