package dev.codeexec.storage.links;

/** What checking a signed link found. Anything but {@link #VALID} must be answered with 403. */
public enum LinkCheck {
    VALID,
    /** The signature is right but the link's time has passed. */
    EXPIRED,
    /** The signature does not match the key and expiry (tampered, or signed with another secret). */
    INVALID
}
