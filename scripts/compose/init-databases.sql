-- Run once by the postgres image on first start (docker-compose.yml): the modern service's own
-- database, apart from the legacy one.
CREATE DATABASE order_history OWNER sluice;
