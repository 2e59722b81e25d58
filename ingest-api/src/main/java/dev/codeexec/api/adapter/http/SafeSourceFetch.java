package dev.codeexec.api.adapter.http;

import dev.codeexec.api.fetch.FetchException;
import dev.codeexec.api.fetch.SafeUrlFetcher;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SourceFetchPort;
import dev.codeexec.schemas.json.FieldError;
import java.util.List;

/** Fetches sources with the SSRF-safe fetcher; a refused or failed fetch is a 422 naming {@code url}. */
public final class SafeSourceFetch implements SourceFetchPort {

    private final SafeUrlFetcher fetcher;

    public SafeSourceFetch(SafeUrlFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public byte[] fetch(String url) {
        try {
            return fetcher.fetch(url).body();
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.SCHEME) {
                throw Refusal.invalid("url", e.getMessage());
            }
            throw Refusal.unprocessable(List.of(new FieldError("url",
                    "refused or failed (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage())));
        }
    }
}
