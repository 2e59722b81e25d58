package dev.codeexec.storage.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundTargetGuardTest {

    private static final Map<String, String> DNS = Map.of(
            "public.example", "93.184.215.14",
            "internal.example", "10.1.2.3",
            "metadata.example", "169.254.169.254",
            "localhost", "127.0.0.1");

    private final OutboundTargetGuard guard = new OutboundTargetGuard(List.of("Allowed.Internal"), host -> {
        String address = DNS.get(host);
        if (address == null) {
            if (host.equals("allowed.internal")) {
                return new InetAddress[] {InetAddress.getByName("10.9.9.9")};
            }
            if (host.matches("[0-9.:a-f]+")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    });

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
        assertThat(guard.check(URI.create(url)).allowed()).as(url).isEqualTo(allowed);
    }
}
