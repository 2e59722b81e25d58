package dev.codeexec.outbound;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Outbound HTTP is plain Java over Apache HttpClient: no Spring, no other codeexec module. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codeexec.outbound");

    @Test
    void dependsOnlyOnTheJdkAndHttpClient() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.codeexec.outbound..", "java..", "javax..",
                        "org.apache.hc..")
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.codeexec.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
