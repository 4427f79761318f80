// Package geo holds Denmark's 98 municipality and 5 region boundaries,
// simplified for maps and embedded, so that the binary needs no data files.
//
// The boundaries come from the 2014 extract of the public DAGI data set
// (scale 1:500,000, WGS84 longitude/latitude) in ../shared/data/geo. The
// generator in internal/gen (go generate ./geo) merges each municipality's
// features into one MultiPolygon, simplifies every border once with
// Douglas–Peucker at a 150 m tolerance so that neighbours keep identical
// borders (no gaps, no overlaps), drops islets under 0.1 km², rounds
// coordinates to 5 decimals (about 1 m) and writes kommuner.geojson and
// regioner.geojson: about 13,700 positions and 280 kB for the
// municipalities (from 41,000 and 2.2 MB), about 8,400 positions and 165 kB
// for the regions (from 35,000 and 1.8 MB). That is well under a pixel at
// the zoom of a region and of the whole country. Christiansø (0411), which
// is not a municipality, is left out.
//
// Where a map shows these boundaries it must show Attribution.
package geo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/blandby/blandby"
)

//go:generate go run ./internal/gen -src ../../shared/data/geo -out .

// Attribution is the credit the DAGI data require wherever a map shows the
// boundaries (the embedded files also carry it as a top-level
// "attribution" member).
const Attribution = "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur (DAGI)"

var (
	//go:embed kommuner.geojson
	municipalitiesJSON []byte
	//go:embed regioner.geojson
	regionsJSON []byte
)

// Boundary is a municipality or a region with its simplified boundary.
type Boundary struct {
	// Code is the municipality code (101 for København) or the region code
	// (1081–1085).
	Code int
	// Name is the name as in DAGI ("København", "Region Hovedstaden").
	Name string
	// RegionCode is a municipality's region; 0 for a region.
	RegionCode int
	// Geometry is the boundary: WGS84 longitude/latitude, exterior rings
	// counterclockwise and holes clockwise (RFC 7946), rings closed.
	Geometry orb.MultiPolygon
}

type parsed struct {
	municipalities, regions []Boundary
	// bounds are the bounds of each municipality's polygons.
	bounds [][]orb.Bound
	err    error
}

var load = sync.OnceValue(func() parsed {
	var p parsed
	if p.municipalities, p.err = parse(municipalitiesJSON, "kommuner.geojson", true); p.err != nil {
		return p
	}
	p.regions, p.err = parse(regionsJSON, "regioner.geojson", false)
	for _, m := range p.municipalities {
		bs := make([]orb.Bound, len(m.Geometry))
		for i, pg := range m.Geometry {
			bs[i] = pg[0].Bound()
		}
		p.bounds = append(p.bounds, bs)
	}
	return p
})

