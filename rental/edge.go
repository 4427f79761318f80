package rental

import (
	"time"

	"github.com/blandby/blandby/law"
)

// DefaultTrack is the track the web server and the CLI apply unless told
// otherwise: blandby demonstrates the seed's proposal, so the right to
// every 10th vacancy can be tried; --track enacted applies the law as
// enacted.
const DefaultTrack = TrackSeed

// ListDates returns the list date of a year from the list rule sets (1
// December under every version so far), for StatusAt and ListInForce.
func ListDates(cat *law.Catalog) func(year int) time.Time {
	return func(year int) time.Time {
		if rs, err := cat.ForListYear(year); err == nil {
			return rs.ListDate(year)
		}
		// A year no rule set governs was never published by blandby's
		// rules; keep it out of force.
		return time.Date(year+1, 12, 31, 0, 0, 0, 0, time.UTC)
	}
}
