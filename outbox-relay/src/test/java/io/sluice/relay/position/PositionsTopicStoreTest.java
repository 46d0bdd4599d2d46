package io.sluice.relay.position;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.debezium.embedded.EmbeddedWorkerConfig;
import io.sluice.testkit.SluiceInfrastructure;

/** The exactly-once offset store against a real broker: it serves committed positions only, and never writes. */
class PositionsTopicStoreTest {

    private static final Map<String, Object> PARTITION = Map.of("server", "oms");
    private final SluiceInfrastructure infra = SluiceInfrastructure.shared();
    private final String topic = "sluice.positions.test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String engine = "sluice-oms-" + UUID.randomUUID().toString().substring(0, 6);
    private final ConnectOffsetFormat format = new ConnectOffsetFormat(engine);
    private final List<KafkaProducer<byte[], byte[]>> producers = new java.util.ArrayList<>();

    @AfterEach
    void closeProducers() {
        producers.forEach(p -> p.close(Duration.ofSeconds(2)));
    }

    @Test
    void servesThePositionOfTheLastCommittedTransactionNeverOneOfAnAbortedTransaction() throws Exception {
        createTopic();
        KafkaProducer<byte[], byte[]> relay = producer("relay-" + engine);
        commitPosition(relay, 100L);
        relay.beginTransaction();
        relay.send(position(200L)).get();
        relay.abortTransaction();

        assertThat(servedLsn(start(Map.of()))).isEqualTo(100L);
    }

    @Test
    void waitsForAnOpenTransactionOfAnotherSourceBeforeServingWhatWasCommittedAfterIt() throws Exception {
        createTopic();
        KafkaProducer<byte[], byte[]> other = producer("other-" + engine);
        other.beginTransaction();
        other.send(new ProducerRecord<>(topic, new ConnectOffsetFormat("sluice-other").key(Map.of("server", "other")),
                format.value(Map.of("lsn", 1L)))).get();
        KafkaProducer<byte[], byte[]> relay = producer("relay-" + engine);
        commitPosition(relay, 300L); // behind the other source's open transaction: invisible to read_committed until it ends

        CompletableFuture<PositionsTopicStore> starting = CompletableFuture.supplyAsync(() -> start(Map.of()));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !starting.isDone());
        other.commitTransaction();

        assertThat(servedLsn(starting.get(30, TimeUnit.SECONDS))).isEqualTo(300L);
    }

    @Test
    void keepsWhatTheEngineFlushesInMemoryAndWritesNothingToTheTopic() throws Exception {
        createTopic();
        commitPosition(producer("relay-" + engine), 100L);
        PositionsTopicStore store = start(Map.of());

        store.set(Map.of(ByteBuffer.wrap(format.key(PARTITION)), ByteBuffer.wrap(format.value(Map.of("lsn", 150L)))), null)
                .get(5, TimeUnit.SECONDS);

        assertThat(servedLsn(store)).isEqualTo(150L);
        assertThat(servedLsn(start(Map.of()))).as("what a restarted relay reads").isEqualTo(100L);
    }

    @Test
    void takesThePositionOverFromTheJdbcStoreOnceWhenTheTopicHasNoneForThisSource() throws Exception {
        createTopic();
        String database = "positions_migration";
        infra.createDatabase(database);
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl(database), infra.user(), infra.password());
                Statement ddl = connection.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS relay_offsets");
            ddl.execute("CREATE TABLE relay_offsets (id VARCHAR(36) PRIMARY KEY, offset_key VARCHAR(1255), offset_val VARCHAR(1255))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO relay_offsets VALUES (?, ?, ?)")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, new String(new ConnectOffsetFormat("sluice-oms").key(PARTITION), UTF_8)); // at-least-once's engine name
                insert.setString(3, new String(format.value(Map.of("lsn", 77L)), UTF_8));
                insert.execute();
            }
        }
        Map<String, String> jdbc = Map.of(PositionsTopicStore.MIGRATE_FROM, "jdbc", "offset.storage.jdbc.connection.url",
                infra.jdbcUrl(database), "offset.storage.jdbc.connection.user", infra.user(), "offset.storage.jdbc.connection.password",
                infra.password(), "offset.storage.jdbc.table.name", "relay_offsets", PositionsTopicStore.MIGRATE_ENGINE_NAME, "sluice-oms");

        assertThat(servedLsn(start(jdbc))).as("no position in the topic yet: the JDBC store's").isEqualTo(77L);

        commitPosition(producer("relay-" + engine), 90L);
        assertThat(servedLsn(start(jdbc))).as("once the topic has one, the JDBC store is not read").isEqualTo(90L);
    }

    @Test
    void refusesAPositionThatAnotherDatabaseFamilyWroteUnderTheSameNamesNamingTheFix() throws Exception {
        createTopic();
        commitPosition(producer("relay-" + engine), 100L); // a PostgreSQL relay's position: an LSN
        Map<String, String> mariadb = Map.of(PositionsTopicStore.POSITION_FIELD, "file", PositionsTopicStore.FAMILY, "MariaDB");

        assertThatThrownBy(() -> start(mariadb))
                .isInstanceOf(ForeignPositionException.class)
                .hasMessageContaining(engine)
                .hasMessageContaining(topic)
                .hasMessageContaining("not written by a MariaDB source")
                .hasMessageContaining("lsn")
                .hasMessageContaining("sluice.source.slot-name");
        assertThat(servedLsn(start(Map.of(PositionsTopicStore.POSITION_FIELD, "lsn", PositionsTopicStore.FAMILY, "PostgreSQL"))))
                .as("the family that wrote it resumes from it").isEqualTo(100L);
    }

    private PositionsTopicStore start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("name", engine);
        settings.put(PositionsTopicStore.TOPIC, topic);
        settings.put("bootstrap.servers", infra.kafkaBootstrap());
        settings.put(PositionsTopicStore.READ_TIMEOUT, "20000");
        PositionsTopicStore store = new PositionsTopicStore();
        store.configure(new EmbeddedWorkerConfig(settings));
        store.start();
        return store;
    }

    private Long servedLsn(PositionsTopicStore store) throws Exception {
        ByteBuffer key = ByteBuffer.wrap(format.key(PARTITION));
        ByteBuffer value = store.get(List.of(key)).get(5, TimeUnit.SECONDS).get(key);
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        return (Long) format.offset(bytes).get("lsn");
    }

    private ProducerRecord<byte[], byte[]> position(long lsn) {
        return new ProducerRecord<>(topic, format.key(PARTITION), format.value(Map.of("lsn", lsn)));
    }

    private void commitPosition(KafkaProducer<byte[], byte[]> producer, long lsn) throws Exception {
        producer.beginTransaction();
        producer.send(position(lsn)).get();
        producer.commitTransaction();
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap(),
                "transactional.id", transactionalId, "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer());
        producer.initTransactions();
        producers.add(producer);
        return producer;
    }

    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(ExactlyOnceCheck.POSITIONS_TOPIC_CONFIG))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
