package dev.codeexec.api.auth;

/**
 * Who is calling: the tenant whose submissions they see, the id of the key they used (never the
 * key itself), and whether that key may manage keys.
 */
public record Caller(String tenant, String keyId, boolean admin) {

    public static final String ANONYMOUS_TENANT = "anonymous";

    public static Caller anonymous() {
        return new Caller(ANONYMOUS_TENANT, "anonymous", false);
    }
}
