// Package history reads and writes the history file: the published lists,
// one row per year and area with its most specific category. Published lists
// are facts: they are read, never recomputed.
package history

import (
	"fmt"
	"io"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
)

// The columns of the history file (docs/formats.md, "History file").
const (
	ColYear     = "year"
	ColAreaID   = "area_id"
	ColCategory = "category"
)

// Columns is the header of the history file.
var Columns = []string{ColYear, ColAreaID, ColCategory}

// CheckFunc validates a category for a list year, for example against the
// rule set in force that year; a non-nil error is reported at the row.
type CheckFunc func(year int, c blandby.Category) error

// Read reads a history file. The old names "ghetto" and "haardt_ghetto" are
// read as parallelsamfund and omdannelse. check, when not nil, is asked about
// every row. Any bad row fails the whole read, with file, line and field.
func Read(r io.Reader, file string, check CheckFunc) (*blandby.History, error) {
	t, err := csvio.NewReader(r, file, Columns, nil)
	if err != nil {
		return nil, err
	}
	h := blandby.NewHistory()
	type key struct {
		year int
		id   string
	}
	seen := map[key]int{}
	var errs blandby.InputErrors
	err = t.Each(&errs, func(rec *csvio.Row) {
		before := errs.Len()
		year, _ := rec.Int(ColYear, 1900, 2999, &errs)
		id := rec.Get(ColAreaID)
		if id == "" {
			errs.Add(rec.Errorf(ColAreaID, "missing area id"))
		}
		c, err := blandby.ParseCategory(rec.Get(ColCategory))
		if err != nil {
			errs.Add(rec.Errorf(ColCategory, "%v", err))
		} else if check != nil && errs.Len() == before {
			if err := check(int(year), c); err != nil {
				errs.Add(rec.Errorf(ColCategory, "%v", err))
			}
		}
		if errs.Len() != before {
			return
		}
		k := key{int(year), id}
		if first, dup := seen[k]; dup {
			errs.Add(rec.Errorf(ColAreaID, "duplicate row for year %d and area %q (first on line %d); a row carries the most specific category", year, id, first))
			return
		}
		seen[k] = rec.Line
		h.Set(int(year), id, c)
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return h, nil
}

// Write writes every entry of the history, year by year, in the file format
// with the current category names.
func Write(w io.Writer, h *blandby.History) error {
	cw, err := csvio.NewWriter(w, Columns)
	if err != nil {
		return err
	}
	for _, year := range h.Years() {
		for _, e := range h.Entries(year) {
			if err := cw.Write([]string{fmt.Sprint(e.Year), e.AreaID, string(e.Category)}); err != nil {
				return fmt.Errorf("write history: %w", err)
			}
		}
	}
	return cw.Flush()
}
