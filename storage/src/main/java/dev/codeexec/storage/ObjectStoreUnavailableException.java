package dev.codeexec.storage;

/** The object store could not be reached or could not complete a call: retry later. */
public class ObjectStoreUnavailableException extends RuntimeException {

    public ObjectStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
