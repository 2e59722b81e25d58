package dev.codeexec.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layers: entry points -> use cases -> ports <- adapters; only adapters know their technology. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codeexec.api");

    @Test
    void useCasesKnowNoFrameworkAndNoTechnology() {
        noClasses().that().resideInAnyPackage("..api.submission..", "..api.auth..", "..api.admission..",
                "..api.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "java.sql..", "jakarta.servlet..", "..api.adapter..", "..api.web..", "com.google.cloud..")
                .check(CLASSES);
    }

    @Test
    void onlyTheHttpAdapterMakesOutboundRequests() {
        noClasses().that().resideOutsideOfPackages("..api.adapter.http..", "dev.codeexec.api")
                .should().dependOnClassesThat().resideInAnyPackage("dev.codeexec.outbound..", "org.apache.hc..")
                .check(CLASSES);
    }

    @Test
    void entryPointsUseUseCasesNotAdapters() {
        noClasses().that().resideInAPackage("..api.web..")
                .should().dependOnClassesThat().resideInAnyPackage("..api.adapter..", "org.apache.kafka..", "java.sql..",
                        "org.springframework.jdbc..")
                .check(CLASSES);
    }

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("dev.codeexec.api.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
