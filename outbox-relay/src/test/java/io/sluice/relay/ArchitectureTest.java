package io.sluice.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.sluice.relay.capture.ChangeRecordConverter;

/**
 * The relay's boundaries. (Plain JUnit tests: ArchUnit's JUnit 5 engine discovers nothing on the JUnit 6 platform.)
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.sluice.relay");

    @Test
    void onlyTheConverterReadsDebeziumsRecordShape() {
        noClasses().that().haveNameNotMatching(Pattern.quote(ChangeRecordConverter.class.getName()) + "(\\$.*)?") // and its switch maps
                // Connect's offset key/value format (positions written in the batch's transaction) is Connect's storage
                // format, not a change record: its JSON converter hands back SchemaAndValue
                .and().doNotHaveFullyQualifiedName("io.sluice.relay.position.ConnectOffsetFormat")
                .should().dependOnClassesThat().resideInAnyPackage("io.debezium.data..", "io.debezium.time..",
                        "io.debezium.pipeline.txmetadata..", "io.debezium.pipeline.notification..", "org.apache.kafka.connect.data..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.debezium.connector.AbstractSourceInfo")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.debezium.connector.postgresql.SourceInfo")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.debezium.connector.binlog.BinlogSourceInfo")
                .because("ChangeRecordConverter is the one class that turns Debezium's records into RowChange")
                .check(MAIN);
    }

    @Test
    void importsNoServiceOrTestCode() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.sluice.consumer..", "io.sluice.outbox..", "io.sluice.orderhistory..", "io.sluice.fulfillment..",
                        "io.sluice.testkit..")
                .because("the relay serves any consumer; the modern services are examples built on its events, not its parts")
                .check(MAIN);
    }
}
