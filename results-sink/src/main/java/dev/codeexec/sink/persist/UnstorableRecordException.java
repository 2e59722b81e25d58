package dev.codeexec.sink.persist;

/**
 * The database refused a record's own data for good (text it cannot hold, a violated constraint,
 * a value out of range): storing the same record again fails the same way. Store adapters throw
 * it instead of the technology's exception; any other exception means a dependency is down and
 * the same write may succeed later.
 */
public final class UnstorableRecordException extends RuntimeException {

    public UnstorableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
