package letting

import (
	"time"
)

// InForce returns the list year whose list is in force on a decision date:
// the latest of the published years whose list date (listDate, the
// publication day of the rule set governing that year) is on or before
// the date. ok is false when no published list is yet in force.
func InForce(date Date, published []int, listDate func(year int) time.Time) (year int, ok bool) {
	for _, y := range published {
		if listDate(y).After(date.Time) {
			continue
		}
		if !ok || y > year {
			year, ok = y, true
		}
	}
	return year, ok
}
