package dev.codeexec.api.submission;

import java.util.Optional;

/** Refuses callback URLs that point at internal addresses, before the submission is accepted. */
public interface CallbackCheckPort {

    /** Why this URL may not receive callbacks; empty when it may. */
    Optional<String> refusal(String url);

    static CallbackCheckPort allowAll() {
        return url -> Optional.empty();
    }
}
