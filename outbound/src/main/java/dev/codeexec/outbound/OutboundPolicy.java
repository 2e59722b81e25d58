package dev.codeexec.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Decides whether a user-supplied URL may be requested: {@code http} or {@code https}, no user
 * info, a host in a strict form ({@link HostForm}), and either an allow-listed host (exact name,
 * case-insensitive) or a host whose every address is public ({@link AddressPolicy}). The host is
 * resolved here, once; {@link OutboundClient} connects only to the addresses this check returned.
 */
public final class OutboundPolicy {

    /** Resolves a host name to its addresses (replaceable in tests). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that passed every check, and the addresses of its host: the only ones a request to it may reach. */
    public record Target(URI uri, String host, List<InetAddress> addresses) {
        public Target {
            addresses = List.copyOf(addresses);
        }

        /** True when {@code name} (as an HTTP client spells the host) is this target's host. */
        boolean isHost(String name) {
            String bare = bare(name).toLowerCase(Locale.ROOT);
            return bare.equals(host) || addresses.stream().anyMatch(a -> a.getHostAddress().equalsIgnoreCase(bare));
        }
    }

    private final Set<String> allowedHosts;
    private final boolean onlyAllowedHosts;
    private final Resolver resolver;
    private final Predicate<InetAddress> addressAllowed;

    /**
     * @param allowedHosts     hosts requested wherever they resolve
     * @param onlyAllowedHosts true: no other host is requested; false: other hosts are requested when every address is public
     * @param resolver         the name lookup
     * @param addressAllowed   the address rule ({@link AddressPolicy#isPublic} outside tests)
     */
    public OutboundPolicy(Collection<String> allowedHosts, boolean onlyAllowedHosts, Resolver resolver,
            Predicate<InetAddress> addressAllowed) {
        this.allowedHosts = allowedHosts.stream().map(h -> bare(h).toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.onlyAllowedHosts = onlyAllowedHosts;
        this.resolver = resolver;
        this.addressAllowed = addressAllowed;
    }

    /** Public addresses only, plus {@code alsoAllowed} hosts wherever they resolve (webhook targets). */
    public static OutboundPolicy publicOr(Collection<String> alsoAllowed) {
        return new OutboundPolicy(alsoAllowed, false, InetAddress::getAllByName, AddressPolicy::isPublic);
    }

    /** Public addresses only when {@code allowList} is empty; otherwise those hosts and no other (source fetches). */
    public static OutboundPolicy allowListOrPublic(Collection<String> allowList) {
        return new OutboundPolicy(allowList, !allowList.isEmpty(), InetAddress::getAllByName, AddressPolicy::isPublic);
    }

    /** Checks a URL and resolves its host once; throws with the reason when it may not be requested. */
    public Target check(String url) throws OutboundException {
        return check(parse(url));
    }

    public Target check(URI uri) throws OutboundException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundException(OutboundException.Reason.SCHEME, "only http and https URLs are requested");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundException(OutboundException.Reason.HOST, "URLs with user info are not requested");
        }
        String rawHost = uri.getHost();
        if (rawHost == null) {
            // java.net.URI leaves the host empty for forms it cannot parse (e.g. "0x7f.1" with port)
            rawHost = uri.getRawAuthority() == null ? null : uri.getRawAuthority().replaceFirst(":[0-9]*$", "");
        }
        Optional<InetAddress> literal = HostForm.literal(rawHost);
        String host = bare(rawHost).toLowerCase(Locale.ROOT);
        boolean allowListed = allowedHosts.contains(host);
        if (onlyAllowedHosts && !allowListed) {
            throw new OutboundException(OutboundException.Reason.HOST, "host '" + rawHost + "' is not in the allow-list");
        }
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : resolve(host);
        if (!allowListed) {
            for (InetAddress address : addresses) {
                if (!addressAllowed.test(address)) {
                    throw new OutboundException(OutboundException.Reason.ADDRESS, "host '" + rawHost
                            + "' resolves to a non-public address (" + address.getHostAddress() + ")");
                }
            }
        }
        return new Target(uri, host, addresses);
    }

    static URI parse(String url) throws OutboundException {
        try {
            return new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new OutboundException(OutboundException.Reason.SCHEME, "not a valid URL");
        }
    }

    private List<InetAddress> resolve(String host) throws OutboundException {
        try {
            InetAddress[] all = resolver.resolve(host);
            if (all == null || all.length == 0) {
                throw new OutboundException(OutboundException.Reason.NETWORK, "host '" + host + "' has no address");
            }
            return List.of(all);
        } catch (UnknownHostException e) {
            throw new OutboundException(OutboundException.Reason.NETWORK, "host '" + host + "' cannot be resolved");
        }
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
