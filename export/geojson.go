package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/geo"
)

// geoProperties are a feature's properties in the GeoJSON format.
type geoProperties struct {
	AreaID           string                   `json:"area_id"`
	AreaName         string                   `json:"area_name"`
	MunicipalityCode blandby.MunicipalityCode `json:"municipality_code"`
	Category         blandby.Category         `json:"category"`
	// CategoryName is the Danish name of the category that year.
	CategoryName string `json:"category_name"`
	Year         int    `json:"year"`
	Revision     int    `json:"revision"`
	// Placed is "municipality" for an area without a polygon, drawn as a
	// point inside its municipality: where the data place it, no more.
	Placed string `json:"placed,omitempty"`
}

// writeGeoJSON writes a FeatureCollection with one feature per area on a
// list, one a line: its stored geometry, or, for an area without one, a
// point inside its municipality with the property placed "municipality"
// (never an invented polygon; null when the municipality is unknown too,
// which is valid GeoJSON), and properties area_id, area_name,
// municipality_code, category, category_name, year and revision. The collection also carries
// year, revision and rule_set as foreign members. It holds no DAGI data, so
// no attribution (see the package documentation).
func (d *doc) writeGeoJSON(w io.Writer) error {
	head, err := encodeJSON(struct {
		Type     string `json:"type"`
		Year     int    `json:"year"`
		Revision int    `json:"revision"`
		RuleSet  string `json:"rule_set"`
	}{"FeatureCollection", d.pub.Year, d.pub.Revision, d.rs.ID}, "")
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(bytes.TrimSuffix(bytes.TrimRight(head, "\n"), []byte("}")))
	bw.WriteString(`,"features":[`)
	n := 0
	for i := range d.rows {
		r := &d.rows[i]
		if r.entry.Category == blandby.None {
			continue
		}
		gp := geoProperties{AreaID: r.entry.AreaID, AreaName: r.area.Name, MunicipalityCode: r.area.MunicipalityCode,
			Category: r.entry.Category, CategoryName: d.listName(r.entry.Category), Year: d.pub.Year, Revision: d.pub.Revision}
		geom := []byte("null")
		hasShape := len(r.geometry) > 0 && string(r.geometry) != "null"
		if p, ok := geo.MunicipalityPoint(r.area.MunicipalityCode); !hasShape && ok {
			gp.Placed = "municipality"
			geom = fmt.Appendf(nil, `{"type":"Point","coordinates":[%.5f,%.5f]}`, p[0], p[1])
		}
		props, err := encodeJSON(gp, "")
		if err != nil {
			return err
		}
		if hasShape {
			var b bytes.Buffer
			if err := json.Compact(&b, r.geometry); err != nil {
				return blandby.Errorf(blandby.CodeInvalid, "export geojson: area %q: the stored geometry is not JSON: %v", r.entry.AreaID, err)
			}
			geom = b.Bytes()
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteString("\n{\"type\":\"Feature\",\"properties\":")
		bw.Write(bytes.TrimRight(props, "\n"))
		bw.WriteString(`,"geometry":`)
		bw.Write(geom)
		bw.WriteByte('}')
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export geojson: %w", err)
	}
	return nil
}
