// Package indicator reads and writes per-area indicator files: the values
// the ministry publishes for each area and list year, which the classifier
// turns into lists.
package indicator

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
)

// The columns of the indicator file (docs/formats.md, "Indicator file").
const (
	ColYear                    = "year"
	ColAreaID                  = "area_id"
	ColResidents               = "residents"
	ColAreaName                = "area_name"
	ColMunicipality            = "municipality"
	ColMunicipalityCode        = "municipality_code"
	ColRegion                  = "region"
	ColNonWestern              = "nonwestern_pct"
	ColOutsideLabour           = "outside_labour_pct"
	ColConvicted               = "convicted_pct"
	ColNationalConvicted       = "national_convicted_pct"
	ColConvictedMultiple       = "convicted_multiple"
	ColBasicEducation          = "basic_education_pct"
	ColIncome                  = "income_pct"
	ColPublishedCategory       = "published_category"
	maxResidents               = 10_000_000
	minYear, maxYear     int64 = 1900, 2999
)

var (
	requiredColumns = []string{ColYear, ColAreaID, ColResidents}
	optionalColumns = []string{ColAreaName, ColMunicipality, ColMunicipalityCode, ColRegion,
		ColNonWestern, ColOutsideLabour, ColConvicted, ColNationalConvicted, ColConvictedMultiple,
		ColBasicEducation, ColIncome}
	// The published layout has area_name instead of area_id, and the
	// published category of each row.
	publishedRequired = []string{ColYear, ColAreaName, ColResidents}
	publishedOptional = []string{ColMunicipality, ColMunicipalityCode, ColRegion,
		ColNonWestern, ColOutsideLabour, ColConvicted, ColNationalConvicted, ColConvictedMultiple,
		ColBasicEducation, ColIncome, ColPublishedCategory}
	hundred = blandby.RatioInt(100)
)

// Set is the contents of an indicator file: rows grouped by year, in file
// order, with the line each row came from.
type Set struct {
	File  string
	years map[int][]row
	// Published holds the published categories of a file in the published
	// layout, nil otherwise.
	Published *blandby.History
}

type areaYear struct {
	year int
	id   string
}

type row struct {
	ind  blandby.Indicators
	line int
}

// Years returns the years in the set, ascending.
func (s *Set) Years() []int { return slices.Sorted(maps.Keys(s.years)) }

// Year returns the rows of a year, in file order.
func (s *Set) Year(year int) []blandby.Indicators {
	rows := s.years[year]
	out := make([]blandby.Indicators, len(rows))
	for i, r := range rows {
		out[i] = r.ind
	}
	return out
}

// FirstLine returns the line of the first row of a year, or 0.
func (s *Set) FirstLine(year int) int {
	if rows := s.years[year]; len(rows) > 0 {
		return rows[0].line
	}
	return 0
}

// Len returns the number of rows.
func (s *Set) Len() int {
	n := 0
	for _, rows := range s.years {
		n += len(rows)
	}
	return n
}

// Names resolves an area's name as printed (with the municipality the file
// gives, or "") to the area's stable identity; package registry's Registry
// is one. An unknown name is an error that says what is known instead.
type Names interface {
	ResolveArea(name, municipality string) (blandby.Area, error)
}

// Read reads an indicator file. Percentages are parsed exactly; an empty
// cell is an unknown value. Any bad cell fails the whole read, with every
// error's file, line, column and field; nothing is returned half-read.
//
// Read also takes the ministry's published layout, recognised by an
// area_name column without area_id, and a published_category column becomes
// Set.Published. Read derives the ids of that layout from the names
// (AreaID), for files of areas no registry holds (tests, synthetic data);
// a reader of real files uses ReadNames.
func Read(r io.Reader, file string) (*Set, error) { return ReadNames(r, file, nil) }

