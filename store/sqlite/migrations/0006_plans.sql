-- Development plans (ABL § 168 a): every saved version of an area's plan,
-- append-only. The plan itself is JSON (package plan's Plan).

CREATE TABLE plan_versions (
	area_id  TEXT NOT NULL REFERENCES areas (id),
	version  INTEGER NOT NULL CHECK (version >= 1),
	author   TEXT NOT NULL CHECK (author <> ''),
	saved_at TEXT NOT NULL,
	document TEXT NOT NULL,
	PRIMARY KEY (area_id, version)
) STRICT;

CREATE TRIGGER plan_versions_no_update BEFORE UPDATE ON plan_versions
BEGIN SELECT RAISE(ABORT, 'plan_versions is append-only: a saved plan version is never changed'); END;
CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
BEGIN SELECT RAISE(ABORT, 'plan_versions is append-only: a saved plan version is never deleted'); END;
