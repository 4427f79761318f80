-- Letting (package letting): the municipalities' letting policies, every
-- saved version, and the append-only log of letting decisions. The log holds
-- no person attributes: a pseudonymous applicant reference and a SHA-256 of
-- the canonical inputs.

CREATE TABLE letting_policies (
	municipality integer NOT NULL CHECK (municipality > 0),
	version      integer NOT NULL CHECK (version > 0),
	author       text NOT NULL CHECK (author <> ''),
	saved_at     text NOT NULL,
	document     text NOT NULL,
	PRIMARY KEY (municipality, version)
);

CREATE TABLE letting_decisions (
	id            text PRIMARY KEY CHECK (length(id) = 26),
	decided_at    text NOT NULL,
	decided_by    text NOT NULL,
	rule_set      text NOT NULL,
	channel       text NOT NULL,
	outcome       text NOT NULL,
	municipality  integer NOT NULL,
	housing_org   text NOT NULL,
	area_id       text NOT NULL,
	department    text NOT NULL,
	applicant_ref text NOT NULL,
	input_sha256  text NOT NULL CHECK (length(input_sha256) = 64),
	decision      text NOT NULL
);

CREATE TRIGGER letting_policies_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON letting_policies
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
CREATE TRIGGER letting_decisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON letting_decisions
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
