package register

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/internal/csvio"
)

// The columns of the reference file.
const (
	ColNationalConvictedPct = "national_convicted_pct"
	ColRegionMeanIncome     = "region_mean_income"
)

// Reference holds, per data year, the national and regional values that
// register files holding only area residents cannot give: the national
// conviction share and each region's mean gross income of the income
// criterion's population.
type Reference struct {
	national   map[int]blandby.Ratio
	regionMean map[yearRegion]blandby.Ratio
}

type yearRegion struct{ year, region int }

// NewReference returns an empty reference.
func NewReference() *Reference {
	return &Reference{national: map[int]blandby.Ratio{}, regionMean: map[yearRegion]blandby.Ratio{}}
}

// SetNational records the national conviction share (a fraction) of a year.
func (r *Reference) SetNational(year int, share blandby.Ratio) { r.national[year] = share }

// SetRegionMeanIncome records a region's mean income (DKK) in a year.
func (r *Reference) SetRegionMeanIncome(year, regionCode int, mean blandby.Ratio) {
	r.regionMean[yearRegion{year, regionCode}] = mean
}

// National returns the national conviction share of a data year.
func (r *Reference) National(year int) (blandby.Ratio, bool) {
	v, ok := r.national[year]
	return v, ok
}

// RegionMeanIncome returns a region's mean income in a data year.
func (r *Reference) RegionMeanIncome(year, regionCode int) (blandby.Ratio, bool) {
	v, ok := r.regionMean[yearRegion{year, regionCode}]
	return v, ok
}

// Years returns the data years with a national value.
func (r *Reference) Years() []int { return slices.Sorted(maps.Keys(r.national)) }

// ReadReference reads a reference file: year, national_convicted_pct,
// region_code, region_mean_income, one row per year and region. The national
// value must be the same in every row of a year.
func ReadReference(rd io.Reader, file string) (*Reference, error) {
	t, err := csvio.NewReader(rd, file, []string{ColYear, ColNationalConvictedPct, ColRegionCode, ColRegionMeanIncome}, nil)
	if err != nil {
		return nil, err
	}
	ref := NewReference()
	firstLine := map[int]int{}
	seen := map[yearRegion]int{}
	hundred := blandby.RatioInt(100)
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		before := errs.Len()
		year, _ := row.Int(ColYear, 1900, 2999, &errs)
		nat, okN := row.Decimal(ColNationalConvictedPct, blandby.Ratio{}, &hundred, "a percentage from 0 to 100", &errs)
		if !okN && row.Get(ColNationalConvictedPct) == "" {
			errs.Add(row.Errorf(ColNationalConvictedPct, "missing value"))
		}
		rc, okR := row.Int(ColRegionCode, 1000, 9999, &errs)
		if okR && dk.RegionIndex(int(rc)) < 0 {
			errs.Add(row.Errorf(ColRegionCode, "unknown region %d (expected 1081–1085)", rc))
		}
		mean, okM := row.Decimal(ColRegionMeanIncome, blandby.RatioInt(1), nil, "a mean income in DKK above 0", &errs)
		if !okM && row.Get(ColRegionMeanIncome) == "" {
			errs.Add(row.Errorf(ColRegionMeanIncome, "missing value"))
		}
		if errs.Len() != before {
			return
		}
		y, key := int(year), yearRegion{int(year), int(rc)}
		if first, dup := seen[key]; dup {
			errs.Add(row.Errorf(ColRegionCode, "year %d and region %d appear twice (first on line %d)", y, rc, first))
			return
		}
		seen[key] = row.Line
		share := nat.Quo(hundred)
		if prev, ok := ref.national[y]; ok && prev.Cmp(share) != 0 {
			errs.Add(row.Errorf(ColNationalConvictedPct, "national share differs from line %d of the same year", firstLine[y]))
			return
		}
		if _, ok := ref.national[y]; !ok {
			firstLine[y] = row.Line
		}
		ref.national[y] = share
		ref.regionMean[key] = mean
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return ref, nil
}

// WriteReference writes the reference in the format ReadReference reads,
// with exact values (fractions where a decimal would not terminate).
func WriteReference(w io.Writer, ref *Reference) error {
	cw, err := csvio.NewWriter(w, []string{ColYear, ColNationalConvictedPct, ColRegionCode, ColRegionMeanIncome})
	if err != nil {
		return err
	}
	keys := slices.SortedFunc(maps.Keys(ref.regionMean), func(a, b yearRegion) int {
		if a.year != b.year {
			return a.year - b.year
		}
		return a.region - b.region
	})
	for _, k := range keys {
		rec := []string{strconv.Itoa(k.year), ref.national[k.year].MulInt(100).Text(), strconv.Itoa(k.region), ref.regionMean[k].Text()}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write reference: %w", err)
		}
	}
	return cw.Flush()
}