// ReadNames is Read with the published layout's names resolved through
// names: every area_name must be known (an unknown name is an error at its
// line and column, with what names suggests), the id is the area's stable
// id, the name stays as printed, and a municipality code the file does not
// give is the area's. names nil derives the ids from the names (AreaID).
func ReadNames(r io.Reader, file string, names Names) (*Set, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	published, err := isPublishedLayout(br)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	required, optional := requiredColumns, optionalColumns
	if published {
		required, optional = publishedRequired, publishedOptional
	}
	t, err := csvio.NewReader(br, file, required, optional)
	if err != nil {
		return nil, err
	}
	set := &Set{File: file, years: map[int][]row{}}
	if t.Has(ColPublishedCategory) {
		set.Published = blandby.NewHistory()
	}
	seen := map[areaYear]int{}
	var errs blandby.InputErrors
	err = t.Each(&errs, func(rec *csvio.Row) {
		ind, ok := readRow(rec, published, names, &errs)
		idCol := ColAreaID
		if published {
			idCol = ColAreaName
		}
		// An empty published_category is unknown: the row adds no history.
		var cat blandby.Category
		if s := rec.Get(ColPublishedCategory); set.Published != nil && s != "" {
			c, err := blandby.ParseCategory(s)
			if err != nil {
				errs.Add(rec.Errorf(ColPublishedCategory, "%v", err))
				ok = false
			}
			cat = c
		}
		if !ok {
			return
		}
		key := areaYear{ind.Year, ind.Area.ID}
		if first, dup := seen[key]; dup {
			errs.Add(rec.Errorf(idCol, "duplicate row for year %d and area %q (first on line %d)", ind.Year, ind.Area.ID, first))
			return
		}
		seen[key] = rec.Line
		set.years[ind.Year] = append(set.years[ind.Year], row{ind: ind, line: rec.Line})
		if cat != "" {
			set.Published.Set(ind.Year, ind.Area.ID, cat)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return set, nil
}

// isPublishedLayout peeks at the header: the published layout names
// area_name and not area_id.
func isPublishedLayout(br *bufio.Reader) (bool, error) {
	peek, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return false, err
	}
	header := csvio.Header(peek) // nil when unreadable: csvio reports it
	cols := map[string]bool{}
	for _, c := range header {
		cols[strings.TrimSpace(c)] = true
	}
	return cols[ColAreaName] && !cols[ColAreaID], nil
}

// AreaID derives a stable id from an area name, as the published layout
// carries none: lower case, Danish letters transliterated (æ ae, ø oe,
// å aa), every other run of characters a hyphen. "Ringparken, Slagelse" is
// "ringparken-slagelse".
func AreaID(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		var s string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			s = string(r)
		case r == 'æ' || r == 'ä':
			s = "ae"
		case r == 'ø' || r == 'ö':
			s = "oe"
		case r == 'å':
			s = "aa"
		case r == 'é' || r == 'è':
			s = "e"
		case r == 'ü':
			s = "u"
		default:
			hyphen = b.Len() > 0
			continue
		}
		if hyphen {
			b.WriteByte('-')
			hyphen = false
		}
		b.WriteString(s)
	}
	return b.String()
}

func readRow(r *csvio.Row, published bool, names Names, errs *blandby.InputErrors) (blandby.Indicators, bool) {
	before := errs.Len()
	var ind blandby.Indicators
	year, _ := r.Int(ColYear, minYear, maxYear, errs)
	ind.Year = int(year)
	ind.Area = blandby.Area{
		ID:           r.Get(ColAreaID),
		Name:         r.Get(ColAreaName),
		Municipality: r.Get(ColMunicipality),
		Region:       r.Get(ColRegion),
	}
	ind.Area.MunicipalityCode, _ = r.MunicipalityCode(ColMunicipalityCode, true, errs)
	switch {
	case published && names != nil && ind.Area.Name != "":
		a, err := names.ResolveArea(ind.Area.Name, ind.Area.Municipality)
		if err != nil {
			errs.Add(r.Errorf(ColAreaName, "%v", err))
			break
		}
		ind.Area.ID = a.ID
		if ind.Area.MunicipalityCode == 0 {
			ind.Area.MunicipalityCode = a.MunicipalityCode
		} else if a.MunicipalityCode != 0 && a.MunicipalityCode != ind.Area.MunicipalityCode {
			errs.Add(r.Errorf(ColMunicipalityCode, "%q is area %s of municipality %d, not %d", ind.Area.Name, a.ID, a.MunicipalityCode, ind.Area.MunicipalityCode))
		}
	case published:
		if ind.Area.ID = AreaID(ind.Area.Name); ind.Area.ID == "" {
			errs.Add(r.Errorf(ColAreaName, "missing area name (the published layout derives the area id from it)"))
		}
	case ind.Area.ID == "":
		errs.Add(r.Errorf(ColAreaID, "missing area id"))
	}
	ind.Residents, _ = r.Int(ColResidents, 0, maxResidents, errs)
	pct := func(col string) blandby.Measure {
		v, ok := r.Decimal(col, blandby.Ratio{}, &hundred, "a percentage from 0 to 100 (such as 43.5 or 43,5)", errs)
		if !ok {
			return blandby.Measure{}
		}
		return blandby.KnownMeasure(v.Quo(hundred))
	}
	ind.NonWestern = pct(ColNonWestern)
	if ind.NonWestern.Known {
		ind.NonWestern.Base = ind.Residents
	}
	ind.OutsideLabour = pct(ColOutsideLabour)
	ind.Convicted = pct(ColConvicted)
	ind.NationalConvicted = pct(ColNationalConvicted)
	ind.BasicEducation = pct(ColBasicEducation)
	if v, ok := r.Decimal(ColIncome, blandby.Ratio{}, nil, "a percentage of the regional mean >= 0 (such as 52.3)", errs); ok {
		ind.Income = blandby.KnownMeasure(v.Quo(hundred))
	}
	if v, ok := r.Decimal(ColConvictedMultiple, blandby.Ratio{}, nil, "a multiple >= 0 of the national share (such as 3.2)", errs); ok {
		ind.ConvictedMultiple = blandby.KnownMeasure(v)
	}
	if ind.Convicted.Known && ind.NationalConvicted.Known && ind.ConvictedMultiple.Known {
		if msg := multipleContradiction(r.Get(ColConvicted), r.Get(ColNationalConvicted), r.Get(ColConvictedMultiple)); msg != "" {
			errs.Add(r.Errorf(ColConvictedMultiple, "%s", msg))
		}
	}
	return ind, errs.Len() == before
}

