-- The published lists imported from public sources (blandby import official):
-- each entry's sources, and per list how many areas were published and how
-- many of them the import names (the lists after 2017 are partly known).

ALTER TABLE publication_entries ADD COLUMN source text NOT NULL DEFAULT '';

CREATE TABLE publication_counts (
	year      integer NOT NULL,
	revision  integer NOT NULL,
	category  text NOT NULL CHECK (category IN ('udsat', 'parallelsamfund', 'omdannelse', 'forebyggelse')),
	published integer CHECK (published >= 0),
	named     integer NOT NULL CHECK (named >= 0),
	PRIMARY KEY (year, revision, category),
	FOREIGN KEY (year, revision) REFERENCES publications (year, revision)
);

CREATE TRIGGER publication_counts_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON publication_counts
	FOR EACH STATEMENT EXECUTE FUNCTION blandby_append_only();
