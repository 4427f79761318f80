-- Development plans (ABL § 168 a): every saved version of an area's plan,
-- append-only. The plan itself is JSON (package plan's Plan).

CREATE TABLE plan_versions (
	area_id  text NOT NULL REFERENCES areas (id),
	version  integer NOT NULL CHECK (version >= 1),
	author   text NOT NULL CHECK (author <> ''),
	saved_at text NOT NULL,
	document text NOT NULL,
	PRIMARY KEY (area_id, version)
);

CREATE TRIGGER plan_versions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON plan_versions
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