// multipleContradiction checks a published conviction multiple against the
// two shares it is the quotient of (docs/formats.md, "Indicator file"). Each
// printed value stands for the values that round to it
// (blandby.DecimalInterval); the multiple contradicts the shares when no
// shares within their intervals give a quotient within the multiple's
// interval. It returns what is wrong, or "" when the values agree. The
// values have been read already: one that does not parse is not checked.
func multipleContradiction(convicted, national, multiple string) string {
	cLo, cHi, errC := blandby.DecimalInterval(convicted)
	nLo, nHi, errN := blandby.DecimalInterval(national)
	mLo, mHi, errM := blandby.DecimalInterval(multiple)
	if errC != nil || errN != nil || errM != nil {
		return ""
	}
	var zero blandby.Ratio
	if cLo.Sign() < 0 { // shares are not negative
		cLo = zero
	}
	if nLo.Sign() < 0 {
		nLo = zero
	}
	if nHi.Sign() <= 0 {
		return fmt.Sprintf("%s contradicts %s %s and %s %s: a national share of 0 has no multiple", multiple, ColConvicted, convicted, ColNationalConvicted, national)
	}
	// The quotients range from cLo/nHi to cHi/nLo, without an upper bound
	// when the national share may be as small as 0.
	qLo := cLo.Quo(nHi)
	bounded := nLo.Sign() > 0 || cHi.Sign() <= 0
	var qHi blandby.Ratio
	if nLo.Sign() > 0 {
		qHi = cHi.Quo(nLo)
	}
	if qLo.Cmp(mHi) <= 0 && (!bounded || qHi.Cmp(mLo) >= 0) {
		return ""
	}
	quotients := fmt.Sprintf("from about %s to %s", qLo.Decimal(4), qHi.Decimal(4))
	if !bounded {
		quotients = fmt.Sprintf("at least about %s", qLo.Decimal(4))
	}
	return fmt.Sprintf("%s contradicts %s %s and %s %s: within the rounding of the printed decimals their quotient is %s, and %s stands for %s to %s",
		multiple, ColConvicted, convicted, ColNationalConvicted, national, quotients, multiple, mLo.Text(), mHi.Text())
}

// Columns is the header Write writes: every column of the format.
var Columns = append(slices.Clone(requiredColumns), optionalColumns...)

// Write writes indicators in the file format, one row each, with every
// column. Values are exact: a share whose decimal expansion does not
// terminate is written as a fraction of the percentage ("100/3"), which Read
// accepts.
func Write(w io.Writer, rows []blandby.Indicators) error {
	cw, err := csvio.NewWriter(w, Columns)
	if err != nil {
		return err
	}
	for _, ind := range rows {
		rec := []string{
			fmt.Sprint(ind.Year), ind.Area.ID, fmt.Sprint(ind.Residents),
			ind.Area.Name, ind.Area.Municipality, ind.Area.MunicipalityCode.DAGI(), ind.Area.Region,
			percent(ind.NonWestern), percent(ind.OutsideLabour), percent(ind.Convicted),
			percent(ind.NationalConvicted), exact(ind.ConvictedMultiple), percent(ind.BasicEducation),
			percent(ind.Income),
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write indicators: %w", err)
		}
	}
	return cw.Flush()
}

func percent(m blandby.Measure) string {
	if !m.Known {
		return ""
	}
	return m.Value.Mul(hundred).Text()
}

func exact(m blandby.Measure) string {
	if !m.Known {
		return ""
	}
	return m.Value.Text()
}
