package dev.codeexec.schemas.languages;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /** The compile-template entry that stands for the user's compiler options. */
    public static final String COMPILER_OPTIONS = "{compilerOptions}";

    public Language {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        compile = compile == null ? List.of() : List.copyOf(compile);
        run = run == null ? List.of() : List.copyOf(run);
    }

    public boolean compiled() {
        return !compile.isEmpty();
    }

    /** Why this language refuses {@code compilerOptions}, if it does: options need a compile step. */
    public Optional<String> compilerOptionsRefusal(List<String> compilerOptions) {
        return compilerOptions.isEmpty() || compiled() ? Optional.empty()
                : Optional.of(id + " has no compile step, so it takes no compiler options");
    }

    /** True when a file name ends in one of this language's extensions. */
    public boolean ownsFile(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot >= 0 && extensions.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The compile argv for these files, placeholders expanded, no compiler options. */
    public List<String> compileArgv(String entrypoint, List<String> fileNames) {
        return compileArgv(entrypoint, fileNames, List.of());
    }

    /**
     * The compile argv for these files with the user's compiler options, one argv entry each,
     * literally: where the template says {@value #COMPILER_OPTIONS} (a compiler that stops reading
     * options at the first file, like {@code go build}), otherwise at the end.
     */
    public List<String> compileArgv(String entrypoint, List<String> fileNames, List<String> compilerOptions) {
        return compile.contains(COMPILER_OPTIONS)
                ? expand(compile, entrypoint, fileNames, compilerOptions, List.of())
                : expand(compile, entrypoint, fileNames, List.of(), compilerOptions);
    }

    /** The run argv, placeholders expanded and the program's args appended literally. */
    public List<String> runArgv(String entrypoint, List<String> fileNames, List<String> args) {
        return expand(run, entrypoint, fileNames, List.of(), args);
    }

    private List<String> expand(List<String> template, String entrypoint, List<String> fileNames,
            List<String> options, List<String> appended) {
        String base = entrypoint.substring(entrypoint.lastIndexOf('/') + 1);
        if (base.lastIndexOf('.') > 0) {
            base = base.substring(0, base.lastIndexOf('.'));
        }
        List<String> argv = new ArrayList<>();
        for (String part : template) {
            if (part.equals("{sources}")) {
                fileNames.stream().filter(this::ownsFile).filter(f -> !isHeader(f)).sorted().forEach(argv::add);
            } else if (part.equals(COMPILER_OPTIONS)) {
                argv.addAll(options);
            } else {
                argv.add(part.replace("{entrypoint}", entrypoint).replace("{entrypointBase}", base));
            }
        }
        argv.addAll(appended);
        return List.copyOf(argv);
    }

    private static boolean isHeader(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".h") || lower.endsWith(".hpp");
    }
}
