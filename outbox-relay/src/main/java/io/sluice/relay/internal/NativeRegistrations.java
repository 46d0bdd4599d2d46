package io.sluice.relay.internal;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes that Debezium and Kafka Connect load reflectively by name from configuration. Quarkus
 * registers nothing of {@code io.debezium.*} or Kafka Connect by itself, so a native image needs
 * them listed here.
 */
@RegisterForReflection(targets = {
        io.debezium.connector.postgresql.PostgresConnector.class,
        io.debezium.connector.postgresql.PostgresConnectorTask.class,
        io.debezium.connector.mariadb.MariaDbConnector.class,
        io.debezium.connector.mariadb.MariaDbConnectorTask.class,
        io.debezium.connector.mysql.MySqlConnector.class,
        io.debezium.connector.mysql.MySqlConnectorTask.class,
        com.mysql.cj.jdbc.Driver.class,
        io.debezium.storage.jdbc.history.JdbcSchemaHistory.class,
        io.sluice.relay.source.SourceDriver.class,
        org.mariadb.jdbc.Driver.class,
        io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore.class,
        io.sluice.relay.position.PositionsTopicStore.class,
        io.debezium.embedded.async.ConvertingAsyncEngineBuilderFactory.class,
        io.debezium.embedded.async.AsyncEmbeddedEngine.class,
        org.apache.kafka.connect.json.JsonConverter.class,
        org.apache.kafka.connect.storage.StringConverter.class,
        org.apache.kafka.connect.runtime.WorkerConfig.class,
        org.apache.kafka.connect.runtime.ConnectorConfig.class,
        org.apache.kafka.common.config.provider.FileConfigProvider.class,
}, ignoreNested = false)
public final class NativeRegistrations {
    private NativeRegistrations() {
    }
}
