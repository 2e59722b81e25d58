package dev.codeexec.api.auth;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the key a request presents into a {@link Caller}. The configured key (and admin key) are
 * checked first, then the stored keys; stored keys are remembered for a few seconds, so a revoked
 * key stops working within {@link #CACHE_MILLIS}.
 */
public final class Authenticator {

    public static final String DEFAULT_TENANT = "default";
    static final long CACHE_MILLIS = 5_000;
    private static final int CACHE_MAX = 10_000;

    private final String configuredKeyHash;
    private final String adminKeyHash;
    private final boolean anonymousEnabled;
    private final KeyStorePort store;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param configuredKey key of tenant {@value #DEFAULT_TENANT}; admin unless an adminKey is given (may be null)
     * @param adminKey a key that may manage keys (may be null)
     */
    public Authenticator(String configuredKey, String adminKey, boolean anonymousEnabled, KeyStorePort store) {
        this.configuredKeyHash = blank(configuredKey) ? null : ApiKeyHash.of(configuredKey);
        this.adminKeyHash = blank(adminKey) ? null : ApiKeyHash.of(adminKey);
        this.anonymousEnabled = anonymousEnabled;
        this.store = store;
    }

    /** The caller presenting {@code key}; throws a 401-kind {@link Refusal} when there is none. */
    public Caller authenticate(Optional<String> key) {
        if (key.isEmpty() || key.get().isBlank()) {
            if (anonymousEnabled) {
                return Caller.anonymous();
            }
            throw unauthenticated("an API key is required: send 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'");
        }
        String hash = ApiKeyHash.of(key.get().strip());
        if (adminKeyHash != null && ApiKeyHash.same(hash, adminKeyHash)) {
            return new Caller(DEFAULT_TENANT, "admin", true);
        }
        if (configuredKeyHash != null && ApiKeyHash.same(hash, configuredKeyHash)) {
            return new Caller(DEFAULT_TENANT, "configured", adminKeyHash == null);
        }
        long now = System.currentTimeMillis();
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAt > now) {
            return cached.caller;
        }
        Optional<KeyStorePort.StoredKey> stored = store.findByHash(hash);
        if (stored.isEmpty()) {
            cache.remove(hash);
            throw unauthenticated("the API key is not valid");
        }
        Caller caller = new Caller(stored.get().tenant(), stored.get().id(), stored.get().admin());
        if (cache.size() >= CACHE_MAX) {
            cache.clear();
        }
        cache.put(hash, new Cached(caller, now + CACHE_MILLIS));
        return caller;
    }

    /** Forgets cached keys (after a revocation on this instance). */
    public void forget() {
        cache.clear();
    }

    private static Refusal unauthenticated(String detail) {
        return new Refusal(Refusal.Kind.UNAUTHENTICATED, detail, List.of(), 0);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private record Cached(Caller caller, long expiresAt) {
    }
}
