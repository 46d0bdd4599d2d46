-- What the DBA runs when attaching Sluice (README, "Attaching Sluice to an existing database"):
-- mappings that react to a change of a column (OrderStatusChanged, CustomerContactDetailsChanged)
-- need the old row values in the change log. PostgreSQL logs them only with REPLICA IDENTITY FULL.
-- This is a catalogue setting: no column, no data and no application query changes.
ALTER TABLE "OMS"."ORDHDR" REPLICA IDENTITY FULL;
ALTER TABLE "OMS"."CUSTMST" REPLICA IDENTITY FULL;
