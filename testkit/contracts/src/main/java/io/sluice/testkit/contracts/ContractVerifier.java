package io.sluice.testkit.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import au.com.dius.pact.core.matchers.BodyMismatch;
import au.com.dius.pact.core.matchers.MetadataMismatch;
import au.com.dius.pact.core.model.ContentType;
import au.com.dius.pact.core.model.DefaultPactReader;
import au.com.dius.pact.core.model.Interaction;
import au.com.dius.pact.core.model.OptionalBody;
import au.com.dius.pact.core.model.Pact;
import au.com.dius.pact.core.model.messaging.Message;
import au.com.dius.pact.core.support.Result;
import au.com.dius.pact.provider.BodyComparisonResult;
import au.com.dius.pact.provider.ComparisonResult;
import au.com.dius.pact.provider.ResponseComparison;
import io.sluice.adapter.event.CloudEventHeaders;
import io.sluice.adapter.event.DomainEvent;

/**
 * The producer's half of consumer-driven contracts: reads the message pacts consumers wrote (Pact JVM,
 * one JSON file per consumer and producer) and checks a really emitted event against one, with Pact's
 * own matching rules for the body and the CloudEvents headers as metadata. Problems name the consumer,
 * the event type and the field, so a build that breaks a consumer says whom and where.
 */
public final class ContractVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractVerifier() {
    }

    /** Every message contract in {@code pactDirectory} that names {@code provider} as its producer. */
    public static List<MessageContract> contractsFor(Path pactDirectory, String provider) {
        if (!Files.isDirectory(pactDirectory)) {
            throw new IllegalArgumentException("No pact directory " + pactDirectory.toAbsolutePath()
                    + ": the consumers' contract tests write their pacts there");
        }
        List<MessageContract> contracts = new ArrayList<>();
        try (Stream<Path> files = Files.list(pactDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Pact pact = DefaultPactReader.INSTANCE.loadPact(file.toFile());
                if (!pact.getProvider().getName().equals(provider)) {
                    continue;
                }
                for (Interaction interaction : pact.getInteractions()) {
                    if (interaction instanceof Message message) {
                        contracts.add(MessageContract.of(pact.getConsumer().getName(), provider, message));
                    } else if (interaction.isAsynchronousMessage()) {
                        contracts.add(MessageContract.of(pact.getConsumer().getName(), provider, interaction.asMessage()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pacts in " + pactDirectory, e);
        }
        return contracts;
    }

    /**
     * @return what breaks the contract, one line per problem naming consumer, event type and field;
     *         empty if the event satisfies it
     */
    public static List<String> problems(MessageContract contract, DomainEvent event) {
        String prefix = "Consumer '" + contract.consumer() + "' relies on " + contract.eventType() + " (\"" + contract.description()
                + "\")";
        List<String> problems = new ArrayList<>();
        if (contract.eventType() == null) {
            problems.add(prefix + ": the contract names no ce_type in its metadata");
            return problems;
        }
        if (!contract.eventType().equals(event.type())) {
            problems.add(prefix + ": the producer emitted " + event.type() + " instead");
            return problems;
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + event.type(), e);
        }
        Map<String, String> metadata = CloudEventHeaders.of(event);
        ComparisonResult result = ResponseComparison.Companion.compareMessage(contract.message(),
                OptionalBody.body(body, new ContentType(CloudEventHeaders.APPLICATION_JSON)), metadata);

        Result<?, ?> bodyResult = result.getBodyMismatches();
        if (bodyResult instanceof Result.Err<?> error) {
            problems.add(prefix + ": body is not what was expected: " + error.getError());
        } else if (bodyResult instanceof Result.Ok<?> ok && ok.getValue() instanceof BodyComparisonResult comparison) {
            for (List<BodyMismatch> mismatches : comparison.getMismatches().values()) {
                for (BodyMismatch mismatch : mismatches) {
                    problems.add(prefix + ": field " + mismatch.getPath() + ": " + mismatch.getMismatch());
                }
            }
        }
        for (List<MetadataMismatch> mismatches : result.getMetadataMismatches().values()) {
            for (MetadataMismatch mismatch : mismatches) {
                problems.add(prefix + ": header " + mismatch.getKey() + ": " + mismatch.getMismatch());
            }
        }
        return problems;
    }

    /** The event's data as text, for failure messages. */
    public static String describe(DomainEvent event) {
        return event.type() + " v" + event.version() + " " + new String(toBytes(event), UTF_8);
    }

    private static byte[] toBytes(DomainEvent event) {
        try {
            return JSON.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
