-- Files of area names (blandby import area-names): extensions of the bundled
-- area registry (official/areas.yaml), each stored whole in the registry's
-- YAML format and applied in order of seq. Append-only: a name once given
-- is corrected by a later file, never by changing a stored one.

CREATE TABLE area_names_files (
	seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
	source      TEXT NOT NULL CHECK (source <> ''),
	sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
	document    TEXT NOT NULL,
	imported_at TEXT NOT NULL,
	imported_by TEXT NOT NULL
) STRICT;

CREATE TRIGGER area_names_files_no_update BEFORE UPDATE ON area_names_files
BEGIN SELECT RAISE(ABORT, 'area_names_files is append-only: a stored file of area names is never changed'); END;
CREATE TRIGGER area_names_files_no_delete BEFORE DELETE ON area_names_files
BEGIN SELECT RAISE(ABORT, 'area_names_files is append-only: a stored file of area names is never changed'); END;
CREATE TRIGGER area_names_files_no_replace BEFORE INSERT ON area_names_files WHEN EXISTS (SELECT 1 FROM area_names_files WHERE seq = NEW.seq)
BEGIN SELECT RAISE(ABORT, 'area_names_files is append-only: a stored row is never replaced'); END;
