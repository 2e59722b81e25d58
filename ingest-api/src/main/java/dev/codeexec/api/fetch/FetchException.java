package dev.codeexec.api.fetch;

/** A fetch that was refused or failed, with the reason. The message is safe to show to the client. */
public final class FetchException extends Exception {

    /** Why the fetch did not return a body. */
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
        NETWORK
    }

    private final Reason reason;

    public FetchException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
