package io.sluice.testkit.contracts;

import java.util.List;

import au.com.dius.pact.core.model.ProviderState;
import au.com.dius.pact.core.model.messaging.Message;

/**
 * One message a consumer relies on, from its Pact file.
 *
 * @param consumer    the consumer's name, e.g. {@code order-history}
 * @param provider    the producer it expects the message from
 * @param description the interaction's description
 * @param states      provider states: what has to happen at the producer for the message to exist
 * @param eventType   the {@code ce_type} the consumer expects (message metadata)
 * @param message     the Pact message with its matching rules
 */
public record MessageContract(String consumer, String provider, String description, List<String> states, String eventType,
        Message message) {

    static MessageContract of(String consumer, String provider, Message message) {
        Object type = message.getMetadata().get("ce_type");
        return new MessageContract(consumer, provider, message.getDescription(),
                message.getProviderStates().stream().map(ProviderState::getName).toList(),
                type == null ? null : type.toString(), message);
    }

    @Override
    public String toString() {
        return consumer + " <- " + eventType + " (" + description + ")";
    }
}
