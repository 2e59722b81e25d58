package dev.codeexec.api.submission;

import dev.codeexec.api.common.Refusal;

/** Fetches a program's source from a URL a client gave, safely. */
public interface SourceFetchPort {

    /** The fetched bytes; throws a {@link Refusal} (field {@code url}) when the URL is refused or fails. */
    byte[] fetch(String url);
}
