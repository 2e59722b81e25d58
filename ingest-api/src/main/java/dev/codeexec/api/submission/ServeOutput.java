package dev.codeexec.api.submission;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves an output behind a signed link: the signature is the credential (no API key). Answers
 * from object storage, or, when the store has no such object, from the bytes PostgreSQL keeps in
 * the run's row: empty outputs have no object, and the object of an output kept inline is only a
 * replica the sink does not fsync, which a crash may lose.
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
        return objects.read(key).or(() -> {
            Matcher m = RUN_OUTPUT.matcher(key);
            return m.matches() ? store.inlineOutput(m.group(1), Integer.parseInt(m.group(2)), m.group(3))
                    : java.util.Optional.empty();
        }).orElseThrow(() -> Refusal.notFound("no such output"));
    }
}
