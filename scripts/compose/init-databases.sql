-- Run once by the postgres image on first start (docker-compose.yml): the modern services' own
-- databases, apart from the legacy one.
CREATE DATABASE order_history OWNER sluice;
CREATE DATABASE fulfillment OWNER sluice;
