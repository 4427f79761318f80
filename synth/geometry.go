package synth

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/geo"
)

// Area polygons. Real area boundaries are cadastral and not public in a
// usable form, so each synthetic area gets a plausible one: an irregular,
// roughly convex blob (9–14 vertices, mildly elongated and rotated) whose
// size follows the area's residents at scale 1 in 2023 — 10.3 m ×
// √residents across (about 83 m² a resident), clamped to 300–800 m. Its shape comes from the seed and
// the area id alone. The areas of a municipality cluster around a "town"
// point drawn for the municipality (from the seed and its code) inside the
// largest polygon of its simplified boundary (package geo); each blob lies
// wholly inside that polygon, at least 50 m from its border, and at least
// 80 m from every other area of the municipality (areas of different
// municipalities cannot meet, since municipalities do not overlap).
// Polygons do not depend on Config.Scale, the data years or the workers.

const (
	geoKey         = 0x67656f // "geo": the streams of the polygons
	minAcross      = 300.0    // metres
	maxAcross      = 800.0
	metresPerSqrt  = 10.3 // across = metresPerSqrt × √residents
	borderMargin   = 50.0
	neighbourGap   = 80.0
	townSpread     = 1200.0 // standard deviation of positions around the town, metres
	townClearance  = 1500.0 // wanted distance of the town point from the border
	placeAttempts  = 600
	uniformAttempt = 4000
)

// Geometry returns a polygon for every area of the synthetic Denmark, as a
// GeoJSON Polygon geometry object (WGS84 longitude/latitude, 6 decimals, the
// exterior ring counterclockwise as RFC 7946 asks) keyed by area id. The
// polygons depend only on the seed; see the package's notes on area
// polygons. An error means an area found no room in its municipality, which
// the tests rule out for the built-in geography.
func (g *Generator) Geometry() (map[string]json.RawMessage, error) {
	polys, err := g.areaPolygons()
	if err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(polys))
	for id, p := range polys {
		out[id] = polygonJSON(p)
	}
	return out, nil
}

// areaPolygons places every area's polygon, municipality by municipality.
func (g *Generator) areaPolygons() (map[string]orb.Polygon, error) {
	byMuni := map[blandby.MunicipalityCode][]int{}
	for i := range g.plans {
		byMuni[g.plans[i].reg.MunicipalityCode] = append(byMuni[g.plans[i].reg.MunicipalityCode], i)
	}
	out := make(map[string]orb.Polygon, len(g.plans))
	for _, mu := range dk.Municipalities {
		idx := byMuni[mu.Code]
		if len(idx) == 0 {
			continue
		}
		mp, ok := geo.Municipality(mu.Code)
		if !ok {
			return nil, blandby.Errorf(blandby.CodeInternal, "synth: no boundary for municipality %d", mu.Code)
		}
		pl := newPlacer(mp, g.cfg.Seed, mu.Code)
		for _, i := range idx { // plans are in id order
			p := &g.plans[i]
			across := math.Min(maxAcross, math.Max(minAcross, metresPerSqrt*math.Sqrt(p.size[2023-baseYear])))
			poly, err := pl.place(p.reg.ID, g.cfg.Seed, across)
			if err != nil {
				return nil, err
			}
			out[p.reg.ID] = poly
		}
	}
	return out, nil
}

// placer places blobs in one municipality, in a local plane in metres.
type placer struct {
	lon0, lat0 float64
	mx, my     float64 // metres per degree of longitude and latitude
	poly       orb.Polygon
	bound      orb.Bound
	town       orb.Point
	placed     []disc
}

type disc struct {
	c orb.Point
	r float64
}

func newPlacer(mp orb.MultiPolygon, seed uint64, code blandby.MunicipalityCode) *placer {
	// The largest polygon: the main land of the municipality.
	best, bestArea := 0, 0.0
	for i, p := range mp {
		if a := math.Abs(planar.Area(p)); a > bestArea {
			best, bestArea = i, a
		}
	}
	b := mp[best].Bound()
	pl := &placer{lon0: b.Center()[0], lat0: b.Center()[1]}
	pl.my = 111_320.0
	pl.mx = 111_320.0 * math.Cos(pl.lat0*math.Pi/180)
	for _, r := range mp[best] {
		lr := make(orb.Ring, len(r))
		for k, pt := range r {
			lr[k] = pl.toLocal(pt)
		}
		pl.poly = append(pl.poly, lr)
	}
	pl.bound = pl.poly.Bound()
	// The town: a point well inside, the first of a few draws that is far
	// enough from the border, else the one farthest from it.
	r := stream(seed, geoKey, uint64(code))
	bestC := -1.0
	for range 200 {
		pt := pl.uniform(&r)
		if !planar.PolygonContains(pl.poly, pt) {
			continue
		}
		c := pl.clearance(pt)
		if c > bestC {
			pl.town, bestC = pt, c
		}
		if c >= townClearance {
			break
		}
	}
	return pl
}

