package dev.codeexec.executor.execution;

import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.schemas.kafka.SubmissionRules;
import java.util.ArrayList;
import java.util.List;

/** Compile artifacts as work-dir-relative, safe names, whatever the sandbox reported. */
final class Artifacts {

    private Artifacts() {
    }

    /**
     * Names under {@code artifactDir} stay as they are; bare names (relative to the collected
     * directory) get it as a prefix. A name that is not a safe relative path is an internal error:
     * the sandbox must never report one.
     */
    static List<BoxFile> normalize(List<BoxFile> artifacts, String artifactDir) {
        if (artifacts == null || artifacts.isEmpty()) {
            return List.of();
        }
        List<BoxFile> out = new ArrayList<>();
        for (BoxFile file : artifacts) {
            String name = file.name();
            if (artifactDir != null && !name.startsWith(artifactDir + "/")) {
                name = artifactDir + "/" + name;
            }
            if (!SubmissionRules.isSafeName(name)) {
                throw new IllegalStateException("sandbox reported an unsafe artifact name");
            }
            out.add(new BoxFile(name, file.content(), file.executable()));
        }
        return List.copyOf(out);
    }
}
