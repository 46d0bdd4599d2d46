package io.sluice.adapter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The legacy adapter stays pure: no framework runtime, no CDC engine, no broker, no I/O.
 * (Plain JUnit tests: ArchUnit's JUnit 5 engine discovers nothing on the JUnit 6 platform.)
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sluice.adapter");

    @Test
    void usesNoFrameworkEngineOrBroker() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "io.debezium..", "org.apache.kafka..", "jakarta..")
                .because("legacy-adapter is pure Java; the relay wires it into Quarkus, Debezium and Kafka")
                .check(MAIN);
    }

    @Test
    void doesNoIo() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("java.nio.file..", "java.net..", "java.sql..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .because("legacy-adapter does no I/O: callers hand in mapping text and row changes")
                .check(MAIN);
    }
}
