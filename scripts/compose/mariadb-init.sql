-- Run once by the mariadb image on first start (docker-compose.yml, profile "mariadb"), after the OMS schema
-- (db/mariadb/legacy-oms) and after the image created user "sluice" (MARIADB_USER): what the relay needs on a
-- MariaDB source (docs/mariadb.md). Read the binlog as a replica and list the binlogs; own database "sluice"
-- (outbox, heartbeat, signal, leader, offsets, schema history: created by the relay at start); the legacy
-- tables (the relay reads them; the same login lets you play the legacy application by hand).
-- For a production server, see scripts/sql/mariadb-least-privilege.sql instead (SELECT on the legacy tables only).
GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'sluice'@'%';
GRANT SELECT, INSERT, UPDATE, DELETE ON `OMS`.* TO 'sluice'@'%';
CREATE DATABASE IF NOT EXISTS sluice;
GRANT ALL PRIVILEGES ON sluice.* TO 'sluice'@'%';
