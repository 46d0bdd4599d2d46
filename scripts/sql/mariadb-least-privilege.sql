-- Least privileges for the Sluice relay on a legacy MariaDB (or MySQL) server. Run once, as a DBA:
--
--   mariadb -u root -p < scripts/sql/mariadb-least-privilege.sql     (edit the password first)
--
-- The relay then runs with, in its configuration:
--   quarkus.datasource.jdbc.url=jdbc:mariadb://<host>:<port>/sluice
--   quarkus.datasource.username=sluice_relay
--
-- What the user can do, and nothing more: read the binlog as a replica (REPLICATION SLAVE), read
-- binlog positions and the list of binlogs (BINLOG MONITOR; REPLICATION CLIENT before 10.5), read the
-- captured legacy tables (SELECT: the initial snapshot and the start-up check of the mappings), and own
-- database "sluice" (outbox, heartbeat, signal, leader, offset and schema-history tables, created by the
-- relay at start). It cannot write, alter or drop any legacy table. Adapt the table list to your mappings.
--
-- Server settings the relay needs (my.cnf, [mariadb] section), checked by the relay at start:
--   log_bin = binlog
--   binlog_format = ROW
--   binlog_row_image = FULL
--   server_id = <unique among the server and its replicas>
--   binlog_expire_logs_seconds = <longer than any relay outage you want to survive>

CREATE USER 'sluice_relay'@'%' IDENTIFIED BY 'change-me';

GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'sluice_relay'@'%';

GRANT SELECT ON `OMS`.`CUSTMST` TO 'sluice_relay'@'%';
GRANT SELECT ON `OMS`.`ORDHDR` TO 'sluice_relay'@'%';
GRANT SELECT ON `OMS`.`ORDLIN` TO 'sluice_relay'@'%';

CREATE DATABASE IF NOT EXISTS sluice;
GRANT ALL PRIVILEGES ON sluice.* TO 'sluice_relay'@'%';