func (pl *placer) toLocal(p orb.Point) orb.Point {
	return orb.Point{(p[0] - pl.lon0) * pl.mx, (p[1] - pl.lat0) * pl.my}
}

func (pl *placer) toLonLat(p orb.Point) orb.Point {
	return orb.Point{round6(pl.lon0 + p[0]/pl.mx), round6(pl.lat0 + p[1]/pl.my)}
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func (pl *placer) uniform(r *rng) orb.Point {
	return orb.Point{
		pl.bound.Min[0] + r.float()*(pl.bound.Max[0]-pl.bound.Min[0]),
		pl.bound.Min[1] + r.float()*(pl.bound.Max[1]-pl.bound.Min[1]),
	}
}

// clearance is the distance from a point to the polygon's border (holes
// included).
func (pl *placer) clearance(p orb.Point) float64 {
	d := math.Inf(1)
	for _, r := range pl.poly {
		d = math.Min(d, planar.DistanceFrom(orb.LineString(r), p))
	}
	return d
}

// fits reports whether a disc of radius rad around c lies inside the
// polygon with the margin and clear of the areas placed.
func (pl *placer) fits(c orb.Point, rad float64) bool {
	for _, q := range pl.placed {
		if planar.Distance(c, q.c) < rad+q.r+neighbourGap {
			return false
		}
	}
	return planar.PolygonContains(pl.poly, c) && pl.clearance(c) >= rad+borderMargin
}

// place draws an area's blob and finds room for it: near the town first,
// then anywhere in the polygon.
func (pl *placer) place(id string, seed uint64, across float64) (orb.Polygon, error) {
	h := fnv.New64a()
	h.Write([]byte(id))
	r := stream(seed, geoKey, h.Sum64())
	shape := blob(&r, across)
	rad := 0.0
	for _, p := range shape {
		rad = math.Max(rad, math.Hypot(p[0], p[1]))
	}
	at := func(c orb.Point) orb.Polygon {
		ring := make(orb.Ring, len(shape)+1)
		for k, p := range shape {
			ring[k] = pl.toLonLat(orb.Point{c[0] + p[0], c[1] + p[1]})
		}
		ring[len(shape)] = ring[0]
		pl.placed = append(pl.placed, disc{c, rad})
		return orb.Polygon{ring}
	}
	for k := range placeAttempts {
		s := townSpread * (1 + float64(k)/100)
		c := orb.Point{pl.town[0] + s*r.norm(), pl.town[1] + s*r.norm()}
		if pl.fits(c, rad) {
			return at(c), nil
		}
	}
	for range uniformAttempt {
		if c := pl.uniform(&r); pl.fits(c, rad) {
			return at(c), nil
		}
	}
	return nil, blandby.Errorf(blandby.CodeInternal, "synth: no room for area %s (%.0f m across) in its municipality", id, 2*rad)
}

// blob returns an irregular, roughly convex ring (open, counterclockwise)
// around the origin, across metres wide (its largest extent).
func blob(r *rng, across float64) []orb.Point {
	n := 9 + r.intn(6)
	const r0 = 1.0
	radii := make([]float64, n)
	for k := range radii {
		radii[k] = 0.8 + 0.35*r.float()
	}
	// Smooth the radii with their neighbours so that the blob stays
	// roughly convex.
	smooth := make([]float64, n)
	for k := range radii {
		smooth[k] = (radii[(k+n-1)%n] + 2*radii[k] + radii[(k+1)%n]) / 4
	}
	elong := 0.85 + 0.3*r.float()
	rot := 2 * math.Pi * r.float()
	step := 2 * math.Pi / float64(n)
	pts := make([]orb.Point, n)
	for k := range pts {
		a := step*float64(k) + step*0.3*(r.float()-0.5)
		x := r0 * smooth[k] * math.Cos(a) * elong
		y := r0 * smooth[k] * math.Sin(a) / elong
		pts[k] = orb.Point{x*math.Cos(rot) - y*math.Sin(rot), x*math.Sin(rot) + y*math.Cos(rot)}
	}
	// Scale to exactly the width asked for.
	d := 0.0
	for _, a := range pts {
		for _, b := range pts {
			d = math.Max(d, planar.Distance(a, b))
		}
	}
	for k := range pts {
		pts[k] = orb.Point{pts[k][0] * across / d, pts[k][1] * across / d}
	}
	return pts
}

// polygonJSON writes a GeoJSON Polygon geometry.
func polygonJSON(p orb.Polygon) json.RawMessage {
	var b strings.Builder
	b.WriteString(`{"type":"Polygon","coordinates":[`)
	for ri, r := range p {
		if ri > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for k, pt := range r {
			if k > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "[%s,%s]", strconv.FormatFloat(pt[0], 'f', -1, 64), strconv.FormatFloat(pt[1], 'f', -1, 64))
		}
		b.WriteByte(']')
	}
	b.WriteString("]}")
	return json.RawMessage(b.String())
}
