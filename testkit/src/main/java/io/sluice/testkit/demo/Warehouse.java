package io.sluice.testkit.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo's warehouse worker: now and then takes the oldest PENDING shipment from the fulfillment
 * service's REST API and dispatches it, which makes fulfillment publish ShipmentDispatched through its
 * outbox. It only uses the public API, as a real client would.
 */
final class Warehouse {

    private static final String[] CARRIERS = {"DHL", "UPS", "DPD", "GLS"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random = new Random();
    private int dispatched;

    Warehouse(String baseUrl, Consumer<String> log) {
        this.baseUrl = baseUrl;
        this.log = log;
    }

    void step() {
        if (random.nextInt(3) != 0) {
            return; // the warehouse is slower than the order desk
        }
        try {
            JsonNode page = JSON.readTree(send(HttpRequest.newBuilder(URI.create(baseUrl + "/shipments?status=PENDING&size=1")).GET()));
            JsonNode shipment = page.path("items").path(0);
            if (shipment.isMissingNode()) {
                return;
            }
            String carrier = CARRIERS[random.nextInt(CARRIERS.length)];
            String tracking = carrier.charAt(0) + String.format("%010d", 4_000_000L + ++dispatched);
            String body = JSON.writeValueAsString(java.util.Map.of("carrier", carrier, "trackingNumber", tracking));
            send(HttpRequest.newBuilder(URI.create(baseUrl + "/shipments/" + shipment.path("shipmentId").asText() + "/dispatch"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            log.accept("warehouse: dispatched order " + shipment.path("orderId").asText() + " (" + shipment.path("itemCount").asInt()
                    + " items) with " + carrier + " " + tracking);
        } catch (IOException | IllegalStateException e) {
            log.accept("warehouse: fulfillment not reachable (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
