package register

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf8"

	"github.com/blandby/blandby"
)

// The areas' geometry file is a GeoJSON FeatureCollection (RFC 7946, WGS84
// longitude/latitude) with one feature per area: properties.area_id names
// the area, and the geometry is a Polygon or MultiPolygon. Other properties
// and foreign members are allowed and ignored. Areas may be left out; an area
// may not appear twice.

// ReadAreaGeometry reads the areas' geometry file and returns each area's
// geometry object, compacted, by area id. Every area_id must be in the
// registry, and every geometry a Polygon or MultiPolygon whose rings are
// closed and have at least 4 positions of longitude and latitude in range.
// Errors name the file, the line and column where the feature starts, and
// the feature's index (features[3]); nothing is returned when any feature
// is bad.
func ReadAreaGeometry(r io.Reader, file string, areas *Areas) (map[string]json.RawMessage, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	at := func(off int64, field, format string, args ...any) *blandby.InputError {
		line, col := position(data, off)
		return &blandby.InputError{File: file, Line: line, Column: col, Field: field, Msg: fmt.Sprintf(format, args...)}
	}
	fail := func(off int64, field, format string, args ...any) error {
		return at(off, field, format, args...)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	syntax := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return fail(se.Offset, "", "not valid JSON: %v", se)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fail(int64(len(data)), "", "not valid JSON: unexpected end of file")
		}
		return fail(dec.InputOffset(), "", "not valid GeoJSON: %v", err)
	}
	if tok, err := dec.Token(); err != nil {
		return nil, syntax(err)
	} else if tok != json.Delim('{') {
		return nil, fail(0, "", "not a GeoJSON FeatureCollection (expected an object)")
	}
	out := map[string]json.RawMessage{}
	first := map[string]int{}
	var errs blandby.InputErrors
	var typ string
	haveFeatures := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntax(err)
		}
		key, _ := tok.(string)
		switch key {
		case "type":
			off := dec.InputOffset()
			if err := dec.Decode(&typ); err != nil {
				return nil, fail(off, "type", "not a string")
			}
		case "features":
			haveFeatures = true
			off := dec.InputOffset()
			if tok, err := dec.Token(); err != nil {
				return nil, syntax(err)
			} else if tok != json.Delim('[') {
				return nil, fail(off, "features", "not an array")
			}
			for i := 0; dec.More(); i++ {
				start := skipSeparators(data, dec.InputOffset())
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return nil, syntax(err)
				}
				before := errs.Len()
				id, geom := readFeature(raw, i, func(field, format string, args ...any) {
					errs.Add(at(start, fmt.Sprintf("features[%d]%s", i, field), format, args...))
				})
				if errs.Len() > before {
					continue
				}
				if _, ok := areas.Index(id); !ok {
					errs.Add(at(start, fmt.Sprintf("features[%d].properties.area_id", i), "area %q is not in the areas registry", id))
					continue
				}
				if j, dup := first[id]; dup {
					errs.Add(at(start, fmt.Sprintf("features[%d].properties.area_id", i), "area %q appears twice (first in features[%d])", id, j))
					continue
				}
				first[id] = i
				out[id] = geom
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntax(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, syntax(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntax(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail(dec.InputOffset(), "", "more data after the FeatureCollection")
	}
	if typ != "FeatureCollection" {
		return nil, fail(0, "type", "%q is not a GeoJSON FeatureCollection", typ)
	}
	if !haveFeatures {
		return nil, fail(0, "features", "missing")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// position returns the 1-based line and byte column of an offset.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// skipSeparators moves an offset past white space and a comma, to where the
// next value starts.
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// jsonFeature is a feature as read; members are kept raw so that a wrong
// type is reported on the member.
type jsonFeature struct {
	Type       json.RawMessage            `json:"type"`
	Properties map[string]json.RawMessage `json:"properties"`
	Geometry   json.RawMessage            `json:"geometry"`
}

// readFeature checks one feature and returns its area id and compacted
// geometry; problems go to report (field is the path below the feature).
func readFeature(raw json.RawMessage, i int, report func(field, format string, args ...any)) (string, json.RawMessage) {
	var f jsonFeature
	if err := json.Unmarshal(raw, &f); err != nil {
		report("", "not a GeoJSON Feature object")
		return "", nil
	}
	var typ string
	if json.Unmarshal(f.Type, &typ) != nil || typ != "Feature" {
		report(".type", "%s is not \"Feature\"", shorten(f.Type))
	}
	var id string
	rawID, ok := f.Properties["area_id"]
	switch {
	case !ok:
		report(".properties.area_id", "missing")
	case json.Unmarshal(rawID, &id) != nil:
		report(".properties.area_id", "%s is not a string", shorten(rawID))
	case id == "":
		report(".properties.area_id", "empty")
	}
	geom, msg, field := checkGeometry(f.Geometry)
	if msg != "" {
		report(".geometry"+field, "%s", msg)
		return "", nil
	}
	return id, geom
}

// jsonGeometry is a geometry object as read.
type jsonGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// checkGeometry checks a Polygon or MultiPolygon and returns it compacted,
// or a message and the path of the problem below the geometry.
func checkGeometry(raw json.RawMessage) (json.RawMessage, string, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, "missing (every feature needs a Polygon or MultiPolygon)", ""
	}
	var g jsonGeometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "not a GeoJSON geometry object", ""
	}
	var polys [][][][]float64
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			return nil, "not an array of rings of [longitude, latitude] positions", ".coordinates"
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, "not an array of polygons of rings of [longitude, latitude] positions", ".coordinates"
		}
		if len(polys) == 0 {
			return nil, "a MultiPolygon with no polygons", ".coordinates"
		}
	default:
		return nil, fmt.Sprintf("type %q is not Polygon or MultiPolygon", g.Type), ".type"
	}
	for pi, p := range polys {
		polyPath := ".coordinates"
		if g.Type == "MultiPolygon" {
			polyPath += fmt.Sprintf("[%d]", pi)
		}
		path := func(ri int) string { return fmt.Sprintf("%s[%d]", polyPath, ri) }
		if len(p) == 0 {
			return nil, "a polygon with no rings", polyPath
		}
		for ri, ring := range p {
			if len(ring) < 4 {
				return nil, fmt.Sprintf("a ring of %d positions (at least 4, the last repeating the first)", len(ring)), path(ri)
			}
			for k, pos := range ring {
				if len(pos) < 2 {
					return nil, fmt.Sprintf("position %d has %d values, not [longitude, latitude]", k, len(pos)), path(ri)
				}
				lon, lat := pos[0], pos[1]
				if math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90 {
					return nil, fmt.Sprintf("position %d [%v, %v] is not a WGS84 longitude and latitude (projected coordinates such as EPSG:25832 are not accepted)", k, lon, lat), path(ri)
				}
			}
			if f, l := ring[0], ring[len(ring)-1]; f[0] != l[0] || f[1] != l[1] {
				return nil, "the ring is not closed (its last position must repeat the first)", path(ri)
			}
		}
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, "not valid JSON", ""
	}
	return b.Bytes(), "", ""
}

