-- Least privileges for the Sluice relay on a legacy PostgreSQL database. Run once, as a DBA
-- (superuser), connected to the legacy database:
--
--   psql -d oms -v relay_password='…' -f scripts/sql/least-privilege.sql
--
-- The relay then runs as sluice_relay with, in its configuration:
--   quarkus.datasource.username=sluice_relay
--   sluice.source.debezium."publication.autocreate.mode"=disabled   (the publication below is the DBA's)
--
-- What the role can do, and nothing more: stream the change log (REPLICATION), read the captured
-- legacy tables (SELECT, for the initial snapshot and the start-up check of the mappings), and own
-- schema "sluice" (its outbox, heartbeat, signal and offset tables, created by the relay at start;
-- hence CREATE on the database, see below).
-- It cannot write, alter or drop any legacy table. Adapt the table list to your mappings.

\set ON_ERROR_STOP on

CREATE ROLE sluice_relay WITH LOGIN REPLICATION PASSWORD :'relay_password';

-- CONNECT to the database; CREATE only because Sluice's first migration says CREATE SCHEMA IF NOT
-- EXISTS sluice, which PostgreSQL checks against the database even when the schema exists. It lets
-- the role create schemas of its own, never touch anyone else's.
SELECT format('GRANT CONNECT, CREATE ON DATABASE %I TO sluice_relay', current_database()) \gexec

GRANT USAGE ON SCHEMA "OMS" TO sluice_relay;
GRANT SELECT ON "OMS"."CUSTMST", "OMS"."ORDHDR", "OMS"."ORDLIN" TO sluice_relay;

CREATE SCHEMA IF NOT EXISTS sluice AUTHORIZATION sluice_relay;

-- The publication: the captured legacy tables, and every table of schema "sluice" (the relay's
-- outbox and heartbeat, created later by the relay). Creating it needs a superuser, once.
CREATE PUBLICATION sluice_publication FOR TABLE "OMS"."CUSTMST", "OMS"."ORDHDR", "OMS"."ORDLIN", TABLES IN SCHEMA sluice;

-- Rules that react to a change of a legacy column (when: changed / transition) need the old row.
ALTER TABLE "OMS"."CUSTMST" REPLICA IDENTITY FULL;
ALTER TABLE "OMS"."ORDHDR" REPLICA IDENTITY FULL;
