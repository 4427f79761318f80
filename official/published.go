package official

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
	"github.com/blandby/blandby/registry"
)

// Published holds the published lists 2010–2023 as copied from public
// sources, one file per list year (published/areas_YYYY.csv), the published
// counts (published/counts.csv) and the README that says how complete each
// year is and where every value comes from. The names are as printed each
// year; they resolve through the area registry (Registry).
//
//go:embed published
var Published embed.FS

// The columns of a published list file (published/README.md).
const (
	ColYear              = "year"
	ColArea              = "area"
	ColMunicipality      = "municipality"
	ColResidents         = "residents"
	ColNonWestern        = "nonwestern_pct"
	ColOutsideLabour     = "outside_labour_pct"
	ColConvicted         = "convicted_pct"
	ColConvictedMultiple = "convicted_multiple"
	ColBasicEducation    = "basic_edu_pct"
	ColIncome            = "income_pct"
	ColPublishedCategory = "published_category"
	ColSourceURL         = "source_url"
)

// PublishedColumns is the header of a published list file.
var PublishedColumns = []string{ColYear, ColArea, ColMunicipality, ColResidents, ColNonWestern, ColOutsideLabour,
	ColConvicted, ColConvictedMultiple, ColBasicEducation, ColIncome, ColPublishedCategory, ColSourceURL}

// Row is one area on one published list, its name resolved to the
// registry's area.
type Row struct {
	// Indicators are the published values; Area carries the registry's id
	// and municipality code, and the name as printed that year.
	Indicators blandby.Indicators
	// Category is the most specific list the area was published on (None:
	// the source says it left the lists that year).
	Category blandby.Category
	// Sources are the row's sources (source_url split at " ; ").
	Sources []string
	// SourceURL is the source_url cell as it is.
	SourceURL string
	// File and Line say where the row was read.
	File string
	Line int
}

// HasValues reports whether the row carries the published values (residents
// and at least one criterion), as the lists 2010–2017 do.
func (r *Row) HasValues() bool {
	i := &r.Indicators
	return i.Residents > 0 && (i.NonWestern.Known || i.OutsideLabour.Known || i.Convicted.Known)
}

// List is one list year's published file.
type List struct {
	Year int
	File string
	Rows []Row
}

var listFile = regexp.MustCompile(`^areas_(\d{4})\.csv$`)

// PublishedLists reads every bundled list file, resolving the names through
// reg (the bundled registry, or one a user extended), by year.
func PublishedLists(reg *registry.Registry) ([]List, error) {
	return ReadLists(Published, "published", reg)
}

// ReadLists reads the list files areas_YYYY.csv of a directory, by year.
// A file whose rows are of another year than its name, and any bad row of
// any file, is an error; nothing is returned half-read.
func ReadLists(fsys fs.FS, dir string, reg *registry.Registry) ([]List, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []List
	var errs []error
	for _, e := range entries {
		m := listFile.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		year, _ := strconv.Atoi(m[1])
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l, err := ReadList(bytes.NewReader(data), "official/"+name, year, reg)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, *l)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "%s holds no list file areas_YYYY.csv", dir)
	}
	slices.SortFunc(out, func(a, b List) int { return a.Year - b.Year })
	return out, nil
}

