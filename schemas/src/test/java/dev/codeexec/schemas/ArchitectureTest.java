package dev.codeexec.schemas;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts stay plain Java that any producer or consumer can depend on alone. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codeexec.schemas");

    @Test
    void theContractsKnowNoFrameworkAndNoOtherModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..",
                        "dev.codeexec.storage..", "dev.codeexec.api..", "dev.codeexec.executor..", "dev.codeexec.sink..",
                        "dev.codeexec.launcher..")
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.codeexec.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
