package dev.codeexec.api.submission;

import dev.codeexec.api.common.Caller;
import dev.codeexec.api.common.Refusal;
import dev.codeexec.api.submission.StoredSubmission.StoredRun;
import dev.codeexec.schemas.kafka.SubmissionRules;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import dev.codeexec.schemas.v1.SourceFile;
import dev.codeexec.storage.ObjectKeys;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The original engine's endpoints: upload a file, or give a URL, and later ask for the link to the
 * program's output. The language comes from the file extension unless one is named.
 */
public final class SeedSubmissions {

    private final SubmitSubmission submit;
    private final QuerySubmissions query;
    private final LanguageCatalogue languages;
    private final SourceFetchPort fetcher;
    private final OutputLinks links;
    private final Duration linkTtl;

    public SeedSubmissions(SubmitSubmission submit, QuerySubmissions query, LanguageCatalogue languages,
            SourceFetchPort fetcher, OutputLinks links, Duration linkTtl) {
        this.submit = submit;
        this.query = query;
        this.languages = languages;
        this.fetcher = fetcher;
        this.links = links;
        this.linkTtl = linkTtl;
    }

    /** An accepted upload: the submission id and the file name it came as. */
    public record Uploaded(String id, String fileName) {
    }

    /** Where a submission stands, and the link to its output once it has one. */
    public record ExecutedUrl(String id, String status, String verdict, Optional<String> url) {
    }

    /**
     * An uploaded file. With an {@code idempotencyKey}, as for {@code POST /submissions}: a retry of
     * the same upload answers the same submission, another upload under the key is refused.
     */
    public Uploaded upload(Caller caller, String originalName, byte[] content, String language, String stdin,
            Optional<String> idempotencyKey) {
        String fileName = baseName(originalName);
        if (fileName.isEmpty()) {
            throw Refusal.invalid("sourceCode", "the uploaded file needs a name");
        }
        return submit(caller, "sourceCode", fileName, content, language, stdin, idempotencyKey);
    }

    /**
     * A source fetched from {@code url}. The key stands for what was fetched: a retry whose fetch
     * brings other content (the page changed) is refused like another body under the key.
     */
    public Uploaded fromUrl(Caller caller, String url, String language, String stdin, Optional<String> idempotencyKey) {
        if (url == null || url.isBlank()) {
            throw Refusal.invalid("url", "is required");
        }
        byte[] content = fetcher.fetch(url);
        return submit(caller, "url", fileNameOf(url), content, language, stdin, idempotencyKey);
    }

    public ExecutedUrl executedUrl(Caller caller, String id) {
        StoredSubmission s = query.findStored(caller, id).orElseThrow(() -> Refusal.notFound("no submission " + id));
        if (!s.completed()) {
            return new ExecutedUrl(s.id(), s.status(), null, Optional.empty());
        }
        Optional<StoredRun> summary = s.runs().stream().filter(StoredRun::failed).findFirst()
                .or(() -> s.runs().stream().findFirst());
        Optional<String> url = summary.flatMap(run -> run.stdoutObject() != null
                ? links.linkTo(run.stdoutObject(), linkTtl)
                : links.apiLinkTo(ObjectKeys.stdout(s.id(), run.testCase()), linkTtl));
        return new ExecutedUrl(s.id(), s.status(), s.verdict(), url);
    }

    private Uploaded submit(Caller caller, String field, String fileName, byte[] content, String language,
            String stdin, Optional<String> idempotencyKey) {
        if (content == null || content.length == 0) {
            throw Refusal.invalid(field, "the source is empty");
        }
        String languageId = language != null && !language.isBlank() ? language
                : languages.byFileName(fileName).map(Language::id).orElseThrow(() -> Refusal.invalid(field,
                        "cannot tell the language from the file name '" + fileName
                                + "'; use a known extension or send a language field"));
        Optional<String> text = utf8(content);
        Optional<Language> known = languages.find(languageId);
        SubmissionRequest request;
        if (known.isPresent() && known.get().ownsFile(fileName) && SubmissionRules.isSafeName(fileName)) {
            // keep the client's file name: Java needs it to match the public class
            SourceFile file = text.map(t -> SourceFile.utf8(fileName, t))
                    .orElseGet(() -> new SourceFile(fileName, Base64.getEncoder().encodeToString(content), "base64"));
            request = new SubmissionRequest(languageId, null, List.of(file), fileName, stdin, null, null, null, null,
                    null, null, null, null);
        } else if (text.isPresent()) {
            request = new SubmissionRequest(languageId, text.get(), null, null, stdin, null, null, null, null, null,
                    null, null, null);
        } else {
            String name = known.map(Language::sourceFile).orElse("main");
            request = new SubmissionRequest(languageId, null,
                    List.of(new SourceFile(name, Base64.getEncoder().encodeToString(content), "base64")), name, stdin,
                    null, null, null, null, null, null, null, null);
        }
        Accepted accepted = submit.submit(caller, request, idempotencyKey);
        return new Uploaded(accepted.id(), fileName);
    }

    static String baseName(String name) {
        if (name == null) {
            return "";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        return base.length() > 200 ? base.substring(base.length() - 200) : base;
    }

    static String fileNameOf(String url) {
        try {
            String path = URI.create(url.strip()).getRawPath();
            String name = path == null ? "" : baseName(URLDecoder.decode(path, StandardCharsets.UTF_8));
            return name.isEmpty() ? "source" : name;
        } catch (IllegalArgumentException e) {
            return "source";
        }
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
