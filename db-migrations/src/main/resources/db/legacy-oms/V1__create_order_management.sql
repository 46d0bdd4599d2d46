-- The demo legacy order-management system ("OMS"), as a 20-year-old application left it:
-- quoted upper-case names, blank-padded CHAR codes, dates as CHAR(8) YYYYMMDD,
-- timestamps as CHAR(14) YYYYMMDDHHMMSS in local time, amounts in cents, Y/N flags.
-- Sluice never alters these tables; the legacy application (here: the traffic simulator)
-- is the only writer.

CREATE SCHEMA IF NOT EXISTS "OMS";

-- Status code table, as the legacy application shows it on screen.
CREATE TABLE "OMS"."STSCOD" (
    "STS_CD"  CHAR(2)     NOT NULL PRIMARY KEY,
    "STS_DSC" VARCHAR(40) NOT NULL
);

INSERT INTO "OMS"."STSCOD" ("STS_CD", "STS_DSC") VALUES
    ('NW', 'NEU ANGELEGT'),
    ('PK', 'KOMMISSIONIERT'),
    ('SH', 'VERSANDT'),
    ('DL', 'ZUGESTELLT'),
    ('CX', 'STORNIERT');

-- Customer master.
CREATE TABLE "OMS"."CUSTMST" (
    "CUST_NO"   CHAR(10)    NOT NULL PRIMARY KEY,
    "CUST_NM"   CHAR(40)    NOT NULL,
    "EMAIL_ADR" VARCHAR(80),
    "PHONE_NO"  CHAR(20),
    "ACTV_FLG"  CHAR(1)     NOT NULL DEFAULT 'Y',
    "CRT_DT"    CHAR(8)     NOT NULL,
    "UPD_TS"    CHAR(14)
);

-- Order header.
CREATE SEQUENCE "OMS"."ORDNO_SEQ" START WITH 100001;

CREATE TABLE "OMS"."ORDHDR" (
    "ORD_NO"  INTEGER      NOT NULL PRIMARY KEY,
    "CUST_NO" CHAR(10)     NOT NULL REFERENCES "OMS"."CUSTMST" ("CUST_NO"),
    "ORD_DT"  CHAR(8)      NOT NULL,
    "ORD_STS" CHAR(2)      NOT NULL REFERENCES "OMS"."STSCOD" ("STS_CD"),
    "TOT_AMT" BIGINT       NOT NULL,
    "CURR_CD" CHAR(3)      NOT NULL DEFAULT 'EUR',
    "SHP_DT"  CHAR(8)      NOT NULL DEFAULT '        ',
    "RMK_TX"  VARCHAR(200)
);

-- Order lines.
CREATE TABLE "OMS"."ORDLIN" (
    "ORD_NO"  INTEGER  NOT NULL REFERENCES "OMS"."ORDHDR" ("ORD_NO"),
    "LIN_NO"  SMALLINT NOT NULL,
    "ITM_CD"  CHAR(12) NOT NULL,
    "QTY"     INTEGER  NOT NULL,
    "UNT_PRC" BIGINT   NOT NULL,
    PRIMARY KEY ("ORD_NO", "LIN_NO")
);
