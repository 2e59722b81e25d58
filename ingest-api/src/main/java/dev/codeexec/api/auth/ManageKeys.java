package dev.codeexec.api.auth;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Admin use case: create a key for a tenant (shown once, stored hashed) and revoke keys. */
public final class ManageKeys {

    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private final SecureRandom random = new SecureRandom();
    private final KeyStorePort store;
    private final Authenticator authenticator;

    public ManageKeys(KeyStorePort store, Authenticator authenticator) {
        this.store = store;
        this.authenticator = authenticator;
    }

    /** A new key; {@code key} is returned only here and never stored in clear. */
    public record NewKey(String id, String tenant, boolean admin, String key) {
    }

    public NewKey create(Caller caller, String tenant, boolean admin) {
        caller.requireAdmin();
        if (tenant == null || !TENANT.matcher(tenant).matches()) {
            throw Refusal.invalid("tenant", "is required: 1 to 64 characters [A-Za-z0-9._-]");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = "cx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = "key_" + HexFormat.of().formatHex(idBytes);
        store.insert(new KeyStorePort.StoredKey(id, tenant, admin), ApiKeyHash.of(key));
        return new NewKey(id, tenant, admin, key);
    }

    public void revoke(Caller caller, String id) {
        caller.requireAdmin();
        if (!store.revoke(id)) {
            throw Refusal.notFound("no key " + (id.length() > 64 ? id.substring(0, 64) : id));
        }
        authenticator.forget();
    }
}
