package io.sluice.outbox;

import org.junit.jupiter.api.Test;

import io.sluice.testkit.architecture.ServiceBoundaries;

/** This service reads Sluice's events by their published schema, never through relay or adapter classes. */
class ArchitectureTest {

    @Test
    void importsNoRelayOrAdapterClasses() {
        ServiceBoundaries.check("io.sluice.outbox");
    }
}
