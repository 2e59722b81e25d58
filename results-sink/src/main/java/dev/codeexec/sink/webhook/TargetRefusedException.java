package dev.codeexec.sink.webhook;

import java.io.IOException;

/** The outbound policy refused the target (scheme, host form, non-public address): nothing was sent. */
public final class TargetRefusedException extends IOException {

    public TargetRefusedException(String message) {
        super(message);
    }
}
