package dev.codeexec.executor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the hexagon honest: only adapters know their technology. */
class ArchitectureTest {

    static final JavaClasses EXECUTOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codeexec.executor");

    @Test
    void onlyTheDockerAdapterKnowsDockerJava() {
        noClasses().that().resideOutsideOfPackage("dev.codeexec.executor.docker..")
                .should().dependOnClassesThat().resideInAPackage("com.github.dockerjava..")
                .check(EXECUTOR);
    }

    @Test
    void theUseCaseAndThePortKnowNeitherSpringNorKafkaNorDocker() {
        noClasses().that().resideInAnyPackage("dev.codeexec.executor.execution..", "dev.codeexec.executor.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                        "com.github.dockerjava..", "io.micrometer..", "dev.codeexec.executor.docker..",
                        "dev.codeexec.executor.transport..", "dev.codeexec.executor.config..")
                .check(EXECUTOR);
    }

    @Test
    void theSandboxPortDependsOnNothingElseOfTheExecutor() {
        noClasses().that().resideInAPackage("dev.codeexec.executor.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.codeexec.executor.execution..",
                        "dev.codeexec.executor.cache..", "dev.codeexec.executor.health..")
                .check(EXECUTOR);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.codeexec.executor.(**)").should().beFreeOfCycles().check(EXECUTOR);
    }
}
