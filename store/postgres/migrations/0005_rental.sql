-- Municipal allocation to private rental housing (package rental): the
-- landlords and their properties (mutable), agreements and decisions to use
-- the right to every 10th vacancy (append-only), the vacancy ledger with
-- one count per property (append-only; UNIQUE(property_id, seq) refuses a
-- count given twice), and what happened to a municipal vacancy afterwards:
-- an equivalent dwelling offered instead, the allocation, a restoration
-- claim (append-only; at most one offer and one allocation per vacancy).
-- Bodies are the domain's JSON; the columns beside them are for lookups.

CREATE TABLE rental_landlords (
	cvr  text PRIMARY KEY CHECK (length(cvr) = 8),
	name text NOT NULL CHECK (name <> '')
);

CREATE TABLE rental_properties (
	id           text PRIMARY KEY CHECK (id <> ''),
	landlord_cvr text NOT NULL REFERENCES rental_landlords (cvr),
	address      text NOT NULL CHECK (address <> ''),
	municipality integer NOT NULL CHECK (municipality BETWEEN 1 AND 999),
	dwellings    integer NOT NULL CHECK (dwellings > 0)
);
CREATE INDEX rental_properties_municipality ON rental_properties (municipality);
CREATE INDEX rental_properties_landlord ON rental_properties (landlord_cvr);

CREATE TABLE rental_agreements (
	id           text PRIMARY KEY CHECK (id <> ''),
	municipality integer NOT NULL,
	property_id  text NOT NULL REFERENCES rental_properties (id),
	body         text NOT NULL,
	created_at   text NOT NULL
);
CREATE INDEX rental_agreements_property ON rental_agreements (property_id);

CREATE TABLE rental_decisions (
	id           text PRIMARY KEY CHECK (id <> ''),
	municipality integer NOT NULL,
	body         text NOT NULL,
	created_at   text NOT NULL
);
CREATE INDEX rental_decisions_municipality ON rental_decisions (municipality);

CREATE TABLE rental_ledger (
	property_id text NOT NULL REFERENCES rental_properties (id),
	seq         integer NOT NULL CHECK (seq > 0),
	route       text NOT NULL CHECK (route IN ('agreement', 'right', 'landlord')),
	vacant_on   text NOT NULL,
	body        text NOT NULL,
	PRIMARY KEY (property_id, seq)
);

CREATE TABLE rental_events (
	id          bigserial PRIMARY KEY,
	property_id text NOT NULL,
	seq         integer NOT NULL,
	kind        text NOT NULL CHECK (kind IN ('offer', 'allocation', 'claim')),
	event_on    text NOT NULL,
	body        text NOT NULL,
	FOREIGN KEY (property_id, seq) REFERENCES rental_ledger (property_id, seq)
);
CREATE UNIQUE INDEX rental_events_once ON rental_events (property_id, seq, kind) WHERE kind IN ('offer', 'allocation');

CREATE TRIGGER rental_agreements_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rental_agreements
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
CREATE TRIGGER rental_decisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rental_decisions
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
CREATE TRIGGER rental_ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rental_ledger
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
CREATE TRIGGER rental_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rental_events
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
