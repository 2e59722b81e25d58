package dev.codeexec.schemas.languages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One language: how to compile (optional) and run a program. Argv entries are templates (see
 * {@code languages.yml}); they are expanded into argv arrays, never into shell text.
 */
public record Language(
        String id,
        String name,
        String version,
        String image,
        String sourceFile,
        List<String> extensions,
        List<String> compile,
        List<String> run,
        String artifactDir) {

    public Language {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        compile = compile == null ? List.of() : List.copyOf(compile);
        run = run == null ? List.of() : List.copyOf(run);
    }

    public boolean compiled() {
        return !compile.isEmpty();
    }

    /** True when a file name ends in one of this language's extensions. */
    public boolean ownsFile(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && extensions.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The compile argv for these files, placeholders expanded. */
    public List<String> compileArgv(String entrypoint, List<String> fileNames) {
        return expand(compile, entrypoint, fileNames, List.of());
    }

    /** The run argv, placeholders expanded and the program's args appended literally. */
    public List<String> runArgv(String entrypoint, List<String> fileNames, List<String> args) {
        return expand(run, entrypoint, fileNames, args);
    }

    private List<String> expand(List<String> template, String entrypoint, List<String> fileNames, List<String> args) {
        String base = entrypoint.substring(entrypoint.lastIndexOf('/') + 1);
        if (base.lastIndexOf('.') > 0) {
            base = base.substring(0, base.lastIndexOf('.'));
        }
        List<String> argv = new ArrayList<>();
        for (String part : template) {
            if (part.equals("{sources}")) {
                fileNames.stream().filter(this::ownsFile).filter(f -> !isHeader(f)).sorted().forEach(argv::add);
            } else {
                argv.add(part.replace("{entrypoint}", entrypoint).replace("{entrypointBase}", base));
            }
        }
        argv.addAll(args);
        return List.copyOf(argv);
    }

    private static boolean isHeader(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".h") || lower.endsWith(".hpp");
    }
}