// file is the layout of the embedded files.
type file struct {
	Type     string `json:"type"`
	Features []struct {
		Properties struct {
			Code       int    `json:"code"`
			Name       string `json:"name"`
			RegionCode int    `json:"region_code"`
		} `json:"properties"`
		Geometry struct {
			Type        string           `json:"type"`
			Coordinates [][][][2]float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// parse reads one of the embedded files.
func parse(data []byte, name string, municipalities bool) ([]Boundary, error) {
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("geo: %s: %w", name, err)
	}
	out := make([]Boundary, 0, len(f.Features))
	for i, ft := range f.Features {
		p := ft.Properties
		if p.Code == 0 || p.Name == "" || ft.Geometry.Type != "MultiPolygon" || municipalities != (p.RegionCode != 0) {
			return nil, fmt.Errorf("geo: %s: feature %d is not a municipality or region MultiPolygon", name, i)
		}
		b := Boundary{Code: p.Code, Name: p.Name, RegionCode: p.RegionCode}
		for _, poly := range ft.Geometry.Coordinates {
			var pg orb.Polygon
			for _, r := range poly {
				ring := make(orb.Ring, len(r))
				for k, pt := range r {
					ring[k] = orb.Point(pt)
				}
				pg = append(pg, ring)
			}
			b.Geometry = append(b.Geometry, pg)
		}
		out = append(out, b)
	}
	return out, nil
}

func mustLoad() parsed {
	p := load()
	if p.err != nil {
		// The files are embedded and checked by the tests; a failure here
		// is a broken build.
		panic(p.err)
	}
	return p
}

func clone(bs []Boundary) []Boundary {
	out := slices.Clone(bs)
	for i := range out {
		out[i].Geometry = out[i].Geometry.Clone()
	}
	return out
}

func find(bs []Boundary, code int) (orb.MultiPolygon, bool) {
	i, ok := slices.BinarySearchFunc(bs, code, func(b Boundary, c int) int { return b.Code - c })
	if !ok {
		return nil, false
	}
	return bs[i].Geometry.Clone(), true
}

// Municipalities returns the 98 municipalities by code. The result is the
// caller's to change.
func Municipalities() []Boundary { return clone(mustLoad().municipalities) }

// Regions returns the 5 regions by code. The result is the caller's to
// change.
func Regions() []Boundary { return clone(mustLoad().regions) }

// Municipality returns a municipality's boundary by code (101 for
// København), or false for an unknown code.
func Municipality(code blandby.MunicipalityCode) (orb.MultiPolygon, bool) {
	return find(mustLoad().municipalities, int(code))
}

// Region returns a region's boundary by code (1081–1085), or false.
func Region(code int) (orb.MultiPolygon, bool) { return find(mustLoad().regions, code) }

// MunicipalityAt returns the code of the municipality whose boundary holds a
// point (longitude, latitude), or false when none does (the sea, a dropped
// islet, or just outside a simplified coast).
func MunicipalityAt(p orb.Point) (blandby.MunicipalityCode, bool) {
	l := mustLoad()
	for i, m := range l.municipalities {
		for k, pg := range m.Geometry {
			if l.bounds[i][k].Contains(p) && planar.PolygonContains(pg, p) {
				return blandby.MunicipalityCode(m.Code), true
			}
		}
	}
	return 0, false
}

// MunicipalitiesJSON returns the municipalities as a GeoJSON
// FeatureCollection, for serving to browsers: one MultiPolygon feature per
// municipality with properties code (a number), name and region_code, and
// a top-level "attribution" member. The result is a copy.
func MunicipalitiesJSON() []byte { return bytes.Clone(municipalitiesJSON) }

// RegionsJSON returns the regions as a GeoJSON FeatureCollection, like
// MunicipalitiesJSON, with properties code and name.
func RegionsJSON() []byte { return bytes.Clone(regionsJSON) }

// MunicipalityPoint returns a point inside a municipality (longitude,
// latitude), for placing what is known only at municipality level: the
// centroid of its largest polygon when that lies inside it, else the
// inside point nearest to it on a grid over the polygon's bounds. False for
// an unknown code.
func MunicipalityPoint(code blandby.MunicipalityCode) (orb.Point, bool) {
	mp, ok := Municipality(code)
	if !ok || len(mp) == 0 {
		return orb.Point{}, false
	}
	largest := mp[0]
	for _, pg := range mp[1:] {
		if planar.Area(pg) > planar.Area(largest) {
			largest = pg
		}
	}
	c, _ := planar.CentroidArea(largest)
	if planar.PolygonContains(largest, c) {
		return c, true
	}
	b := largest.Bound()
	best, bestD := orb.Point{}, -1.0
	const steps = 40
	for i := 1; i < steps; i++ {
		for k := 1; k < steps; k++ {
			p := orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/steps, b.Min[1] + (b.Max[1]-b.Min[1])*float64(k)/steps}
			if !planar.PolygonContains(largest, p) {
				continue
			}
			if d := planar.DistanceSquared(p, c); bestD < 0 || d < bestD {
				best, bestD = p, d
			}
		}
	}
	return best, bestD >= 0
}
