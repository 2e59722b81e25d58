package dev.codeexec.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.support.InMemoryKeys;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    @Test
    void anonymousAccessOnlyWhenEnabled() {
        assertThatThrownBy(() -> new Authenticator("k", null, false, new InMemoryKeys()).authenticate(Optional.empty()))
                .isInstanceOf(Refusal.class)
                .satisfies(e -> assertThat(((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNAUTHENTICATED));
        Caller anonymous = new Authenticator("k", null, true, new InMemoryKeys()).authenticate(Optional.empty());
        assertThat(anonymous.tenant()).isEqualTo("anonymous");
        assertThat(anonymous.admin()).isFalse();
    }

    @Test
    void storedKeysAreLookedUpByHashAndTheConfiguredKeyIsAdminWithoutAnAdminKey() {
        InMemoryKeys keys = new InMemoryKeys();
        keys.insert(new KeyStorePort.StoredKey("key_1", "acme", false), ApiKeyHash.of("secret-1"));
        Authenticator authenticator = new Authenticator("configured", null, false, keys);
        assertThat(authenticator.authenticate(Optional.of("secret-1"))).isEqualTo(new Caller("acme", "key_1", false));
        assertThat(authenticator.authenticate(Optional.of("configured")).admin()).isTrue();
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("secret-2"))).isInstanceOf(Refusal.class);
    }
}
