package dev.codeexec.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The port knows no backend; only the GCS adapter knows the cloud SDK. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codeexec.storage");

    @Test
    void onlyTheGcsAdapterKnowsTheCloudSdk() {
        noClasses().that().resideOutsideOfPackage("dev.codeexec.storage.gcs..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.cloud..")
                .check(CLASSES);
    }

    @Test
    void packagesFormNoCycle() {
        // The root package holds the port and names the adapters that implement it: it is the hub, not a slice.
        slices().matching("dev.codeexec.storage.(**)").should().beFreeOfCycles().check(CLASSES);
    }
}
