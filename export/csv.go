package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
)

// CSVColumns is the header of the CSV format: the columns of `blandby lists
// --format csv` (year, area_id, area_name, category — the most specific
// list or none —, one true/false column per list, criteria_met — the met
// criteria's ids joined by ";", empty for an imported list), then revision
// and published_at (RFC 3339, UTC). Before 2018 there was one list, the
// ghettoområde list, reported as parallelsamfund.
var CSVColumns = []string{"year", "area_id", "area_name", "category", "udsat", "parallelsamfund", "omdannelse", "forebyggelse", "criteria_met", "revision", "published_at"}

func (d *doc) writeCSV(w io.Writer) error {
	cw, err := csvio.NewWriter(w, CSVColumns)
	if err != nil {
		return err
	}
	year, rev, at := strconv.Itoa(d.pub.Year), strconv.Itoa(d.pub.Revision), d.publishedAt()
	for i := range d.rows {
		r := &d.rows[i]
		rec := []string{year, r.entry.AreaID, r.name, string(r.entry.Category)}
		for _, c := range blandby.ListColumns {
			rec = append(rec, strconv.FormatBool(r.isOn(c)))
		}
		rec = append(rec, strings.Join(r.criteriaMet(), ";"), rev, at)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}
