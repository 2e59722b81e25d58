package dev.codeexec.executor.sandbox;

/**
 * The box refused files of the submission (a name that is not a plain relative path, a file that
 * does not fit the work dir): a property of the request. Thrown by {@link Box#putFiles} or, for
 * what only the box can tell, by the next {@link Box#run}, once that step is over.
 */
public class FilesRefusedException extends IllegalArgumentException {

    public FilesRefusedException(String message) {
        super(message);
    }
}
