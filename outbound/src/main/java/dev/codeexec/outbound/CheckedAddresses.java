package dev.codeexec.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only name lookup: it answers with the addresses {@link OutboundPolicy} checked
 * for the request running on this thread, and refuses any other host. Nothing is resolved a second
 * time, so a DNS answer that changes after the check (rebinding) is never connected to.
 */
final class CheckedAddresses implements DnsResolver {

    /** Ends the pin of one request. */
    interface Pin extends AutoCloseable {
        @Override
        void close();
    }

    private final ThreadLocal<OutboundPolicy.Target> pinned = new ThreadLocal<>();

    /** The classic client connects on the calling thread: pin the checked target for the request made now. */
    Pin pin(OutboundPolicy.Target target) {
        pinned.set(target);
        return pinned::remove;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        OutboundPolicy.Target target = pinned.get();
        if (target == null || !target.isHost(host)) {
            throw new UnknownHostException(host + " was not checked by the outbound policy");
        }
        return target.addresses().toArray(new InetAddress[0]);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;   // never a reverse lookup
    }
}
