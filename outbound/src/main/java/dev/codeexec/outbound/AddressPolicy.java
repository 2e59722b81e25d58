package dev.codeexec.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses outbound requests (URL fetches, webhooks) may connect to: public unicast
 * only. Refused: unspecified, loopback, private (RFC 1918, IPv6 ULA), link-local (which holds 169.254.169.254, the cloud metadata
 * address), CGNAT 100.64/10, multicast, broadcast, reserved and documentation ranges, and IPv6
 * forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) when that address is refused.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** True when an outbound request may connect to this address. */
    public static boolean isPublic(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return isPublicV4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return isPublicV6(v6);
        }
        return false;
    }

    private static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        if (b0 == 0 || b0 == 10 || b0 == 127) {
            return false;                                   // this network, private, loopback
        }
        if (b0 == 100 && b1 >= 64 && b1 <= 127) {
            return false;                                   // CGNAT 100.64/10
        }
        if (b0 == 169 && b1 == 254) {
            return false;                                   // link-local, cloud metadata
        }
        if (b0 == 172 && b1 >= 16 && b1 <= 31) {
            return false;                                   // private
        }
        if (b0 == 192 && (b1 == 168 || (b1 == 0 && (b2 == 0 || b2 == 2)) || (b1 == 88 && b2 == 99))) {
            return false;                                   // private, IETF protocol, TEST-NET-1, 6to4 relay
        }
        if (b0 == 198 && (b1 == 18 || b1 == 19 || (b1 == 51 && b2 == 100))) {
            return false;                                   // benchmarking, TEST-NET-2
        }
        if (b0 == 203 && b1 == 0 && b2 == 113) {
            return false;                                   // TEST-NET-3
        }
        return b0 < 224;                                    // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(Inet6Address address) {
        if (address.getScopeId() != 0 || address.getScopedInterface() != null) {
            return false;
        }
        byte[] a = address.getAddress();
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        int first = a[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return false;                                   // unique local fc00::/7 (holds fd00:ec2::254)
        }
        if (allZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return isPublicV4(slice(a, 12));                // ::ffff:a.b.c.d
        }
        if (allZero(a, 0, 12)) {
            return false;                                   // ::a.b.c.d (deprecated compatible form), ::, ::1
        }
        if (first == 0x00 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            return isPublicV4(slice(a, 12));                // NAT64 64:ff9b::/96
        }
        if (first == 0x20 && (a[1] & 0xff) == 0x02) {
            return isPublicV4(slice(a, 2));                 // 6to4 2002::/16
        }
        if (first == 0x20 && (a[1] & 0xff) == 0x01 && a[2] == 0 && a[3] == 0) {
            return false;                                   // Teredo 2001::/32
        }
        if (first == 0x20 && (a[1] & 0xff) == 0x01 && (a[2] & 0xff) == 0x0d && (a[3] & 0xff) == 0xb8) {
            return false;                                   // documentation 2001:db8::/32
        }
        return (first & 0xe0) == 0x20;                      // global unicast 2000::/3 only
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] a, int from) {
        return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
    }
}
