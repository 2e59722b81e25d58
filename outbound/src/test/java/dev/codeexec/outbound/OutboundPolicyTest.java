package dev.codeexec.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook form of the policy: public addresses, plus allow-listed hosts wherever they resolve. */
class OutboundPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "public.example", "93.184.215.14",
            "internal.example", "10.1.2.3",
            "metadata.example", "169.254.169.254",
            "localhost", "127.0.0.1",
            "allowed.internal", "10.9.9.9");

    private final OutboundPolicy policy = new OutboundPolicy(List.of("Allowed.Internal"), false, host -> {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }, AddressPolicy::isPublic);

    @ParameterizedTest
    @CsvSource({
            "https://public.example/hook, true",
            "http://93.184.215.14:8080/hook, true",
            "https://internal.example/hook, false",
            "http://metadata.example/latest/meta-data, false",
            "http://169.254.169.254/latest, false",
            "http://localhost:8080/hook, false",
            "http://127.0.0.1/hook, false",
            "http://[::1]/hook, false",
            "http://[::ffff:10.0.0.1]/hook, false",
            "http://192.168.1.10/hook, false",
            "http://allowed.internal/hook, true",
            "ftp://public.example/hook, false",
            "https://user:pw@public.example/hook, false",
            "https://nowhere.example/hook, false"})
    void onlyPublicOrAllowListedTargetsPass(String url, boolean allowed) {
        assertThat(passes(url)).as(url).isEqualTo(allowed);
    }

    private boolean passes(String url) {
        try {
            policy.check(url);
            return true;
        } catch (OutboundException refused) {
            return false;
        }
    }
}
