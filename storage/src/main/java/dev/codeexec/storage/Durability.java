package dev.codeexec.storage;

/**
 * What a caller needs of a write when {@link ObjectStorePort#put(String, byte[], String, Durability)}
 * returns.
 */
public enum Durability {

    /** The object survives a crash of the machine: it is the durable copy of these bytes. */
    DURABLE,

    /**
     * The object is a copy of bytes the caller keeps durable elsewhere (for example in a
     * database row committed afterwards). It is complete and atomically in place when the write
     * returns, and readers see it, but a crash of the machine may lose it; readers must then fall
     * back to the durable copy. Stores that cannot tell the two apart treat it as {@link #DURABLE}.
     */
    REPLICA
}
