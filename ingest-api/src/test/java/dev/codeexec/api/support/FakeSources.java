package dev.codeexec.api.support;

import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.SourceFetchPort;
import dev.codeexec.schemas.json.FieldError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** URLs and what they serve; any other URL is refused as the safe fetcher would refuse it. */
public final class FakeSources implements SourceFetchPort {

    public final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    @Override
    public byte[] fetch(String url) {
        byte[] page = pages.get(url);
        if (page == null) {
            throw Refusal.unprocessable(List.of(new FieldError("url", "refused or failed (address): not public")));
        }
        return page;
    }
}
