package dev.codeexec.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codeexec.schemas.languages.Language;
import dev.codeexec.schemas.languages.LanguageCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageCatalogueTest {

    private final LanguageCatalogue catalogue = LanguageCatalogue.builtIn();

    @Test
    void theEightLanguagesAreDefined() {
        assertThat(catalogue.all()).extracting(Language::id)
                .containsExactly("c", "cpp", "java", "python", "javascript", "bash", "go", "rust");
    }

    @Test
    void argvTemplatesExpandToLiteralArgv() {
        Language cpp = catalogue.find("cpp").orElseThrow();
        assertThat(cpp.compileArgv("main.cpp", List.of("util.h", "main.cpp", "b.cpp")))
                .containsExactly("g++", "-std=c++17", "-O2", "-pipe", "-o", "build/main", "b.cpp", "main.cpp");
        assertThat(cpp.runArgv("main.cpp", List.of("main.cpp"), List.of("a;b", "$(rm -rf /)")))
                .containsExactly("build/main", "a;b", "$(rm -rf /)");
        Language java = catalogue.find("java").orElseThrow();
        assertThat(java.runArgv("Main.java", List.of("Main.java"), List.of())).endsWith("build", "Main");
    }

    @Test
    void compilerOptionsAreLiteralArgvEntriesAtTheEndOrWhereTheTemplateSays() {
        List<String> options = List.of("-DG=\"a;b $(x) `y`\"", "{sources}", "two\nlines");
        Language cpp = catalogue.find("cpp").orElseThrow();
        assertThat(cpp.compileArgv("main.cpp", List.of("main.cpp"), options))
                .containsExactly("g++", "-std=c++17", "-O2", "-pipe", "-o", "build/main", "main.cpp",
                        "-DG=\"a;b $(x) `y`\"", "{sources}", "two\nlines");
        Language go = catalogue.find("go").orElseThrow();
        assertThat(go.compileArgv("main.go", List.of("main.go"), List.of("-trimpath")))
                .as("go build reads no option after the first file")
                .containsExactly("go", "build", "-trimpath", "-o", "build/main", "main.go");
        assertThat(go.compileArgv("main.go", List.of("main.go")))
                .containsExactly("go", "build", "-o", "build/main", "main.go");
    }

    @Test
    void uploadsFindTheirLanguageByExtension() {
        assertThat(catalogue.byFileName("x.cc")).map(Language::id).contains("cpp");
        assertThat(catalogue.byFileName("x.py")).map(Language::id).contains("python");
        assertThat(catalogue.byFileName("x.sh")).map(Language::id).contains("bash");
        assertThat(catalogue.byFileName("x.txt")).isEmpty();
    }
}
