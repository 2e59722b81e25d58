package dev.codeexec.api.submission;

import dev.codeexec.api.common.Refusal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves an output behind a signed link: the signature is the credential (no API key). An output
 * whose bytes PostgreSQL keeps in the run's row (up to the sink's {@code inline-output-kb}, and
 * every empty output) is served from the row: that is its durable record, while its object is a
 * replica the sink does not fsync, which a machine crash may lose or leave short. A larger output
 * lives only in object storage and is served from there, as is any other key.
 */
public final class ServeOutput {

    private static final Pattern RUN_OUTPUT = Pattern.compile("submissions/([A-Za-z0-9._-]+)/runs/([0-9]{1,6})/(stdout|stderr)");

    private final OutputObjectsPort objects;
    private final SubmissionStorePort store;

    public ServeOutput(OutputObjectsPort objects, SubmissionStorePort store) {
        this.objects = objects;
        this.store = store;
    }

    public byte[] serve(String key, String expires, String signature) {
        switch (objects.verify(key, expires, signature)) {
            case VALID -> { }
            case EXPIRED -> throw new Refusal(Refusal.Kind.FORBIDDEN, "this link has expired; ask for a new one",
                    List.of(), 0);
            default -> throw new Refusal(Refusal.Kind.FORBIDDEN, "this link is not valid", List.of(), 0);
        }
        Matcher m = RUN_OUTPUT.matcher(key);
        Optional<byte[]> inRow = m.matches()
                ? store.inlineOutput(m.group(1), Integer.parseInt(m.group(2)), m.group(3)) : Optional.empty();
        return inRow.or(() -> objects.read(key)).orElseThrow(() -> Refusal.notFound("no such output"));
    }
}
