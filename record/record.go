// Package record keeps the record of how each list was made: it turns a
// computed list year into a stored computation (its indicators, every
// area's explanation, the input files' hashes and the part of the published
// history it read), tells whether a computation still matches the published
// history before it is published, and checks stored publications: their
// content hashes, their entries against their computations, and a
// recomputation from the recorded inputs.
package record

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

// Explanation returns the stored form of an area's result: its JSON.
func Explanation(r *classify.Result) (json.RawMessage, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("explanation of %s: %w", r.Area.ID, err)
	}
	return b, nil
}

// Computation builds the stored computation of a computed list year. hist
// is the history the year was classified with; the snapshot keeps every
// area's category in the years its consecutive-years windows read that the
// history held (a year with no published list is left out, as it was
// unknown to the classification).
func Computation(y compute.Year, hist *blandby.History, set store.IndicatorSet, version string, at time.Time) (store.Computation, error) {
	lists := y.Lists
	c := store.Computation{
		Year: lists.Year, RuleSet: lists.RuleSet.ID, SoftwareVersion: version, ComputedAt: at,
		Inputs: set.Inputs, Indicators: &set,
	}
	c.Indicators.Year = lists.Year
	for _, year := range HistoryYears(lists.RuleSet, lists.Year) {
		if !hist.HasYear(year) {
			continue
		}
		for i := range lists.Results {
			cat, _ := hist.Category(year, lists.Results[i].Area.ID)
			c.History = append(c.History, blandby.ListEntry{Year: year, AreaID: lists.Results[i].Area.ID, Category: cat})
		}
	}
	for i := range lists.Results {
		r := &lists.Results[i]
		exp, err := Explanation(r)
		if err != nil {
			return store.Computation{}, err
		}
		c.Results = append(c.Results, store.Result{AreaID: r.Area.ID, Category: r.Category, Explanation: exp})
	}
	return c, nil
}

// Source describes where a run's indicators came from, for its stored
// indicator sets.
type Source struct {
	// Origin is store.Computed or store.Imported.
	Origin string
	// Name is the source's description (a file name, "register").
	Name   string
	Inputs []store.Input
}

// Computations builds the stored computations of a run of list years, each
// with the history it read: base (the published history; nil for none)
// plus the years computed before it in the run.
func Computations(run []compute.Year, base *blandby.History, src Source, version string, at time.Time) ([]store.Computation, error) {
	h := blandby.NewHistory()
	if base != nil {
		for _, y := range base.Years() {
			h.Replace(y, base.Entries(y))
		}
	}
	cs := make([]store.Computation, 0, len(run))
	for _, y := range run {
		set := store.IndicatorSet{Year: y.Lists.Year, Origin: src.Origin, Source: src.Name, Inputs: src.Inputs, CreatedAt: at,
			Rows: y.Indicators.Indicators, Details: y.Indicators.Details}
		c, err := Computation(y, h, set, version, at)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
		h.Replace(y.Lists.Year, y.Lists.Entries())
	}
	return cs, nil
}

// HistoryYears returns the earlier list years the classification of a
// list year under rs reads from the history, ascending.
func HistoryYears(rs *law.RuleSet, year int) []int {
	var years []int
	for _, l := range rs.Lists {
		if l.Consecutive == nil {
			continue
		}
		n, _ := l.Consecutive.YearsFor(year)
		for y := year - n + 1; y < year; y++ {
			if !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
	}
	slices.Sort(years)
	return years
}

// Difference is an area whose category in an earlier year differs between
// the history a computation read and the published history.
type Difference struct {
	Year     int
	AreaID   string
	Was, Now blandby.Category
	// WasKnown and NowKnown say whether the year had a published list.
	WasKnown, NowKnown bool
}

func (d Difference) String() string {
	show := func(c blandby.Category, known bool) string {
		if !known {
			return "no published list"
		}
		return string(c)
	}
	return fmt.Sprintf("%d %s: computed with %s, published %s", d.Year, d.AreaID, show(d.Was, d.WasKnown), show(d.Now, d.NowKnown))
}

// Stale compares the history a computation read with the published
// history, for every year its classification reads and every area it
// classified. A computation made before an earlier year was published, or
// corrected, differently must not be published; it is computed again.
func Stale(c *store.Computation, rs *law.RuleSet, published *blandby.History) []Difference {
	snap := c.ReadHistory()
	var out []Difference
	for _, y := range HistoryYears(rs, c.Year) {
		for _, r := range c.Results {
			was, wasKnown := snap.Category(y, r.AreaID)
			now, nowKnown := published.Category(y, r.AreaID)
			if was != now || wasKnown != nowKnown {
				out = append(out, Difference{Year: y, AreaID: r.AreaID, Was: was, Now: now, WasKnown: wasKnown, NowKnown: nowKnown})
			}
		}
	}
	return out
}

// HashFile returns the hex SHA-256 of a file.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Inputs hashes files for the record, each with its role.
func Inputs(role string, paths ...string) ([]store.Input, error) {
	var out []store.Input
	for _, p := range paths {
		sum, err := HashFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, store.Input{Role: role, Name: p, SHA256: sum})
	}
	return out, nil
}
