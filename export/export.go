// Package export writes a published list in the formats people download it
// in: CSV, JSON, Excel (.xlsx) and GeoJSON. Every format is written to an
// io.Writer and is deterministic: the same publication, areas and rule set
// give the same bytes (the Excel file's document dates are the publication
// time, not the clock).
//
// A publication's entries are written in the order they are given (the
// store gives them by area id). An area's name is the name the explanation
// recorded for the list year (the name in the indicator file the list was
// computed from), else its name in that year from the store, else its
// current name; its municipality comes from the areas (package dk names
// it), else from the explanation. The lists an area is on are those of its
// explanation; for an imported list, which has none, they follow from its
// category by the nesting of the lists (omdannelse ⊆ parallelsamfund ⊆
// udsat), limited to the lists the rule set of the year defines. Lists are
// named as they were named that year (the rule set's names: "ghettoområde"
// for the 2016 list).
//
// The GeoJSON holds the areas' own polygons (cadastral boundaries, or the
// synthetic ones) and no DAGI data, so it carries no DAGI attribution; a map
// that draws municipality or region borders from package geo must show
// geo.Attribution.
package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
)

// Format is an export format; its value is the name used on the command
// line and in URLs.
type Format string

// The formats.
const (
	// CSV is the `blandby lists --format csv` layout with two more columns,
	// revision and published_at.
	CSV Format = "csv"
	// JSON is the publication's record with every area's explanation.
	JSON Format = "json"
	// XLSX is an Excel workbook: "Om listen", a sheet per list, "Alle
	// områder".
	XLSX Format = "xlsx"
	// GeoJSON is a FeatureCollection of the areas on a list, with their
	// polygons.
	GeoJSON Format = "geojson"
)

// Formats are the formats, in the order they are offered.
var Formats = []Format{CSV, XLSX, JSON, GeoJSON}

// ParseFormat reads a format's name: csv, json, xlsx (or excel) or geojson,
// in any case.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "json":
		return JSON, nil
	case "xlsx", "excel":
		return XLSX, nil
	case "geojson":
		return GeoJSON, nil
	}
	return "", blandby.Errorf(blandby.CodeInvalid, "unknown export format %q (expected csv, xlsx, json or geojson)", s)
}

// Extension returns the file name extension of the format, with the dot.
func (f Format) Extension() string {
	if f == GeoJSON {
		return ".geojson"
	}
	return "." + string(f)
}

// ContentType returns the format's media type, for HTTP responses.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case JSON:
		return "application/json"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case GeoJSON:
		return "application/geo+json"
	}
	return "application/octet-stream"
}

// FileName returns a download name for a publication in a format, such as
// "blandede-byer-2023-rev1.xlsx".
func FileName(pub *store.Publication, f Format) string {
	return fmt.Sprintf("blandede-byer-%d-rev%d%s", pub.Year, pub.Revision, f.Extension())
}

// Write writes a published list in a format. pub must carry its entries;
// areas are the stored areas (for names, municipalities and geometry; an
// entry whose area is missing is written with what its explanation says);
// rs is the rule set that governed the list's year (for the lists' names),
// and must be the publication's rule set when that is recorded. Nothing is
// written when the input is inconsistent: an explanation that is not a
// classification of the entry's area, year and category, or a category the
// rule set has no list for.
func Write(w io.Writer, format Format, pub *store.Publication, areas []store.Area, rs *law.RuleSet) error {
	return WriteSelection(w, format, pub, areas, rs, Selection{})
}

// Selection is the part of a published list a download holds: the areas
// Keep keeps (every area when Keep is nil), described in Description, in
// Danish as the files are written ("kommune: Aarhus"). A selection's
// counts (the JSON's lists, the Excel's "Om listen") are of its areas, and
// the JSON and the Excel file say which selection they hold.
type Selection struct {
	Keep        func(areaID string) bool
	Description string
}

