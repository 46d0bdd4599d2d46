package io.sluice.orderhistory;

import java.util.Map;

/** Names shared by the service's contract tests. */
final class Contracts {

    static final String ORDER_HISTORY = "order-history";
    /** The events Sluice's relay derives from the legacy order-management system. */
    static final String LEGACY_OMS = "sluice-legacy-oms";
    /** The events the fulfillment service publishes through its outbox. */
    static final String FULFILLMENT = "fulfillment";

    private Contracts() {
    }

    /** Message metadata: the CloudEvents headers a consumer dispatches on. */
    static Map<String, Object> event(String type) {
        return Map.of("ce_type", type, "ce_eventversion", "1");
    }
}
