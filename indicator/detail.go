package indicator

import (
	"fmt"
	"io"
	"strconv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
)

// DetailColumns is the header of the details file: the numerator and
// denominator behind every value, per area, indicator and data year.
var DetailColumns = []string{"year", "area_id", "indicator", "data_year", "numerator", "denominator", "reference"}

// WriteDetails writes details exactly (fractions where a decimal would not
// terminate). reference is the national share for convicted and the
// regional mean income for income, empty otherwise.
func WriteDetails(w io.Writer, details []blandby.IndicatorDetail) error {
	cw, err := csvio.NewWriter(w, DetailColumns)
	if err != nil {
		return err
	}
	for _, d := range details {
		ref := ""
		if d.Reference != nil {
			ref = d.Reference.Text()
		}
		rec := []string{strconv.Itoa(d.Year), d.AreaID, string(d.Indicator), strconv.Itoa(d.DataYear), d.Numerator.Text(), d.Denominator.Text(), ref}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write details: %w", err)
		}
	}
	return cw.Flush()
}
