package dev.codeexec.api.adapter.objects;

import dev.codeexec.api.ApiProperties;
import dev.codeexec.storage.ObjectStorePort;
import dev.codeexec.storage.ObjectStores;
import dev.codeexec.storage.links.LinkSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
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
    ObjectStorePort objectStore(ApiProperties p, LinkSigner apiLinkSigner, DataSource dataSource) {
        return ObjectStores.open(p.storage().settings(), Optional.of(apiLinkSigner), dataSource);
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
}
