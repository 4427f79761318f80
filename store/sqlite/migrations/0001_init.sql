-- blandby schema, SQLite. Exact values are text (Ratio.Text), times are
-- RFC 3339 text in UTC, JSON is text. Tables are STRICT: a value of the
-- wrong type is refused.

-- Areas and their names by year: mutable.
CREATE TABLE areas (
	id                TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
	name              TEXT NOT NULL,
	municipality_code INTEGER NOT NULL DEFAULT 0,
	region_code       INTEGER NOT NULL DEFAULT 0,
	dwellings_total   INTEGER NOT NULL DEFAULT 0,
	family_dwellings  INTEGER NOT NULL DEFAULT 0,
	geometry          TEXT
) STRICT;

CREATE TABLE area_names (
	area_id TEXT NOT NULL REFERENCES areas (id),
	year    INTEGER NOT NULL,
	name    TEXT NOT NULL,
	PRIMARY KEY (area_id, year)
) STRICT, WITHOUT ROWID;

-- Indicator sets: append-only.
CREATE TABLE indicator_sets (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL,
	origin     TEXT NOT NULL CHECK (origin IN ('imported', 'computed')),
	source     TEXT NOT NULL,
	inputs     TEXT NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX indicator_sets_year ON indicator_sets (year, id);

CREATE TABLE indicator_values (
	set_id            INTEGER NOT NULL REFERENCES indicator_sets (id),
	area_id           TEXT NOT NULL REFERENCES areas (id),
	ord               INTEGER NOT NULL,
	area_name         TEXT NOT NULL,
	municipality      TEXT NOT NULL,
	municipality_code TEXT NOT NULL,
	region            TEXT NOT NULL,
	residents         INTEGER NOT NULL,
	nonwestern_known          INTEGER NOT NULL CHECK (nonwestern_known IN (0, 1)),
	nonwestern_value          TEXT,
	nonwestern_base           INTEGER NOT NULL,
	outside_labour_known      INTEGER NOT NULL CHECK (outside_labour_known IN (0, 1)),
	outside_labour_value      TEXT,
	outside_labour_base       INTEGER NOT NULL,
	convicted_known           INTEGER NOT NULL CHECK (convicted_known IN (0, 1)),
	convicted_value           TEXT,
	convicted_base            INTEGER NOT NULL,
	basic_education_known     INTEGER NOT NULL CHECK (basic_education_known IN (0, 1)),
	basic_education_value     TEXT,
	basic_education_base      INTEGER NOT NULL,
	income_known              INTEGER NOT NULL CHECK (income_known IN (0, 1)),
	income_value              TEXT,
	income_base               INTEGER NOT NULL,
	national_convicted_known  INTEGER NOT NULL CHECK (national_convicted_known IN (0, 1)),
	national_convicted_value  TEXT,
	national_convicted_base   INTEGER NOT NULL,
	convicted_multiple_known  INTEGER NOT NULL CHECK (convicted_multiple_known IN (0, 1)),
	convicted_multiple_value  TEXT,
	convicted_multiple_base   INTEGER NOT NULL,
	PRIMARY KEY (set_id, area_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE indicator_details (
	set_id      INTEGER NOT NULL,
	area_id     TEXT NOT NULL,
	indicator   TEXT NOT NULL,
	data_year   INTEGER NOT NULL,
	ord         INTEGER NOT NULL,
	numerator   TEXT NOT NULL,
	denominator TEXT NOT NULL,
	reference   TEXT,
	PRIMARY KEY (set_id, area_id, indicator, data_year),
	FOREIGN KEY (set_id, area_id) REFERENCES indicator_values (set_id, area_id)
) STRICT, WITHOUT ROWID;

-- Computations: append-only. A result names an area of the computation's
-- indicator set (the composite foreign keys say so).
CREATE TABLE computations (
	id               INTEGER PRIMARY KEY,
	year             INTEGER NOT NULL,
	rule_set         TEXT NOT NULL,
	software_version TEXT NOT NULL,
	computed_at      TEXT NOT NULL,
	indicator_set_id INTEGER NOT NULL REFERENCES indicator_sets (id),
	inputs           TEXT NOT NULL,
	history          TEXT NOT NULL,
	UNIQUE (id, indicator_set_id)
) STRICT;
CREATE INDEX computations_year ON computations (year, id);

CREATE TABLE computation_results (
	computation_id INTEGER NOT NULL,
	area_id        TEXT NOT NULL,
	set_id         INTEGER NOT NULL,
	ord            INTEGER NOT NULL,
	category       TEXT NOT NULL CHECK (category IN ('none', 'udsat', 'parallelsamfund', 'omdannelse', 'forebyggelse')),
	explanation    TEXT,
	PRIMARY KEY (computation_id, area_id),
	FOREIGN KEY (computation_id, set_id) REFERENCES computations (id, indicator_set_id),
	FOREIGN KEY (set_id, area_id) REFERENCES indicator_values (set_id, area_id)
) STRICT, WITHOUT ROWID;

-- Publications: append-only. A correction is a new revision with a reason.
CREATE TABLE publications (
	year             INTEGER NOT NULL,
	revision         INTEGER NOT NULL CHECK (revision >= 1),
	kind             TEXT NOT NULL CHECK (kind IN ('computed', 'imported')),
	computation_id   INTEGER REFERENCES computations (id),
	rule_set         TEXT NOT NULL,
	software_version TEXT NOT NULL,
	published_at     TEXT NOT NULL,
	published_by     TEXT NOT NULL,
	reason           TEXT NOT NULL,
	inputs           TEXT NOT NULL,
	content_sha256   TEXT NOT NULL CHECK (length(content_sha256) = 64),
	PRIMARY KEY (year, revision),
	CHECK ((kind = 'computed') = (computation_id IS NOT NULL)),
	CHECK (revision = 1 OR reason <> '')
) STRICT;

CREATE TABLE publication_entries (
	year           INTEGER NOT NULL,
	revision       INTEGER NOT NULL,
	area_id        TEXT NOT NULL,
	category       TEXT NOT NULL CHECK (category IN ('none', 'udsat', 'parallelsamfund', 'omdannelse', 'forebyggelse')),
	computation_id INTEGER,
	PRIMARY KEY (year, revision, area_id),
	FOREIGN KEY (year, revision) REFERENCES publications (year, revision),
	FOREIGN KEY (computation_id, area_id) REFERENCES computation_results (computation_id, area_id)
) STRICT, WITHOUT ROWID;

-- Append-only: every UPDATE and DELETE is refused, and so is an INSERT OR
-- REPLACE of a stored row (REPLACE deletes without firing DELETE triggers
-- unless recursive_triggers is on).
CREATE TRIGGER indicator_sets_no_update BEFORE UPDATE ON indicator_sets
BEGIN SELECT RAISE(ABORT, 'indicator_sets is append-only: a stored row is never updated'); END;
CREATE TRIGGER indicator_sets_no_delete BEFORE DELETE ON indicator_sets
BEGIN SELECT RAISE(ABORT, 'indicator_sets is append-only: a stored row is never deleted'); END;
CREATE TRIGGER indicator_values_no_update BEFORE UPDATE ON indicator_values
BEGIN SELECT RAISE(ABORT, 'indicator_values is append-only: a stored row is never updated'); END;
CREATE TRIGGER indicator_values_no_delete BEFORE DELETE ON indicator_values
BEGIN SELECT RAISE(ABORT, 'indicator_values is append-only: a stored row is never deleted'); END;
CREATE TRIGGER indicator_details_no_update BEFORE UPDATE ON indicator_details
BEGIN SELECT RAISE(ABORT, 'indicator_details is append-only: a stored row is never updated'); END;
CREATE TRIGGER indicator_details_no_delete BEFORE DELETE ON indicator_details
BEGIN SELECT RAISE(ABORT, 'indicator_details is append-only: a stored row is never deleted'); END;
CREATE TRIGGER computations_no_update BEFORE UPDATE ON computations
BEGIN SELECT RAISE(ABORT, 'computations is append-only: a stored row is never updated'); END;
CREATE TRIGGER computations_no_delete BEFORE DELETE ON computations
BEGIN SELECT RAISE(ABORT, 'computations is append-only: a stored row is never deleted'); END;
CREATE TRIGGER computation_results_no_update BEFORE UPDATE ON computation_results
BEGIN SELECT RAISE(ABORT, 'computation_results is append-only: a stored row is never updated'); END;
CREATE TRIGGER computation_results_no_delete BEFORE DELETE ON computation_results
BEGIN SELECT RAISE(ABORT, 'computation_results is append-only: a stored row is never deleted'); END;
CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'publications is append-only: a published list is never changed'); END;
CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN SELECT RAISE(ABORT, 'publications is append-only: a published list is never deleted'); END;
CREATE TRIGGER publication_entries_no_update BEFORE UPDATE ON publication_entries
BEGIN SELECT RAISE(ABORT, 'publication_entries is append-only: a published list is never changed'); END;
CREATE TRIGGER publication_entries_no_delete BEFORE DELETE ON publication_entries
BEGIN SELECT RAISE(ABORT, 'publication_entries is append-only: a published list is never changed'); END;
CREATE TRIGGER indicator_sets_no_replace BEFORE INSERT ON indicator_sets WHEN EXISTS (SELECT 1 FROM indicator_sets WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'indicator_sets is append-only: a stored row is never replaced'); END;
CREATE TRIGGER indicator_values_no_replace BEFORE INSERT ON indicator_values WHEN EXISTS (SELECT 1 FROM indicator_values WHERE set_id = NEW.set_id AND area_id = NEW.area_id)
BEGIN SELECT RAISE(ABORT, 'indicator_values is append-only: a stored row is never replaced'); END;
CREATE TRIGGER indicator_details_no_replace BEFORE INSERT ON indicator_details WHEN EXISTS (SELECT 1 FROM indicator_details WHERE set_id = NEW.set_id AND area_id = NEW.area_id AND indicator = NEW.indicator AND data_year = NEW.data_year)
BEGIN SELECT RAISE(ABORT, 'indicator_details is append-only: a stored row is never replaced'); END;
CREATE TRIGGER computations_no_replace BEFORE INSERT ON computations WHEN EXISTS (SELECT 1 FROM computations WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'computations is append-only: a stored row is never replaced'); END;
CREATE TRIGGER computation_results_no_replace BEFORE INSERT ON computation_results WHEN EXISTS (SELECT 1 FROM computation_results WHERE computation_id = NEW.computation_id AND area_id = NEW.area_id)
BEGIN SELECT RAISE(ABORT, 'computation_results is append-only: a stored row is never replaced'); END;
CREATE TRIGGER publications_no_replace BEFORE INSERT ON publications WHEN EXISTS (SELECT 1 FROM publications WHERE year = NEW.year AND revision = NEW.revision)
BEGIN SELECT RAISE(ABORT, 'publications is append-only: a stored row is never replaced'); END;
CREATE TRIGGER publication_entries_no_replace BEFORE INSERT ON publication_entries WHEN EXISTS (SELECT 1 FROM publication_entries WHERE year = NEW.year AND revision = NEW.revision AND area_id = NEW.area_id)
BEGIN SELECT RAISE(ABORT, 'publication_entries is append-only: a stored row is never replaced'); END;
