package law

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"github.com/blandby/blandby"
)

//go:embed rules
var embedded embed.FS

// RuleFiles returns the embedded rule-set files of one kind: the directory
// law/rules/<kind> ("lists", "letting", "countries", "rental", "plan",
// "monitor"). The packages that apply those rules parse them; this package
// only keeps them.
func RuleFiles(kind string) (fs.FS, error) { return fs.Sub(embedded, "rules/"+kind) }

// Catalog is the set of list rule sets, ordered by the date they took
// effect, with the list years each governs.
type Catalog struct {
	*Catalogue[*RuleSet]
}

// Version is the rule set's place in the catalogue.
func (rs *RuleSet) Version() Version { return Version{ID: rs.ID, ValidFrom: rs.ValidFrom} }

// NewCatalog orders the rule sets and works out the list years each applies
// to. Two rule sets taking effect on the same date are an error.
func NewCatalog(sets []*RuleSet) (*Catalog, error) {
	cat, err := NewCatalogue("list", sets)
	if err != nil {
		return nil, err
	}
	sets = cat.sets
	for _, rs := range sets {
		rs.FirstListYear, rs.LastListYear = 0, 0
	}
	// A list year belongs to the version in force on its publication date.
	for i, rs := range sets {
		first := rs.ValidFrom.Year()
		if rs.ListDate(first).Before(rs.ValidFrom) {
			first++
		}
		rs.FirstListYear = first
		if i+1 < len(sets) {
			next := sets[i+1]
			last := next.ValidFrom.Year()
			if !rs.ListDate(last).Before(next.ValidFrom) {
				last--
			}
			if last < first {
				return nil, blandby.Errorf(blandby.CodeInvalid, "rule set %s applies to no list year before %s takes effect", rs.ID, next.ID)
			}
			rs.LastListYear = last
		}
	}
	return &Catalog{cat}, nil
}

// ForListYear returns the rule set that governs the list of a year: the one
// in force on that list's publication date.
func (c *Catalog) ForListYear(year int) (*RuleSet, error) {
	for _, rs := range c.sets {
		if year >= rs.FirstListYear && (rs.LastListYear == 0 || year <= rs.LastListYear) {
			return rs, nil
		}
	}
	return nil, blandby.Errorf(blandby.CodeInvalid, "no rule set for list year %d (rule sets cover list years from %d)", year, c.sets[0].FirstListYear)
}

// PublishedOn returns the day the list of a year was published: the
// publication day of the rule set governing that year.
func (c *Catalog) PublishedOn(year int) (time.Time, error) {
	rs, err := c.ForListYear(year)
	if err != nil {
		return time.Time{}, err
	}
	return rs.ListDate(year), nil
}

// ListInForce returns the year of the list in force on a date: of the
// published list years, the latest whose list was published on or before
// the date; 0 when none was. This is the one definition every tool uses
// (letting decisions, the rental right, development plans, the web). A
// published year no rule set governs is an error, never silently skipped;
// so is a date on which the latest list is one blandby does not hold
// (Publication.NotHeld), for no list it holds was in force then.
func (c *Catalog) ListInForce(date time.Time, published []int) (int, error) {
	best := 0
	for _, y := range published {
		on, err := c.PublishedOn(y)
		if err != nil {
			return 0, fmt.Errorf("list %d: %w", y, err)
		}
		if !on.After(date) && y > best {
			best = y
		}
	}
	// The latest list year of any rule set published by the date, whether
	// or not the history holds it.
	var latest time.Time
	for y := c.sets[0].FirstListYear; y <= date.Year(); y++ {
		if on, err := c.PublishedOn(y); err == nil && !on.After(date) {
			latest = on
		}
	}
	for _, rs := range c.sets {
		for _, n := range rs.Publication.NotHeld {
			if n.Date.After(latest) && !n.Date.After(date) {
				return 0, blandby.Errorf(blandby.CodeNotFound, "on %s the list in force is %s, published %s, which blandby holds no values of (%s)",
					date.Format(time.DateOnly), n.Label.EN, n.Date.Format(time.DateOnly), n.Source)
			}
		}
	}
	return best, nil
}

var (
	embeddedOnce    sync.Once
	embeddedCatalog *Catalog
	embeddedErr     error
)

// Embedded returns the catalog of the rule sets built into the binary.
func Embedded() (*Catalog, error) {
	embeddedOnce.Do(func() {
		embeddedCatalog, embeddedErr = LoadDir(embedded, "rules/lists")
		if embeddedErr != nil {
			embeddedErr = fmt.Errorf("embedded rule sets: %w", embeddedErr)
		}
	})
	return embeddedCatalog, embeddedErr
}

// At returns the embedded rule set in force on date.
func At(date time.Time) (*RuleSet, error) {
	c, err := Embedded()
	if err != nil {
		return nil, err
	}
	return c.At(date)
}

// ForListYear returns the embedded rule set governing the list of a year.
func ForListYear(year int) (*RuleSet, error) {
	c, err := Embedded()
	if err != nil {
		return nil, err
	}
	return c.ForListYear(year)
}
