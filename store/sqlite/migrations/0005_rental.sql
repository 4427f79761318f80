-- Municipal allocation to private rental housing (package rental): the
-- landlords and their properties (mutable), agreements and decisions to use
-- the right to every 10th vacancy (append-only), the vacancy ledger with
-- one count per property (append-only; UNIQUE(property_id, seq) refuses a
-- count given twice), and what happened to a municipal vacancy afterwards:
-- an equivalent dwelling offered instead, the allocation, a restoration
-- claim (append-only; at most one offer and one allocation per vacancy).
-- Bodies are the domain's JSON; the columns beside them are for lookups.

CREATE TABLE rental_landlords (
	cvr  TEXT PRIMARY KEY NOT NULL CHECK (length(cvr) = 8),
	name TEXT NOT NULL CHECK (name <> '')
) STRICT;

CREATE TABLE rental_properties (
	id           TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
	landlord_cvr TEXT NOT NULL REFERENCES rental_landlords (cvr),
	address      TEXT NOT NULL CHECK (address <> ''),
	municipality INTEGER NOT NULL CHECK (municipality BETWEEN 1 AND 999),
	dwellings    INTEGER NOT NULL CHECK (dwellings > 0)
) STRICT;
CREATE INDEX rental_properties_municipality ON rental_properties (municipality);
CREATE INDEX rental_properties_landlord ON rental_properties (landlord_cvr);

CREATE TABLE rental_agreements (
	id           TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
	municipality INTEGER NOT NULL,
	property_id  TEXT NOT NULL REFERENCES rental_properties (id),
	body         TEXT NOT NULL,
	created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX rental_agreements_property ON rental_agreements (property_id);

CREATE TABLE rental_decisions (
	id           TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
	municipality INTEGER NOT NULL,
	body         TEXT NOT NULL,
	created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX rental_decisions_municipality ON rental_decisions (municipality);

CREATE TABLE rental_ledger (
	property_id TEXT NOT NULL REFERENCES rental_properties (id),
	seq         INTEGER NOT NULL CHECK (seq > 0),
	route       TEXT NOT NULL CHECK (route IN ('agreement', 'right', 'landlord')),
	vacant_on   TEXT NOT NULL,
	body        TEXT NOT NULL,
	PRIMARY KEY (property_id, seq)
) STRICT;

CREATE TABLE rental_events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	property_id TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('offer', 'allocation', 'claim')),
	event_on    TEXT NOT NULL,
	body        TEXT NOT NULL,
	FOREIGN KEY (property_id, seq) REFERENCES rental_ledger (property_id, seq)
) STRICT;
CREATE UNIQUE INDEX rental_events_once ON rental_events (property_id, seq, kind) WHERE kind IN ('offer', 'allocation');

CREATE TRIGGER rental_agreements_no_update BEFORE UPDATE ON rental_agreements
BEGIN SELECT RAISE(ABORT, 'rental_agreements is append-only: a stored row is never updated'); END;
CREATE TRIGGER rental_agreements_no_delete BEFORE DELETE ON rental_agreements
BEGIN SELECT RAISE(ABORT, 'rental_agreements is append-only: a stored row is never deleted'); END;
CREATE TRIGGER rental_decisions_no_update BEFORE UPDATE ON rental_decisions
BEGIN SELECT RAISE(ABORT, 'rental_decisions is append-only: a stored row is never updated'); END;
CREATE TRIGGER rental_decisions_no_delete BEFORE DELETE ON rental_decisions
BEGIN SELECT RAISE(ABORT, 'rental_decisions is append-only: a stored row is never deleted'); END;
CREATE TRIGGER rental_ledger_no_update BEFORE UPDATE ON rental_ledger
BEGIN SELECT RAISE(ABORT, 'rental_ledger is append-only: a stored row is never updated'); END;
CREATE TRIGGER rental_ledger_no_delete BEFORE DELETE ON rental_ledger
BEGIN SELECT RAISE(ABORT, 'rental_ledger is append-only: a stored row is never deleted'); END;
CREATE TRIGGER rental_events_no_update BEFORE UPDATE ON rental_events
BEGIN SELECT RAISE(ABORT, 'rental_events is append-only: a stored row is never updated'); END;
CREATE TRIGGER rental_events_no_delete BEFORE DELETE ON rental_events
BEGIN SELECT RAISE(ABORT, 'rental_events is append-only: a stored row is never deleted'); END;