// shorten quotes a JSON value for a message, cut to 40 bytes.
func shorten(raw json.RawMessage) string {
	s := string(raw)
	if s == "" {
		return "missing"
	}
	if len(s) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// WriteAreaGeometry writes the areas' geometry file that ReadAreaGeometry
// reads: a FeatureCollection with one feature per area that has a geometry,
// in registry order, one feature a line, with properties area_id and
// area_name. A geometry for an area not in the registry, or one that is not
// a valid Polygon or MultiPolygon, is an error.
func WriteAreaGeometry(w io.Writer, areas *Areas, geom map[string]json.RawMessage) error {
	for id := range geom {
		if _, ok := areas.Index(id); !ok {
			return blandby.Errorf(blandby.CodeInvalid, "write area geometry: area %q is not in the areas registry", id)
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	n := 0
	for i := range areas.Len() {
		a := areas.At(int32(i))
		g, ok := geom[a.ID]
		if !ok {
			continue
		}
		compact, msg, field := checkGeometry(g)
		if msg != "" {
			return blandby.Errorf(blandby.CodeInvalid, "write area geometry: area %q: geometry%s: %s", a.ID, field, msg)
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		props, err := json.Marshal(struct {
			AreaID   string `json:"area_id"`
			AreaName string `json:"area_name,omitempty"`
		}{a.ID, a.Name})
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, "\n{\"type\":\"Feature\",\"properties\":%s,\"geometry\":%s}", props, compact)
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write area geometry: %w", err)
	}
	return nil
}
