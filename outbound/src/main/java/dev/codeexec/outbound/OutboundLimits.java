package dev.codeexec.outbound;

import java.time.Duration;

/**
 * Limits of one outbound request: the body cap, the connect and read timeouts, the deadline of the
 * whole request (redirects included) and how many redirects are followed (0: none).
 */
public record OutboundLimits(long maxBytes, Duration connectTimeout, Duration readTimeout, Duration deadline,
        int maxRedirects) {

    public OutboundLimits {
        if (maxBytes < 0 || maxRedirects < 0) {
            throw new IllegalArgumentException("maxBytes and maxRedirects must not be negative");
        }
    }
}
