package web

import "testing"

// The feature tests register what the route matrix (TestAuthzMatrix) and
// the log-hygiene test (TestLogHygiene) need of their routes in init
// functions; these are kept in a file of every build, since those two tests
// run only without the race detector (the full-scale tier).

// matrixRequests make the matrix's request of a route, by pattern, for
// routes that need more than requestAs knows (a body, parameters other
// than {year} and {id}): a valid request acting on a resource of the
// fixture's own scopes (municipality 101, housing organisation
// demo-boligselskab, landlord 12345678), made as u, returning the status.
// The feature tests add theirs in init functions.
var matrixRequests = map[string]func(t *testing.T, f *fixture, u testUser) int{}

// personFields are the names of person-level fields the routes take
// besides the register's columns (a household's members in a letting
// case, say), which the log must not hold; the feature tests add theirs
// in init functions.
var personFields []string
