-- Letting (package letting): the municipalities' letting policies, every
-- saved version, and the append-only log of letting decisions. The log holds
-- no person attributes: a pseudonymous applicant reference and a SHA-256 of
-- the canonical inputs.

CREATE TABLE letting_policies (
	municipality INTEGER NOT NULL CHECK (municipality > 0),
	version      INTEGER NOT NULL CHECK (version > 0),
	author       TEXT NOT NULL CHECK (author <> ''),
	saved_at     TEXT NOT NULL,
	document     TEXT NOT NULL,
	PRIMARY KEY (municipality, version)
) STRICT;

CREATE TABLE letting_decisions (
	id            TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 26),
	decided_at    TEXT NOT NULL,
	decided_by    TEXT NOT NULL,
	rule_set      TEXT NOT NULL,
	channel       TEXT NOT NULL,
	outcome       TEXT NOT NULL,
	municipality  INTEGER NOT NULL,
	housing_org   TEXT NOT NULL,
	area_id       TEXT NOT NULL,
	department    TEXT NOT NULL,
	applicant_ref TEXT NOT NULL,
	input_sha256  TEXT NOT NULL CHECK (length(input_sha256) = 64),
	decision      TEXT NOT NULL
) STRICT;

CREATE TRIGGER letting_policies_no_update BEFORE UPDATE ON letting_policies
BEGIN SELECT RAISE(ABORT, 'letting_policies is append-only: a saved policy version is never changed'); END;
CREATE TRIGGER letting_policies_no_delete BEFORE DELETE ON letting_policies
BEGIN SELECT RAISE(ABORT, 'letting_policies is append-only: a saved policy version is never deleted'); END;
CREATE TRIGGER letting_policies_no_replace BEFORE INSERT ON letting_policies WHEN EXISTS (SELECT 1 FROM letting_policies WHERE municipality = NEW.municipality AND version = NEW.version)
BEGIN SELECT RAISE(ABORT, 'letting_policies is append-only: a stored row is never replaced'); END;
CREATE TRIGGER letting_decisions_no_update BEFORE UPDATE ON letting_decisions
BEGIN SELECT RAISE(ABORT, 'letting_decisions is append-only: a logged decision is never changed'); END;
CREATE TRIGGER letting_decisions_no_delete BEFORE DELETE ON letting_decisions
BEGIN SELECT RAISE(ABORT, 'letting_decisions is append-only: a logged decision is never deleted'); END;
CREATE TRIGGER letting_decisions_no_replace BEFORE INSERT ON letting_decisions WHEN EXISTS (SELECT 1 FROM letting_decisions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'letting_decisions is append-only: a stored row is never replaced'); END;
