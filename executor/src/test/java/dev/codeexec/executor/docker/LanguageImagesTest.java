package dev.codeexec.executor.docker;

import static dev.codeexec.executor.docker.SandboxTestSupport.describe;
import static dev.codeexec.executor.docker.SandboxTestSupport.source;
import static dev.codeexec.executor.docker.SandboxTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.executor.sandbox.Box;
import dev.codeexec.executor.sandbox.BoxFile;
import dev.codeexec.executor.sandbox.BoxSpec;
import dev.codeexec.executor.sandbox.Step;
import dev.codeexec.executor.sandbox.StepOutcome;
import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every language of languages.yml, with its own image and argv templates, compiles (in one box) and
 * runs (in a second box, from the artifacts, as the executor does) a program reading stdin.
 */
class LanguageImagesTest {

    private static final Map<String, String> HELLO = Map.of(
            "c", "#include <stdio.h>\nint main(void){char s[64]; if (scanf(\"%63s\", s) != 1) return 1; printf(\"hello %s\\n\", s); return 0;}\n",
            "cpp", "#include <iostream>\nint main(){std::string s;std::cin>>s;std::cout<<\"hello \"<<s<<\"\\n\";}\n",
            "java", "import java.util.Scanner;\npublic class Main { public static void main(String[] a) {"
                    + " System.out.println(\"hello \" + new Scanner(System.in).next()); } }\n",
            "python", "print('hello', input())\n",
            "javascript", "const s = require('fs').readFileSync(0, 'utf8').trim();\nconsole.log('hello ' + s);\n",
            "bash", "read -r s\necho \"hello $s\"\n",
            "go", "package main\nimport \"fmt\"\nfunc main() { var s string; fmt.Scan(&s); fmt.Println(\"hello \" + s) }\n",
            "rust", "use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap();"
                    + " println!(\"hello {}\", s.trim()); }\n");

    private static DockerSandbox sandbox;

    @BeforeAll
    static void engine() {
        sandbox = new DockerSandbox(SandboxTestSupport.settings());
        SandboxTestSupport.requireImages(sandbox,
                LanguageCatalogue.builtIn().all().stream().map(Language::image).toArray(String[]::new));
    }

    @AfterAll
    static void shutdown() {
        sandbox.close();
    }

    static Stream<Language> languages() {
        return LanguageCatalogue.builtIn().all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void compilesAndRunsHelloFromStdin(Language language) {
        assertThat(HELLO).as("a hello program for every language").containsKey(language.id());
        List<BoxFile> program = new ArrayList<>(List.of(source(language.sourceFile(), HELLO.get(language.id()))));
        List<String> files = List.of(language.sourceFile());
        if (language.compiled()) {
            try (Box box = sandbox.open(new BoxSpec(language.image(), 1024, 64, 128))) {
                box.putFiles(program);
                StepOutcome compiled = box.run(new Step(language.compileArgv(language.sourceFile(), files), new byte[0],
                        30_000, 60_000, 1 << 20, 64 << 20, Optional.ofNullable(language.artifactDir())));
                assertThat(compiled.exitCode()).as(describe(compiled)).contains(0);
                assertThat(compiled.artifacts()).isNotEmpty();
                System.out.printf("%-11s compile cpu %5d ms wall %5d ms peak %7d kB%n", language.id(),
                        compiled.cpuTimeMs(), compiled.wallTimeMs(), compiled.memoryKb());
                program = compiled.artifacts();
            }
        }
        try (Box box = sandbox.open(new BoxSpec(language.image(), 256, 64, 32))) {
            box.putFiles(program);
            StepOutcome run = box.run(new Step(language.runArgv(language.sourceFile(), files, List.of()),
                    "world\n".getBytes(StandardCharsets.UTF_8), 5_000, 10_000, 1 << 16, 1 << 20, Optional.empty()));
            System.out.printf("%-11s run     cpu %5d ms wall %5d ms peak %7d kB%n", language.id(),
                    run.cpuTimeMs(), run.wallTimeMs(), run.memoryKb());
            assertThat(run.exitCode()).as(describe(run)).contains(0);
            assertThat(text(run.stdout())).isEqualTo("hello world\n");
        }
    }
}
