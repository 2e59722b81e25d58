package dev.codeexec.api.common;

import java.util.List;

/**
 * Who is calling: the tenant whose submissions they see, the id of the key they used (never the
 * key itself), and whether that key may manage keys and read operational endpoints.
 */
public record Caller(String tenant, String keyId, boolean admin) {

    public static final String ANONYMOUS_TENANT = "anonymous";

    public static Caller anonymous() {
        return new Caller(ANONYMOUS_TENANT, "anonymous", false);
    }

    /** Refuses (403) a caller whose key is not an admin key. */
    public void requireAdmin() {
        if (!admin) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "this needs an admin key", List.of(), 0);
        }
    }
}