// ReadList reads one list file of a list year (0: any one year). Every
// name resolves through reg in the row's municipality; an unknown name is
// an error at its line and column that suggests the nearest known names.
// Percentages are read exactly; an empty cell is unknown.
func ReadList(r io.Reader, file string, year int, reg *registry.Registry) (*List, error) {
	t, err := csvio.NewReader(r, file, []string{ColYear, ColArea, ColMunicipality, ColPublishedCategory},
		[]string{ColResidents, ColNonWestern, ColOutsideLabour, ColConvicted, ColConvictedMultiple, ColBasicEducation, ColIncome, ColSourceURL})
	if err != nil {
		return nil, err
	}
	l := &List{Year: year, File: file}
	seen := map[string]int{}
	hundred := blandby.RatioInt(100)
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		before := errs.Len()
		y, ok := row.Int(ColYear, 1900, 2999, &errs)
		if ok && l.Year != 0 && int(y) != l.Year {
			errs.Add(row.Errorf(ColYear, "year %d in the file of list year %d (expected %d)", y, l.Year, l.Year))
		}
		if ok && l.Year == 0 {
			l.Year = int(y)
		}
		var ind blandby.Indicators
		ind.Year = int(y)
		name, muni := row.Get(ColArea), row.Get(ColMunicipality)
		if name == "" {
			errs.Add(row.Errorf(ColArea, "missing area name"))
		} else if a, err := reg.Resolve(name, muni); err != nil {
			col := ColArea
			if blandby.CodeOf(err) == blandby.CodeInvalid && strings.Contains(err.Error(), "municipality") {
				col = ColMunicipality
			}
			errs.Add(row.Errorf(col, "%v", err))
		} else {
			ind.Area = a.Area()
			ind.Area.Name, ind.Area.Municipality = name, muni
		}
		if row.Get(ColResidents) != "" {
			ind.Residents, _ = row.Int(ColResidents, 0, 10_000_000, &errs)
		}
		pct := func(col string, hi *blandby.Ratio, expected string) blandby.Measure {
			v, ok := row.Decimal(col, blandby.Ratio{}, hi, expected, &errs)
			if !ok {
				return blandby.Measure{}
			}
			return blandby.KnownMeasure(v.Quo(hundred))
		}
		const share = "a percentage from 0 to 100 (such as 43.5)"
		ind.NonWestern = pct(ColNonWestern, &hundred, share)
		if ind.NonWestern.Known {
			ind.NonWestern.Base = ind.Residents
		}
		ind.OutsideLabour = pct(ColOutsideLabour, &hundred, share)
		ind.Convicted = pct(ColConvicted, &hundred, share)
		ind.BasicEducation = pct(ColBasicEducation, &hundred, share)
		ind.Income = pct(ColIncome, nil, "a percentage of the regional mean >= 0 (such as 52.3)")
		if v, ok := row.Decimal(ColConvictedMultiple, blandby.Ratio{}, nil, "a multiple >= 0 of the national share (such as 3.2)", &errs); ok {
			ind.ConvictedMultiple = blandby.KnownMeasure(v)
		}
		cat, err := blandby.ParseCategory(row.Get(ColPublishedCategory))
		if err != nil {
			errs.Add(row.Errorf(ColPublishedCategory, "%v", err))
		}
		if errs.Len() != before {
			return
		}
		if first, dup := seen[ind.Area.ID]; dup {
			errs.Add(row.Errorf(ColArea, "%q is area %s, which line %d already names", name, ind.Area.ID, first))
			return
		}
		seen[ind.Area.ID] = row.Line
		src := row.Get(ColSourceURL)
		var sources []string
		for _, s := range strings.Split(src, " ; ") {
			if s = strings.TrimSpace(s); s != "" {
				sources = append(sources, s)
			}
		}
		l.Rows = append(l.Rows, Row{Indicators: ind, Category: cat, Sources: sources, SourceURL: src, File: file, Line: row.Line})
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// History returns the lists as published history: every row's category by
// the registry's area id.
func History(lists []List) *blandby.History {
	h := blandby.NewHistory()
	for _, l := range lists {
		h.AddYear(l.Year)
		for _, r := range l.Rows {
			h.Set(l.Year, r.Indicators.Area.ID, r.Category)
		}
	}
	return h
}

// Digest is the hex SHA-256 over the list files and counts.csv of a
// directory (each file's name, a NUL, its length and bytes, in name order):
// what an import of the published lists records as its input's hash.
func Digest(fsys fs.FS, dir string) (string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, e := range entries {
		if !listFile.MatchString(e.Name()) && e.Name() != "counts.csv" {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", e.Name(), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Named returns how many rows of a list are on list c (lists nest: an
// omdannelse area is on parallelsamfund too).
func (l *List) Named(c blandby.Category) int {
	n := 0
	for _, r := range l.Rows {
		if r.Category.On(c) {
			n++
		}
	}
	return n
}

// AnomaliesCSV lists the published anomalies: areas a published list
// carries although its own published values do not put them there (year,
// area_id, note). Verification reports them as such; they are never fixed.
//
//go:embed anomalies.csv
var AnomaliesCSV []byte

// AnomaliesFile is the name used for AnomaliesCSV in messages.
const AnomaliesFile = "official/anomalies.csv"

// Anomaly is a published list's entry that its published values do not
// reproduce, documented as such.
type Anomaly struct {
	Year   int
	AreaID string
	Note   string
}

// Anomalies reads the documented anomalies; every area id must be in reg.
func Anomalies(reg *registry.Registry) ([]Anomaly, error) {
	t, err := csvio.NewReader(bytes.NewReader(AnomaliesCSV), AnomaliesFile, []string{"year", "area_id", "note"}, nil)
	if err != nil {
		return nil, err
	}
	var out []Anomaly
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		y, ok := row.Int("year", 1900, 2999, &errs)
		id := row.Get("area_id")
		if _, known := reg.ByID(id); !known {
			errs.Add(row.Errorf("area_id", "area %q is not in the area registry", id))
			return
		}
		if ok {
			out = append(out, Anomaly{Year: int(y), AreaID: id, Note: row.Get("note")})
		}
	})
	if err != nil {
		return nil, err
	}
	return out, errs.Err()
}
