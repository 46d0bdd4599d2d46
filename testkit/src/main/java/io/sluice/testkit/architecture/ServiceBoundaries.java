package io.sluice.testkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The rule every modern service keeps: it reads events from their published schema, never through the relay's or the
 * legacy adapter's classes. Each service's {@code ArchitectureTest} checks its own main classes with it.
 */
public final class ServiceBoundaries {

    private ServiceBoundaries() {
    }

    /** @param servicePackage the service's root package, e.g. {@code io.sluice.orderhistory} */
    public static void check(String servicePackage) {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.sluice.relay..", "io.sluice.adapter..")
                .because("services know Sluice's events by their published schema only, not by the relay's or adapter's classes")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(servicePackage));
    }
}
