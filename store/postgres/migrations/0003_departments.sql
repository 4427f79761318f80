-- The public-housing departments of the areas and the housing
-- organisations that own them: what a housing organisation's scope covers.

CREATE TABLE departments (
	id                text PRIMARY KEY CHECK (id <> ''),
	area_id           text NOT NULL REFERENCES areas (id),
	housing_org       text NOT NULL CHECK (housing_org <> ''),
	name              text NOT NULL,
	family_dwellings  bigint NOT NULL DEFAULT 0 CHECK (family_dwellings >= 0),
	youth_dwellings   bigint NOT NULL DEFAULT 0 CHECK (youth_dwellings >= 0),
	elderly_dwellings bigint NOT NULL DEFAULT 0 CHECK (elderly_dwellings >= 0)
);
CREATE INDEX departments_area ON departments (area_id);
CREATE INDEX departments_org ON departments (housing_org);