// WriteSelection writes the areas of a published list that sel keeps, as
// Write writes the whole list.
func WriteSelection(w io.Writer, format Format, pub *store.Publication, areas []store.Area, rs *law.RuleSet, sel Selection) error {
	var write func(*doc, io.Writer) error
	switch format {
	case CSV:
		write = (*doc).writeCSV
	case JSON:
		write = (*doc).writeJSON
	case XLSX:
		write = (*doc).writeXLSX
	case GeoJSON:
		write = (*doc).writeGeoJSON
	default:
		return blandby.Errorf(blandby.CodeInvalid, "unknown export format %q (expected csv, xlsx, json or geojson)", string(format))
	}
	if pub == nil || rs == nil {
		return blandby.Errorf(blandby.CodeInvalid, "export: no publication or no rule set")
	}
	d, err := newDoc(pub, areas, rs)
	if err != nil {
		return err
	}
	if sel.Keep != nil {
		kept := d.rows[:0:0]
		for _, r := range d.rows {
			if sel.Keep(r.entry.AreaID) {
				kept = append(kept, r)
			}
		}
		d.rows = kept
	}
	d.selection = sel.Description
	return write(d, w)
}

// Entry is one area of a published list with what the formats and the web
// show of it.
type Entry struct {
	AreaID           string                   `json:"area_id"`
	Name             string                   `json:"area_name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
	Municipality     string                   `json:"municipality"`
	Category         blandby.Category         `json:"category"`
	// On are the lists the area is on, most specific first.
	On []blandby.Category `json:"on"`
	// CriteriaMet are the ids of the met criteria (none for an imported
	// list).
	CriteriaMet []string `json:"criteria_met"`
	// Residents is 0 for an imported list.
	Residents int64 `json:"residents"`
	// Result is the explanation, nil for an imported list.
	Result *classify.Result `json:"-"`
	// Geometry is the area's polygon, or nil.
	Geometry json.RawMessage `json:"-"`
	// Area is the area as of the list's year: the stored facts (dwellings,
	// region) with that year's name and the municipality's name.
	Area blandby.Area `json:"-"`
	// Source is where an imported entry comes from (empty when not
	// recorded): one or more sources separated by " ; ".
	Source string `json:"source,omitempty"`
}

// Entries returns a published list's areas, named and placed as the
// formats write them (see the package comment), in the publication's
// order. It fails on the inconsistencies Write refuses.
func Entries(pub *store.Publication, areas []store.Area, rs *law.RuleSet) ([]Entry, error) {
	if pub == nil || rs == nil {
		return nil, blandby.Errorf(blandby.CodeInvalid, "export: no publication or no rule set")
	}
	d, err := newDoc(pub, areas, rs)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(d.rows))
	for i := range d.rows {
		r := &d.rows[i]
		out[i] = Entry{AreaID: r.entry.AreaID, Name: r.area.Name, MunicipalityCode: r.area.MunicipalityCode, Municipality: r.area.Municipality, Area: r.area, Source: r.entry.Source,
			Category: r.entry.Category, On: r.on, CriteriaMet: r.criteriaMet(), Result: r.result, Geometry: r.geometry}
		if out[i].On == nil {
			out[i].On = []blandby.Category{}
		}
		if out[i].CriteriaMet == nil {
			out[i].CriteriaMet = []string{}
		}
		if r.result != nil {
			out[i].Residents = r.result.Residents
		}
	}
	return out, nil
}

// doc is a publication ready to be written.
type doc struct {
	pub  *store.Publication
	rs   *law.RuleSet
	rows []row
	// lists are the categories the rule set defines, in its order.
	lists []blandby.Category
	// computed is true when some entry has an explanation.
	computed bool
	// selection describes the part of the list written ("" for all).
	selection string
}

// row is one entry with what the formats show of it.
type row struct {
	entry *store.Entry
	// area is the area as of the list's year: the stored facts, with the
	// name of that year and the municipality's name.
	area     blandby.Area
	geometry json.RawMessage
	// on are the lists the area is on, most specific first.
	on []blandby.Category
	// result is the parsed explanation, nil when there is none.
	result *classify.Result
}

func (r *row) isOn(c blandby.Category) bool {
	for _, o := range r.on {
		if o == c {
			return true
		}
	}
	return false
}

// criteriaMet returns the ids of the met criteria, in rule-set order.
func (r *row) criteriaMet() []string {
	if r.result == nil {
		return nil
	}
	return r.result.CriteriaMet()
}

func newDoc(pub *store.Publication, areas []store.Area, rs *law.RuleSet) (*doc, error) {
	invalid := func(format string, args ...any) error {
		return blandby.Errorf(blandby.CodeInvalid, "export of the %d list (revision %d): "+format, append([]any{pub.Year, pub.Revision}, args...)...)
	}
	if pub.RuleSet != "" && pub.RuleSet != rs.ID {
		return nil, invalid("it was published under rule set %s, not %s", pub.RuleSet, rs.ID)
	}
	d := &doc{pub: pub, rs: rs}
	for _, l := range rs.Lists {
		d.lists = append(d.lists, l.Category)
	}
	byID := make(map[string]*store.Area, len(areas))
	for i := range areas {
		byID[areas[i].ID] = &areas[i]
	}
	seen := make(map[string]bool, len(pub.Entries))
	for i := range pub.Entries {
		e := &pub.Entries[i]
		if seen[e.AreaID] {
			return nil, invalid("area %q appears twice", e.AreaID)
		}
		seen[e.AreaID] = true
		if !e.Category.Valid() {
			return nil, invalid("area %q: unknown category %q", e.AreaID, e.Category)
		}
		if _, ok := rs.List(e.Category); !ok && e.Category != blandby.None {
			return nil, invalid("area %q: rule set %s has no %s list", e.AreaID, rs.ID, e.Category)
		}
		r := row{entry: e, area: blandby.Area{ID: e.AreaID}}
		if len(e.Explanation) > 0 && string(e.Explanation) != "null" {
			var res classify.Result
			if err := json.Unmarshal(e.Explanation, &res); err != nil {
				return nil, invalid("area %q: explanation: %v", e.AreaID, err)
			}
			if res.Area.ID != e.AreaID || res.Category != e.Category || res.Year != pub.Year {
				return nil, invalid("area %q: the explanation is of area %q, year %d, category %q, not of this entry (category %q)",
					e.AreaID, res.Area.ID, res.Year, res.Category, e.Category)
			}
			r.result = &res
			r.on = res.On
			r.area.Name = res.Area.Name
			d.computed = true
		} else {
			for _, c := range blandby.ListCategories {
				if _, ok := rs.List(c); ok && e.Category.On(c) {
					r.on = append(r.on, c)
				}
			}
		}
		if a, ok := byID[e.AreaID]; ok {
			name := r.area.Name
			r.area = a.Area
			if name == "" {
				for _, yn := range a.Names {
					if yn.Year == pub.Year {
						name = yn.Name
					}
				}
			}
			if name != "" {
				r.area.Name = name
			}
			r.geometry = a.Geometry
		}
		if r.area.MunicipalityCode == 0 && r.result != nil {
			r.area.MunicipalityCode = r.result.Area.MunicipalityCode
		}
		r.area.Municipality = ""
		if m, ok := dk.MunicipalityByCode(r.area.MunicipalityCode); ok {
			r.area.Municipality = m.Name
		}
		if r.area.Municipality == "" && r.result != nil {
			r.area.Municipality = r.result.Area.Municipality
		}
		d.rows = append(d.rows, r)
	}
	return d, nil
}

// values are the numbers the CSV and the Excel format give of a row of a
// computed list, in the same columns: its residents, then each criterion's
// value in rule-set order; nil where unknown (a row without explanation,
// a criterion without value).
func (d *doc) values(r *row) []*float64 {
	out := make([]*float64, 1+len(d.rs.Criteria))
	if r.result == nil {
		return out
	}
	res := float64(r.result.Residents)
	out[0] = &res
	for k, c := range d.rs.Criteria {
		if cr, ok := r.result.Criterion(c.ID); ok && cr.Value != nil {
			v := cr.Value.Float64()
			out[1+k] = &v
		}
	}
	return out
}

// listName returns a category's Danish name under the rule set, or "ingen
// liste".
func (d *doc) listName(c blandby.Category) string {
	if l, ok := d.rs.List(c); ok {
		return l.Name.DA
	}
	return c.Label(blandby.Danish)
}

// publishedAt formats the publication time: RFC 3339 in UTC.
func (d *doc) publishedAt() string {
	return d.pub.PublishedAt.UTC().Format(time.RFC3339Nano)
}
