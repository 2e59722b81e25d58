package dev.codeexec.api.submission;

import dev.codeexec.api.submission.StoredSubmission.StoredRun;
import dev.codeexec.api.submission.SubmissionView.RunView;
import dev.codeexec.schemas.json.Json;
import dev.codeexec.schemas.v1.Output;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Turns stored rows into what clients see. */
final class SubmissionViews {

    private final OutputLinks links;
    private final Duration linkTtl;

    SubmissionViews(OutputLinks links, Duration linkTtl) {
        this.links = links;
        this.linkTtl = linkTtl;
    }

    SubmissionView view(StoredSubmission s) {
        JsonNode metadata = parse(s.metadataJson());
        if (!s.completed()) {
            return new SubmissionView(s.id(), s.status(), s.language(), s.createdAt(), null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    metadata, null);
        }
        List<RunView> runs = s.runs().stream().map(this::run).toList();
        StoredRun summary = s.runs().stream().filter(StoredRun::failed).findFirst()
                .orElse(s.runs().isEmpty() ? null : s.runs().get(0));
        Output out = summary == null ? null : Output.of(bytes(summary.stdout()), summary.stdoutTruncated());
        Output err = summary == null ? null : Output.of(bytes(summary.stderr()), summary.stderrTruncated());
        RunView summaryView = summary == null ? null : run(summary);
        return new SubmissionView(s.id(), s.status(), s.language(), s.createdAt(), s.finishedAt(),
                s.verdict(), s.verdictDetail(),
                out == null ? null : out.data(), out == null ? null : out.encoding(),
                out == null ? null : out.truncated(),
                err == null ? null : err.data(), err == null ? null : err.encoding(),
                err == null ? null : err.truncated(),
                summary == null ? s.exitCode() : summary.exitCode(),
                summary == null ? s.signal() : summary.signal(),
                summary == null ? s.timeLimit() : summary.timeLimit(),
                summary == null ? s.cpuTimeMs() : Long.valueOf(summary.cpuTimeMs()),
                summary == null ? s.wallTimeMs() : Long.valueOf(summary.wallTimeMs()),
                summary == null ? s.memoryKb() : Long.valueOf(summary.memoryKb()),
                parse(s.compileJson()), runs, metadata,
                summaryView == null ? null : summaryView.links());
    }

    private RunView run(StoredRun r) {
        Output out = Output.of(bytes(r.stdout()), r.stdoutTruncated());
        Output err = Output.of(bytes(r.stderr()), r.stderrTruncated());
        Map<String, String> runLinks = new LinkedHashMap<>();
        if (r.stdoutObject() != null) {
            links.linkTo(r.stdoutObject(), linkTtl).ifPresent(url -> runLinks.put("stdout", url));
        }
        if (r.stderrObject() != null) {
            links.linkTo(r.stderrObject(), linkTtl).ifPresent(url -> runLinks.put("stderr", url));
        }
        return new RunView(r.testCase(), r.verdict(), r.verdictDetail(), r.exitCode(), r.signal(),
                r.timeLimit(), r.cpuTimeMs(), r.wallTimeMs(), r.memoryKb(),
                out.data(), out.encoding(), out.truncated(), r.stdoutSize(),
                err.data(), err.encoding(), err.truncated(), r.stderrSize(),
                runLinks.isEmpty() ? null : Map.copyOf(runLinks));
    }

    private static byte[] bytes(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(json);
        } catch (JacksonException e) {
            return null;
        }
    }
}
