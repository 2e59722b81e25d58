package dev.codeexec.api.adapter.objects;

import dev.codeexec.api.ApiProperties;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.gcs.GcsObjectStore;
import dev.codeexec.storage.gcs.GcsSettings;
import dev.codeexec.storage.links.LinkSigner;
import dev.codeexec.storage.local.LocalObjectStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The object store the results sink writes, read here to serve outputs and sign links to them. */
@Configuration(proxyBeanMethods = false)
public class ObjectStoreConfig {

    /** Links the API serves start with {@code publicUrl} + this path. */
    public static final String OBJECTS_PATH = "/api/v1/objects/";

    @Bean
    LinkSigner apiLinkSigner(ApiProperties p) {
        return new LinkSigner(secret(p.storage().linkSecret()), URI.create(p.publicUrl().replaceAll("/+$", "") + OBJECTS_PATH),
                Clock.systemUTC());
    }

    @Bean
    ObjectStorePort objectStore(ApiProperties p, LinkSigner apiLinkSigner) {
        return switch (p.storage().kind()) {
            case LOCAL -> new LocalObjectStore(p.storage().local().root(), apiLinkSigner);
            case GCS -> {
                ApiProperties.Gcs g = p.storage().gcs();
                yield GcsObjectStore.create(new GcsSettings(g.bucket(), optional(g.projectId()),
                        optional(g.endpoint()).map(URI::create), g.timeout(), optional(g.signingKeyFile()).map(Path::of)));
            }
        };
    }

    @Bean
    ObjectStoreLinks outputLinks(ObjectStorePort objectStore, LinkSigner apiLinkSigner) {
        return new ObjectStoreLinks(objectStore, apiLinkSigner);
    }

    @Bean
    ObjectStoreOutputs outputObjects(ObjectStorePort objectStore, LinkSigner apiLinkSigner) {
        return new ObjectStoreOutputs(objectStore, apiLinkSigner);
    }

    /** The configured secret stretched to 32 bytes, or 32 random bytes when none is configured. */
    static byte[] secret(String configured) {
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(configured.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> optional(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }
}
