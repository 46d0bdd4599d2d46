package io.sluice.relay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Ports;
import io.sluice.testkit.SluiceInfrastructure;
import io.sluice.testkit.oms.LegacyOms;
import io.sluice.testkit.process.AppProcess;

/**
 * Masked and excluded personal columns never reach Kafka: not in events, not in dead-letter records,
 * not in headers or keys, on any topic of the broker.
 */
class PersonalDataIT {

    private static final SluiceInfrastructure INFRA = SluiceInfrastructure.shared();
    private static final String DATABASE = "oms_personal";
    private AppProcess relay;

    @AfterEach
    void stopRelay() {
        if (relay != null) {
            relay.kill();
        }
    }

    @Test
    void maskedAndExcludedColumnsAreOnNoTopic(@TempDir Path work) throws Exception {
        INFRA.createDatabase(DATABASE);
        LegacyOms.migrate(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password());
        Path mappings = Files.createDirectories(work.resolve("mappings"));
        Files.writeString(mappings.resolve("customers.yaml"), """
                table: OMS.CUSTMST
                aggregate: people
                key: [CUST_NO]
                exclude: [PHONE_NO]
                fields:
                  customerId:   { column: CUST_NO, convert: trim }
                  name:         { column: CUST_NM, convert: trim }
                  email:        { column: EMAIL_ADR, mask: true }
                  registeredOn: { column: CRT_DT, convert: date }
                events:
                  - type: PersonRegistered
                    version: 1
                    on: insert
                    fields: [customerId, name, email, registeredOn]
                  - type: PersonContactChanged
                    version: 1
                    on: update
                    when: { changed: [EMAIL_ADR] }
                    fields: [customerId, email]
                """);
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", INFRA.jdbcUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", INFRA.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", INFRA.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", INFRA.kafkaBootstrap());
        env.put("SLUICE_MAPPING_DIR", mappings.toString());
        env.put("SLUICE_SOURCE_NAME", "oms");
        env.put("SLUICE_SOURCE_SLOT_NAME", "personal");
        relay = AppProcess.of("relay", Path.of("target", "quarkus-app", "quarkus-run.jar"), env, work.resolve("relay.log"), Ports.free())
                .start().awaitReady(Duration.ofSeconds(90));

        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "ada." + unique + "@example.com";
        String newEmail = "lovelace." + unique + "@example.com";
        String phone = "+49 30 " + Math.abs(unique.hashCode());
        String poisonEmail = "grace." + unique + "@example.com";
        try (LegacyOms oms = LegacyOms.connect(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password())) {
            oms.registerCustomer("P" + unique.substring(0, 7), "ADA LOVELACE", email, phone, LocalDate.of(2020, 1, 1));
            oms.changeContactDetails("P" + unique.substring(0, 7), newEmail, phone + "0");
        }
        try (Connection db = DriverManager.getConnection(INFRA.jdbcUrl(DATABASE), INFRA.user(), INFRA.password());
                Statement sql = db.createStatement()) {
            // a registration date the mapping cannot convert: the change is dead-lettered, with its raw row
            sql.execute("INSERT INTO \"OMS\".\"CUSTMST\" (\"CUST_NO\", \"CUST_NM\", \"EMAIL_ADR\", \"PHONE_NO\", \"ACTV_FLG\", \"CRT_DT\") "
                    + "VALUES ('Q" + unique.substring(0, 7) + "', 'GRACE HOPPER', '" + poisonEmail + "', '" + phone
                    + "9', 'Y', '20261399')");
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> everything = everyRecordOnTheBroker();
            assertThat(everything).anySatisfy(r -> assertThat(r).contains("PersonRegistered").contains("ADA LOVELACE"));
            assertThat(everything).anySatisfy(r -> assertThat(r).contains("PersonContactChanged"));
            assertThat(everything).anySatisfy(r -> assertThat(r).contains("GRACE HOPPER").contains("20261399")); // the dead letter
        });
        List<String> everything = everyRecordOnTheBroker();
        for (String secret : List.of(email, newEmail, phone, poisonEmail, unique + "@example.com")) {
            assertThat(everything).as("records on any topic containing %s", secret).noneMatch(r -> r.contains(secret));
        }
    }

    /** Every record of every topic, as one string each: topic, key, headers and value. */
    private static List<String> everyRecordOnTheBroker() throws Exception {
        List<String> records = new ArrayList<>();
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", INFRA.kafkaBootstrap()))) {
            topics = admin.listTopics().names().get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", INFRA.kafkaBootstrap(),
                "enable.auto.commit", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    StringBuilder text = new StringBuilder(record.topic()).append(' ').append(string(record.key()));
                    for (Header header : record.headers()) {
                        text.append(' ').append(header.key()).append('=').append(string(header.value()));
                    }
                    records.add(text.append(' ').append(string(record.value())).toString());
                }
            }
        }
        return records;
    }

    private static String string(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, UTF_8);
    }
}
