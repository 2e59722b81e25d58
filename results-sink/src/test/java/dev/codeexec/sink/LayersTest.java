package dev.codeexec.sink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Use cases see ports only: no Spring, Kafka, JDBC or cloud SDK, and no adapter of this module. */
@AnalyzeClasses(packages = "dev.codeexec.sink", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    @ArchTest
    static final ArchRule useCasesKnowNoTechnology = noClasses()
            .that().resideInAnyPackage("..sink.persist..", "..sink.retention..", "..sink.reaper..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "com.google..", "..sink.jdbc..", "..sink.kafka..", "..sink.config..",
                    "..storage.local..", "..storage.gcs..");

    @ArchTest
    static final ArchRule webhookDeliveryKnowsNoDatabaseOrKafka = noClasses()
            .that().resideInAPackage("..sink.webhook..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "..sink.jdbc..");

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching("dev.codeexec.sink.(**)").should().beFreeOfCycles();
}
