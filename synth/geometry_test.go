package synth

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/geo"
)

// metres converts a ring to metres around its first position.
func metres(r orb.Ring) orb.Ring {
	lat0 := r[0][1]
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[i] = orb.Point{(p[0] - r[0][0]) * 111_320 * math.Cos(lat0*math.Pi/180), (p[1] - lat0) * 111_320}
	}
	return out
}

// across is the largest distance between two positions of a ring, in metres.
func across(r orb.Ring) float64 {
	m := metres(r)
	d := 0.0
	for _, a := range m {
		for _, b := range m {
			d = math.Max(d, planar.Distance(a, b))
		}
	}
	return d
}

func segmentsCross(a, b orb.Ring) bool {
	cross := func(p, q, r orb.Point) float64 {
		return (q[0]-p[0])*(r[1]-p[1]) - (q[1]-p[1])*(r[0]-p[0])
	}
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			p1, p2, q1, q2 := a[i], a[i+1], b[j], b[j+1]
			d1, d2 := cross(p1, p2, q1), cross(p1, p2, q2)
			d3, d4 := cross(q1, q2, p1), cross(q1, q2, p2)
			if (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0) {
				return true
			}
		}
	}
	return false
}

func overlap(a, b orb.Polygon) bool {
	if !a.Bound().Intersects(b.Bound()) {
		return false
	}
	return planar.PolygonContains(a, b[0][0]) || planar.PolygonContains(b, a[0][0]) || segmentsCross(a[0], b[0])
}

func TestGeometry(t *testing.T) {
	g := newGen(t, Config{Seed: DefaultSeed})
	raw, err := g.Geometry()
	if err != nil {
		t.Fatal(err)
	}
	areas := g.Areas()
	if len(raw) != areas.Len() {
		t.Fatalf("%d polygons for %d areas", len(raw), areas.Len())
	}
	byMuni := map[blandby.MunicipalityCode][]orb.Polygon{}
	sizes := map[string]float64{}
	for i := range areas.Len() {
		a := areas.At(int32(i))
		gj, ok := raw[a.ID]
		if !ok {
			t.Fatalf("no polygon for %s", a.ID)
		}
		geom, err := geojson.UnmarshalGeometry(gj)
		if err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		p, ok := geom.Geometry().(orb.Polygon)
		if !ok || len(p) != 1 {
			t.Fatalf("%s: %s is not a Polygon with one ring", a.ID, gj)
		}
		r := p[0]
		if len(r) < 10 || r[0] != r[len(r)-1] {
			t.Errorf("%s: ring of %d positions, closed %v", a.ID, len(r), r[0] == r[len(r)-1])
		}
		if r.Orientation() != orb.CCW {
			t.Errorf("%s: the ring is not counterclockwise", a.ID)
		}
		if d := across(r); d < 299 || d > 801 {
			t.Errorf("%s: %.0f m across", a.ID, d)
		}
		sizes[a.ID] = math.Abs(planar.Area(metres(r)))
		mp, _ := geo.Municipality(a.MunicipalityCode)
		for _, pt := range r {
			if !planar.MultiPolygonContains(mp, pt) {
				t.Errorf("%s: %v is outside municipality %d", a.ID, pt, a.MunicipalityCode)
				break
			}
		}
		for _, q := range byMuni[a.MunicipalityCode] {
			if overlap(p, q) {
				t.Errorf("%s overlaps another area of municipality %d", a.ID, a.MunicipalityCode)
			}
		}
		byMuni[a.MunicipalityCode] = append(byMuni[a.MunicipalityCode], p)
	}
	// Larger areas get larger polygons: the largest planned area's polygon
	// is larger than the smallest's.
	big, small := "", ""
	for i := range g.plans {
		p := &g.plans[i]
		s := p.size[2023-baseYear]
		if big == "" || s > g.plans[indexOf(g, big)].size[2023-baseYear] {
			big = p.reg.ID
		}
		if small == "" || s < g.plans[indexOf(g, small)].size[2023-baseYear] {
			small = p.reg.ID
		}
	}
	if sizes[big] < 2*sizes[small] {
		t.Errorf("the largest area %s has %.0f m², the smallest %s %.0f m²", big, sizes[big], small, sizes[small])
	}
	if len(byMuni[101]) < 10 {
		t.Errorf("København has %d areas", len(byMuni[101]))
	}
}

func indexOf(g *Generator, id string) int {
	i, _ := g.areas.Index(id)
	return int(i)
}

// TestGeometryDeterministic: the polygons depend on the seed only, not on
// the scale, years or workers; every seed finds room for every area.
func TestGeometryDeterministic(t *testing.T) {
	a, err := newGen(t, Config{Seed: 5}).Geometry()
	if err != nil {
		t.Fatal(err)
	}
	b, err := newGen(t, Config{Seed: 5, Scale: 0.01, FirstYear: 2019, LastYear: 2020, Workers: 1}).Geometry()
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("the same seed gave different polygons")
	}
	for seed := uint64(1); seed <= 12; seed++ {
		c, err := newGen(t, Config{Seed: seed}).Geometry()
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if seed == 6 {
			jc, _ := json.Marshal(c)
			if string(jc) == string(ja) {
				t.Error("seeds 5 and 6 gave the same polygons")
			}
		}
	}
}
