-- The public-housing departments of the areas and the housing
-- organisations that own them: what a housing organisation's scope covers.

CREATE TABLE departments (
	id                TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
	area_id           TEXT NOT NULL REFERENCES areas (id),
	housing_org       TEXT NOT NULL CHECK (housing_org <> ''),
	name              TEXT NOT NULL,
	family_dwellings  INTEGER NOT NULL DEFAULT 0 CHECK (family_dwellings >= 0),
	youth_dwellings   INTEGER NOT NULL DEFAULT 0 CHECK (youth_dwellings >= 0),
	elderly_dwellings INTEGER NOT NULL DEFAULT 0 CHECK (elderly_dwellings >= 0)
) STRICT;
CREATE INDEX departments_area ON departments (area_id);
CREATE INDEX departments_org ON departments (housing_org);
