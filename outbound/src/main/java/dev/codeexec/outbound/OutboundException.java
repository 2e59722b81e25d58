package dev.codeexec.outbound;

/** An outbound request that was refused or failed, with the reason. The message is safe to show to the client. */
public final class OutboundException extends Exception {

    /** Why the request did not return an answer. */
    public enum Reason {
        /** Not http or https, or not a valid URL. */
        SCHEME,
        /** The host is missing, not allowed, or written in an ambiguous numeric form. */
        HOST,
        /** The host resolves to an address that is not public (loopback, private, metadata, ...). */
        ADDRESS,
        /** Too many redirects, or a redirect without a usable Location. */
        REDIRECT,
        /** The body passed the size cap. */
        TOO_LARGE,
        /** Connect, read or overall deadline passed. */
        TIMEOUT,
        /** The server answered with a status other than 2xx. */
        HTTP_STATUS,
        /** The host could not be resolved or the connection failed. */
        NETWORK;

        /** True when the policy refused the target: asking again will not help. */
        public boolean isRefusal() {
            return this == SCHEME || this == HOST || this == ADDRESS;
        }
    }

    private final Reason reason;

    public OutboundException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
