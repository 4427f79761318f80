-- The decision log read by scope, newest first (the decision log page): a
-- municipality's decisions and a housing organisation's, each by id (ids
-- sort by time).

CREATE INDEX letting_decisions_municipality ON letting_decisions (municipality, id);
CREATE INDEX letting_decisions_housing_org ON letting_decisions (housing_org, id);
