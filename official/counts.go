package official

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
)

// CountsCSV is the number of areas on each published list (docs/law/lists.md,
// "Published counts"): year, udsat, parallelsamfund (ghetto lists before 2018),
// omdannelse, forebyggelse and a note. An empty cell means no such list was
// published that year. The 2020 forebyggelse count is the ministry's
// estimate in the strategy, not a published list; its row says so in the
// note column.
//
//go:embed counts.csv
var CountsCSV []byte

// CountsFile is the name used for CountsCSV in messages.
const CountsFile = "official/counts.csv"

// Counts is the number of areas on the lists of one list year. Lists nest
// (udsat includes parallelsamfund, which includes omdannelse); forebyggelse
// is separate.
type Counts struct {
	Year int
	// N holds the count of each list published that year.
	N map[blandby.Category]int
	// Estimated holds the lists whose count is an estimate rather than a
	// published list.
	Estimated map[blandby.Category]bool
	Note      string
}

// Published returns the count of a list and whether one was published
// (estimates are not).
func (c Counts) Published(cat blandby.Category) (int, bool) {
	n, ok := c.N[cat]
	return n, ok && !c.Estimated[cat]
}

// PublishedCounts returns the published counts per list year, ascending.
func PublishedCounts() ([]Counts, error) {
	return ReadCounts(bytes.NewReader(CountsCSV), CountsFile)
}

// ReadCounts reads a counts file: year, then one column per list with the
// number of areas (empty when no list was published), and a note. A note
// that contains "estimate" marks the year's forebyggelse count as an
// estimate.
func ReadCounts(r io.Reader, file string) ([]Counts, error) {
	cols := []string{"year"}
	for _, c := range blandby.ListColumns {
		cols = append(cols, string(c))
	}
	t, err := csvio.NewReader(r, file, cols, []string{"note"})
	if err != nil {
		return nil, err
	}
	var out []Counts
	seen := map[int]int{}
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		before := errs.Len()
		y, _ := row.Int("year", 1900, 2999, &errs)
		c := Counts{Year: int(y), N: map[blandby.Category]int{}, Estimated: map[blandby.Category]bool{}, Note: row.Get("note")}
		if first, dup := seen[c.Year]; dup {
			errs.Add(row.Errorf("year", "year %d appears twice (first on line %d)", c.Year, first))
		}
		seen[c.Year] = row.Line
		for _, cat := range blandby.ListColumns {
			if row.Get(string(cat)) == "" {
				continue
			}
			if n, ok := row.Int(string(cat), 0, 10000, &errs); ok {
				c.N[cat] = int(n)
			}
		}
		if _, ok := c.N[blandby.Forebyggelse]; ok && strings.Contains(c.Note, "estimate") {
			c.Estimated[blandby.Forebyggelse] = true
		}
		if errs.Len() == before {
			out = append(out, c)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Counts) int { return a.Year - b.Year })
	return out, nil
}

// String formats the counts like "2021: udsat 20, parallelsamfund 12, ...".
func (c Counts) String() string {
	s := strconv.Itoa(c.Year) + ":"
	sep := " "
	for _, cat := range blandby.ListColumns {
		if n, ok := c.N[cat]; ok {
			s += fmt.Sprintf("%s%s %d", sep, cat, n)
			if c.Estimated[cat] {
				s += " (estimate)"
			}
			sep = ", "
		}
	}
	return s
}
