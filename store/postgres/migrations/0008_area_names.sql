-- Files of area names (blandby import area-names): extensions of the bundled
-- area registry (official/areas.yaml), each stored whole in the registry's
-- YAML format and applied in order of seq. Append-only: a name once given
-- is corrected by a later file, never by changing a stored one.

CREATE TABLE area_names_files (
	seq         bigint PRIMARY KEY CHECK (seq >= 1),
	source      text NOT NULL CHECK (source <> ''),
	sha256      text NOT NULL CHECK (length(sha256) = 64),
	document    text NOT NULL,
	imported_at text NOT NULL,
	imported_by text NOT NULL
);

CREATE TRIGGER area_names_files_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON area_names_files
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
