package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/internal/csvio"
)

// ListsCSVColumns is the header of computed lists in CSV (`blandby lists
// --format csv`, `blandby compute --format csv`): year, area_id, area_name,
// category — the most specific list or none —, one true/false column per
// list, and criteria_met — the met criteria's ids joined by ";", empty for
// an imported list. Before 2018 there was one list, the ghettoområde list,
// reported as parallelsamfund.
var ListsCSVColumns = []string{"year", "area_id", "area_name", "category", "udsat", "parallelsamfund", "omdannelse", "forebyggelse", "criteria_met"}

// CSVColumns are the first columns of a published list in CSV:
// ListsCSVColumns, then revision, published_at (RFC 3339, UTC) and
// municipality (its name). A computed list has the columns of the Excel
// format's values after them: residents and each criterion's value, named
// by the criterion's id (a share as a fraction, 0.4 for 40 %; a multiple of
// the national share as a decimal; empty when unknown).
var CSVColumns = append(slices.Clone(ListsCSVColumns), "revision", "published_at", "municipality")

// listRecord is one area's row of ListsCSVColumns.
func listRecord(year int, areaID, name string, c blandby.Category, on func(blandby.Category) bool, met []string) []string {
	rec := []string{strconv.Itoa(year), areaID, name, string(c)}
	for _, l := range blandby.ListColumns {
		rec = append(rec, strconv.FormatBool(on(l)))
	}
	return append(rec, strings.Join(met, ";"))
}

// WriteListsCSV writes the computed lists of one or more years (not
// published: no revision) in the CSV format, ListsCSVColumns.
func WriteListsCSV(w io.Writer, outcomes ...*classify.Outcome) error {
	cw, err := csvio.NewWriter(w, ListsCSVColumns)
	if err != nil {
		return err
	}
	for _, o := range outcomes {
		for i := range o.Results {
			r := &o.Results[i]
			if err := cw.Write(listRecord(o.Year, r.Area.ID, r.Area.Name, r.Category, r.IsOn, r.CriteriaMet())); err != nil {
				return fmt.Errorf("write lists: %w", err)
			}
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("write lists: %w", err)
	}
	return nil
}

func (d *doc) writeCSV(w io.Writer) error {
	header := slices.Clone(CSVColumns)
	if d.computed {
		header = append(header, "residents")
		for _, c := range d.rs.Criteria {
			header = append(header, c.ID)
		}
	}
	cw, err := csvio.NewWriter(w, header)
	if err != nil {
		return err
	}
	rev, at := strconv.Itoa(d.pub.Revision), d.publishedAt()
	for i := range d.rows {
		r := &d.rows[i]
		rec := append(listRecord(d.pub.Year, r.entry.AreaID, r.area.Name, r.entry.Category, r.isOn, r.criteriaMet()), rev, at, r.area.Municipality)
		if d.computed {
			for _, v := range d.values(r) {
				s := ""
				if v != nil {
					s = decimal(*v)
				}
				rec = append(rec, s)
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// decimal writes a number as the shortest decimal that reads back the same
// float64, without exponent: the CSV's values and the Excel file's cells.
func decimal(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
