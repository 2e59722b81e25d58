package dev.codeexec.storage.net;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a user-supplied URL may be requested: {@code http} or {@code https}, no user
 * info, and a host that is allow-listed (exact name, case-insensitive) or whose every address is
 * public ({@link AddressPolicy}). The check resolves the name itself; the HTTP client resolves it
 * again when it connects, so a DNS answer that changes in between (rebinding) is not covered.
 */
public final class OutboundTargetGuard {

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Whether a target may be requested and, when not, why (empty reason when allowed). */
    public record Verdict(boolean allowed, String reason) {
        static Verdict allow() {
            return new Verdict(true, "");
        }

        static Verdict refuse(String reason) {
            return new Verdict(false, reason);
        }
    }

    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public OutboundTargetGuard(Collection<String> allowedHosts, Resolver resolver) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public OutboundTargetGuard(Collection<String> allowedHosts) {
        this(allowedHosts, InetAddress::getAllByName);
    }

    public Verdict check(URI target) {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Verdict.refuse("only http and https targets are allowed");
        }
        if (target.getRawUserInfo() != null) {
            return Verdict.refuse("targets with user info are not allowed");
        }
        String host = target.getHost();
        if (host == null || host.isEmpty()) {
            return Verdict.refuse("the target has no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowedHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return Verdict.allow();
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Verdict.refuse("the host does not resolve");
        }
        if (addresses.length == 0) {
            return Verdict.refuse("the host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!AddressPolicy.isPublic(address)) {
                return Verdict.refuse("the host resolves to a non-public address " + address.getHostAddress());
            }
        }
        return Verdict.allow();
    }
}
