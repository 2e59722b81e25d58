package dev.codeexec.api.adapter.http;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SourceFetchPort;
import dev.codeexec.outbound.OutboundClient;
import dev.codeexec.outbound.OutboundException;
import dev.codeexec.schemas.json.FieldError;
import java.util.List;

/** Fetches sources with the SSRF-safe outbound client; a refused or failed fetch is a 422 naming {@code url}. */
public final class SafeSourceFetch implements SourceFetchPort {

    private final OutboundClient fetcher;

    public SafeSourceFetch(OutboundClient fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public byte[] fetch(String url) {
        try {
            return fetcher.get(url).body();
        } catch (OutboundException e) {
            if (e.reason() == OutboundException.Reason.SCHEME) {
                throw Refusal.invalid("url", e.getMessage());
            }
            throw Refusal.unprocessable(List.of(new FieldError("url",
                    "refused or failed (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + "): " + e.getMessage())));
        }
    }
}
