package official

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"io/fs"
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
	// Sources is the source_url cell of a counts file that has one.
	Sources string
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
// number of areas (empty when no list was published or the number is not
// known), and optionally a note, source_url and the conviction thresholds
// published/counts.csv carries (read past: the rule sets hold the law). A note
// that contains "estimate" marks the year's forebyggelse count as an
// estimate.
func ReadCounts(r io.Reader, file string) ([]Counts, error) {
	cols := []string{"year"}
	for _, c := range blandby.ListColumns {
		cols = append(cols, string(c))
	}
	t, err := csvio.NewReader(r, file, cols, []string{"note", "conviction_threshold_3x_pct", "conviction_threshold_2x_pct", "source_url"})
	if err != nil {
		return nil, err
	}
	var out []Counts
	seen := map[int]int{}
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		before := errs.Len()
		y, _ := row.Int("year", 1900, 2999, &errs)
		c := Counts{Year: int(y), N: map[blandby.Category]int{}, Estimated: map[blandby.Category]bool{}, Note: row.Get("note"), Sources: row.Get("source_url")}
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

// PublishedListCounts returns the counts of the published lists that come
// with them (published/counts.csv, 2010–2024, with their sources), by year.
func PublishedListCounts() ([]Counts, error) {
	return ReadCountsFS(Published, "published/counts.csv")
}

// ReadCountsFS reads a counts file of a file system.
func ReadCountsFS(fsys fs.FS, name string) ([]Counts, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return ReadCounts(bytes.NewReader(data), "official/"+name)
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
