-- The published lists imported from public sources (blandby import official):
-- each entry's sources, and per list how many areas were published and how
-- many of them the import names (the lists after 2017 are partly known).

ALTER TABLE publication_entries ADD COLUMN source TEXT NOT NULL DEFAULT '';

CREATE TABLE publication_counts (
	year      INTEGER NOT NULL,
	revision  INTEGER NOT NULL,
	category  TEXT NOT NULL CHECK (category IN ('udsat', 'parallelsamfund', 'omdannelse', 'forebyggelse')),
	published INTEGER CHECK (published >= 0),
	named     INTEGER NOT NULL CHECK (named >= 0),
	PRIMARY KEY (year, revision, category),
	FOREIGN KEY (year, revision) REFERENCES publications (year, revision)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER publication_counts_no_update BEFORE UPDATE ON publication_counts
BEGIN SELECT RAISE(ABORT, 'publication_counts is append-only: a published list is never changed'); END;
CREATE TRIGGER publication_counts_no_delete BEFORE DELETE ON publication_counts
BEGIN SELECT RAISE(ABORT, 'publication_counts is append-only: a published list is never changed'); END;
CREATE TRIGGER publication_counts_no_replace BEFORE INSERT ON publication_counts WHEN EXISTS (SELECT 1 FROM publication_counts WHERE year = NEW.year AND revision = NEW.revision AND category = NEW.category)
BEGIN SELECT RAISE(ABORT, 'publication_counts is append-only: a stored row is never replaced'); END;
