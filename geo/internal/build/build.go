// Package build turns the DAGI municipality and region boundaries (WGS84
// GeoJSON, one Polygon feature per island) into the small files package geo
// embeds: one MultiPolygon feature per municipality and region, simplified,
// with coordinates rounded to 5 decimals.
//
// Simplification keeps shared borders shared. Both files are processed
// together: a vertex where the set of rings passing through it changes (where
// a border between two municipalities meets the coast or a third
// municipality) is a junction and is always kept; each stretch of a ring
// between junctions is simplified with Douglas–Peucker (paulmach/orb), and a
// vertex kept on any ring is kept on every ring through it. So two
// neighbouring municipalities, and a region and its municipalities, keep
// exactly the same vertices along the border they share: simplification
// opens no gaps and makes no overlaps there. Rings smaller than a minimum
// area after simplification are dropped (islets invisible at the zooms the
// files are for). Finally every segment is checked against every other
// (exactly, on the rounded integer coordinates): where two cross, the
// stretches they come from are simplified again with half the tolerance,
// until none cross.
package build

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"
)

// Attribution is the credit the DAGI data require where maps show them.
const Attribution = "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur (DAGI)"

// Options control the simplification.
type Options struct {
	// Tolerance is the Douglas–Peucker tolerance in metres.
	Tolerance float64
	// MinArea is the area in km² below which a ring (an islet, a hole) is
	// dropped after simplification.
	MinArea float64
	// Drop lists municipality codes left out (Christiansø, 0411, is not a
	// municipality).
	Drop []int
}

// DefaultOptions are the options the embedded files are made with.
var DefaultOptions = Options{Tolerance: 150, MinArea: 0.1, Drop: []int{411}}

// Unit is one municipality or region of the output.
type Unit struct {
	Code       int
	Name       string
	RegionCode int // municipalities only
	Geometry   orb.MultiPolygon
}

// Stats describe a run.
type Stats struct {
	// SourceVertices and OutputVertices count ring positions (closing
	// positions included) in the municipality and the region file.
	SourceVertices, OutputVertices [2]int
	// SourceRings and OutputRings count rings.
	SourceRings, OutputRings [2]int
	// Rounds is the number of simplification rounds (1 when no segments
	// crossed after the first).
	Rounds int
	// Refined is the number of ring stretches simplified again with a
	// smaller tolerance because segments crossed.
	Refined int
}

// Result is the output of Run.
type Result struct {
	Municipalities, Regions []Unit
	// MunicipalitiesJSON and RegionsJSON are the files to embed.
	MunicipalitiesJSON, RegionsJSON []byte
	Stats                           Stats
}

// kx scales longitude to the same length as latitude at Denmark's latitude,
// so that tolerances are isotropic.
var kx = math.Cos(56 * math.Pi / 180)

// metresPerDegree is the length of a degree of latitude.
const metresPerDegree = 111_320.0

// Source file names.
const (
	MunicipalitiesFile = "kommuner.geojson"
	RegionsFile        = "regioner.geojson"
)

// RunDir reads kommuner.geojson and regioner.geojson from dir and runs.
func RunDir(dir string, opt Options) (*Result, error) {
	k, err := os.ReadFile(filepath.Join(dir, MunicipalitiesFile))
	if err != nil {
		return nil, err
	}
	r, err := os.ReadFile(filepath.Join(dir, RegionsFile))
	if err != nil {
		return nil, err
	}
	return Run(k, r, opt)
}

// source types: a FeatureCollection of Polygon features (positions may carry
// a third value, which is dropped).
type srcCollection struct {
	Type     string       `json:"type"`
	Features []srcFeature `json:"features"`
}

type srcFeature struct {
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// ring is one ring of the input, open (the closing position dropped).
type ring struct {
	unit    int // index in units
	poly    int // polygon index in the unit
	hole    bool
	pts     []orb.Point
	fixed   []bool
	arcs    [][2]int // start and end index (end may be < start: wraps)
	tol     []float64
	ext     int     // index of the exterior ring of a hole; -1 for an exterior
	kept    []ipt   // after simplification and rounding (open)
	segArc  []int   // arc of each kept segment
	dropped bool    // too small
	areaKm2 float64 // of kept
}

type ipt struct{ X, Y int64 } // lon and lat × 1e5

type unit struct {
	region     bool
	code       int
	name       string
	regionCode int
	polys      [][]int // ring indices: exterior first
}

// Run simplifies the two source files.
func Run(kommuner, regioner []byte, opt Options) (*Result, error) {
	if opt.Tolerance <= 0 || opt.MinArea < 0 {
		return nil, fmt.Errorf("bad options %+v", opt)
	}
	var units []unit
	var rings []*ring
	var st Stats
	load := func(data []byte, file string, region bool) error {
		var c srcCollection
		if err := json.Unmarshal(data, &c); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if c.Type != "FeatureCollection" {
			return fmt.Errorf("%s: not a FeatureCollection", file)
		}
		byCode := map[int]int{}
		for i, f := range c.Features {
			codeKey, nameKey := "KOMKODE", "KOMNAVN"
			if region {
				codeKey, nameKey = "REGIONKODE", "REGIONNAVN"
			}
			cs, _ := f.Properties[codeKey].(string)
			name, _ := f.Properties[nameKey].(string)
			code, err := strconv.Atoi(cs)
			if err != nil || name == "" {
				return fmt.Errorf("%s: feature %d: bad %s %q or %s %q", file, i, codeKey, cs, nameKey, name)
			}
			var coords [][][]float64
			switch f.Geometry.Type {
			case "Polygon":
				var p [][][]float64
				if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
					return fmt.Errorf("%s: feature %d: %w", file, i, err)
				}
				coords = p
			default:
				return fmt.Errorf("%s: feature %d: geometry %s, expected Polygon", file, i, f.Geometry.Type)
			}
			k := boolIndex(region)
			if slices.Contains(opt.Drop, code) && !region {
				st.SourceRings[k] += len(coords)
				for _, rc := range coords {
					st.SourceVertices[k] += len(rc)
				}
				continue
			}
			ui, ok := byCode[code]
			if !ok {
				ui = len(units)
				byCode[code] = ui
				units = append(units, unit{region: region, code: code, name: name})
			} else if units[ui].name != name {
				return fmt.Errorf("%s: feature %d: code %d named both %q and %q", file, i, code, units[ui].name, name)
			}
			u := &units[ui]
			var poly []int
			for ri, rc := range coords {
				r := &ring{unit: ui, poly: len(u.polys), hole: ri > 0}
				for _, p := range rc {
					if len(p) < 2 {
						return fmt.Errorf("%s: feature %d: a position with %d values", file, i, len(p))
					}
					pt := orb.Point{p[0], p[1]}
					if n := len(r.pts); n > 0 && r.pts[n-1] == pt {
						continue
					}
					r.pts = append(r.pts, pt)
				}
				if n := len(r.pts); n > 1 && r.pts[0] == r.pts[n-1] {
					r.pts = r.pts[:n-1]
				}
				st.SourceRings[k]++
				st.SourceVertices[k] += len(rc)
				if len(r.pts) < 3 {
					if ri == 0 {
						return fmt.Errorf("%s: feature %d: exterior ring with fewer than 3 positions", file, i)
					}
					continue
				}
				r.ext = -1
				if ri > 0 {
					r.ext = poly[0]
				}
				poly = append(poly, len(rings))
				rings = append(rings, r)
			}
			u.polys = append(u.polys, poly)
		}
		return nil
	}
	if err := load(kommuner, MunicipalitiesFile, false); err != nil {
		return nil, err
	}
	if err := load(regioner, RegionsFile, true); err != nil {
		return nil, err
	}
	findJunctions(rings)
	for _, r := range rings {
		r.tol = make([]float64, len(r.arcs))
		for a := range r.tol {
			r.tol[a] = opt.Tolerance / metresPerDegree
		}
	}
	minTol := 0.5 / metresPerDegree
	for round := 1; ; round++ {
		st.Rounds = round
		simplifyAll(rings, opt.MinArea)
		bad := crossings(rings)
		if len(bad) == 0 {
			break
		}
		progress := false
		for _, ra := range bad {
			r := rings[ra[0]]
			if t := r.tol[ra[1]]; t > minTol {
				r.tol[ra[1]] = t / 2
				st.Refined++
				progress = true
			}
		}
		if !progress || round > 40 {
			return nil, fmt.Errorf("segments still cross after %d rounds (%d stretches)", round, len(bad))
		}
	}

	res := &Result{Stats: st}
	for ui := range units {
		u := &units[ui]
		var mp orb.MultiPolygon
		for _, poly := range u.polys {
			ext := rings[poly[0]]
			if ext.dropped {
				continue
			}
			p := orb.Polygon{closedRing(ext.kept, false)}
			for _, hi := range poly[1:] {
				if h := rings[hi]; !h.dropped {
					p = append(p, closedRing(h.kept, true))
				}
			}
			mp = append(mp, p)
		}
		if len(mp) == 0 {
			return nil, fmt.Errorf("%d %s: nothing left after simplification", u.code, u.name)
		}
		// Largest polygon first, then by position, for a stable order.
		slices.SortStableFunc(mp, func(a, b orb.Polygon) int {
			return cmp.Or(cmp.Compare(math.Abs(planar.Area(b[0])), math.Abs(planar.Area(a[0]))),
				cmp.Compare(a[0][0][0], b[0][0][0]), cmp.Compare(a[0][0][1], b[0][0][1]))
		})
		k := boolIndex(u.region)
		for _, p := range mp {
			st.OutputRings[k] += len(p)
			for _, r := range p {
				st.OutputVertices[k] += len(r)
			}
		}
		out := Unit{Code: u.code, Name: u.name, Geometry: mp}
		if u.region {
			res.Regions = append(res.Regions, out)
		} else {
			res.Municipalities = append(res.Municipalities, out)
		}
	}
	res.Stats = st
	byCode := func(a, b Unit) int { return cmp.Compare(a.Code, b.Code) }
	slices.SortFunc(res.Municipalities, byCode)
	slices.SortFunc(res.Regions, byCode)
	for i := range res.Municipalities {
		m := &res.Municipalities[i]
		rc, err := regionOf(m.Geometry, res.Regions)
		if err != nil {
			return nil, fmt.Errorf("%d %s: %w", m.Code, m.Name, err)
		}
		m.RegionCode = rc
	}
	res.MunicipalitiesJSON = Encode(res.Municipalities, true)
	res.RegionsJSON = Encode(res.Regions, false)
	return res, nil
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// findJunctions marks the vertices where the set of rings through a vertex
// changes, and splits every ring into arcs between them. A ring without
// junctions (an island) gets two: its first vertex and the vertex farthest
// from it.
func findJunctions(rings []*ring) {
	owners := map[orb.Point][]int{}
	for ri, r := range rings {
		for _, p := range r.pts {
			if o := owners[p]; len(o) == 0 || o[len(o)-1] != ri {
				owners[p] = append(o, ri)
			}
		}
	}
	for _, r := range rings {
		n := len(r.pts)
		r.fixed = make([]bool, n)
		count := 0
		for i, p := range r.pts {
			prev, next := r.pts[(i+n-1)%n], r.pts[(i+1)%n]
			o := owners[p]
			if len(o) > 1 && (!slices.Equal(o, owners[prev]) || !slices.Equal(o, owners[next])) {
				r.fixed[i] = true
				count++
			}
		}
		if count < 2 {
			// Keep at least two vertices fixed, far apart.
			first := slices.Index(r.fixed, true)
			if first < 0 {
				first = 0
				r.fixed[0] = true
			}
			far, best := first, -1.0
			for i, p := range r.pts {
				if d := dist2(proj(p), proj(r.pts[first])); d > best {
					far, best = i, d
				}
			}
			r.fixed[far] = true
		}
		var idx []int
		for i, f := range r.fixed {
			if f {
				idx = append(idx, i)
			}
		}
		for k, s := range idx {
			r.arcs = append(r.arcs, [2]int{s, idx[(k+1)%len(idx)]})
		}
	}
}

func proj(p orb.Point) orb.Point { return orb.Point{p[0] * kx, p[1]} }

func dist2(a, b orb.Point) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return dx*dx + dy*dy
}

// simplifyAll simplifies every arc with its tolerance, keeps the union of the
// vertices kept by any ring, rounds, and drops rings too small.
func simplifyAll(rings []*ring, minArea float64) {
	keep := map[orb.Point]bool{}
	for _, r := range rings {
		n := len(r.pts)
		for a, arc := range r.arcs {
			s, e := arc[0], arc[1]
			m := (e-s+n)%n + 1
			if m == 1 { // a single fixed vertex: the whole ring
				m = n + 1
			}
			ls := make(orb.LineString, m)
			for k := range m {
				ls[k] = proj(r.pts[(s+k)%n])
			}
			orig := slices.Clone(ls)
			out := simplify.DouglasPeucker(r.tol[a]).LineString(ls)
			j := 0
			for _, q := range out {
				for orig[j] != q {
					j++
				}
				keep[r.pts[(s+j)%n]] = true
			}
		}
	}
	for _, r := range rings {
		r.kept, r.segArc = r.kept[:0], r.segArc[:0]
		n := len(r.pts)
		// Walk from the first fixed vertex so that every kept segment lies
		// within one arc.
		start := r.arcs[0][0]
		arc := 0
		for k := range n {
			i := (start + k) % n
			if arc+1 < len(r.arcs) && i == r.arcs[arc+1][0] {
				arc++
			}
			if !keep[r.pts[i]] && !r.fixed[i] {
				continue
			}
			q := round(r.pts[i])
			if m := len(r.kept); m > 0 && r.kept[m-1] == q {
				continue
			}
			r.kept = append(r.kept, q)
			r.segArc = append(r.segArc, arc)
		}
		for len(r.kept) > 1 && r.kept[0] == r.kept[len(r.kept)-1] {
			r.kept = r.kept[:len(r.kept)-1]
			r.segArc = r.segArc[:len(r.segArc)-1]
		}
		r.areaKm2 = math.Abs(iarea(r.kept)) * kx * 1e-10 * (metresPerDegree / 1000) * (metresPerDegree / 1000)
		r.dropped = len(r.kept) < 3 || r.areaKm2 < minArea
	}
	// A hole goes with its exterior.
	for _, r := range rings {
		if r.ext >= 0 && rings[r.ext].dropped {
			r.dropped = true
		}
	}
}

func round(p orb.Point) ipt {
	return ipt{int64(math.Round(p[0] * 1e5)), int64(math.Round(p[1] * 1e5))}
}

// iarea is twice the signed area of an open ring, in (1e-5 degree)².
func iarea(r []ipt) float64 {
	var s int64
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i].X*r[j].Y - r[j].X*r[i].Y
	}
	return float64(s) / 2
}

// seg is a segment of a kept ring, with where it came from.
type seg struct {
	a, b ipt
	ring int
	arc  int
}

// crossings returns the (ring, arc) pairs whose segments cross or overlap
// another segment: anything but sharing an endpoint or being the same
// segment.
func crossings(rings []*ring) [][2]int {
	var segs []seg
	seen := map[[2]ipt]bool{}
	for ri, r := range rings {
		if r.dropped {
			continue
		}
		n := len(r.kept)
		for i := range n {
			a, b := r.kept[i], r.kept[(i+1)%n]
			key := [2]ipt{a, b}
			if less(b, a) {
				key = [2]ipt{b, a}
			}
			if seen[key] {
				continue // the same segment of a neighbour or a region
			}
			seen[key] = true
			segs = append(segs, seg{a: a, b: b, ring: ri, arc: r.segArc[i]})
		}
	}
	// A grid of cells about 2 km square.
	const cell = 2000
	grid := map[[2]int64][]int{}
	for i, s := range segs {
		x0, x1 := min(s.a.X, s.b.X)/cell, max(s.a.X, s.b.X)/cell
		y0, y1 := min(s.a.Y, s.b.Y)/cell, max(s.a.Y, s.b.Y)/cell
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				grid[[2]int64{x, y}] = append(grid[[2]int64{x, y}], i)
			}
		}
	}
	cellOf := func(s seg) (x0, y0 int64) { return min(s.a.X, s.b.X) / cell, min(s.a.Y, s.b.Y) / cell }
	bad := map[[2]int]bool{}
	for key, ids := range grid {
		for x := 0; x < len(ids); x++ {
			for y := x + 1; y < len(ids); y++ {
				s, t := segs[ids[x]], segs[ids[y]]
				// Check each pair once: in the first cell both are in.
				sx, sy := cellOf(s)
				tx, ty := cellOf(t)
				if max(sx, tx) != key[0] || max(sy, ty) != key[1] {
					continue
				}
				if conflict(s, t) {
					bad[[2]int{s.ring, s.arc}] = true
					bad[[2]int{t.ring, t.arc}] = true
				}
			}
		}
	}
	out := slices.Collect(maps.Keys(bad))
	slices.SortFunc(out, func(a, b [2]int) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	return out
}

func less(a, b ipt) bool { return a.X < b.X || a.X == b.X && a.Y < b.Y }

// orient is the sign of the cross product (b-a)×(c-a), exactly.
func orient(a, b, c ipt) int {
	v := (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X)
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func onSegment(a, b, p ipt) bool {
	return min(a.X, b.X) <= p.X && p.X <= max(a.X, b.X) && min(a.Y, b.Y) <= p.Y && p.Y <= max(a.Y, b.Y)
}

// conflict reports whether two distinct segments meet anywhere but at a
// shared endpoint.
func conflict(s, t seg) bool {
	shared := 0
	for _, p := range []ipt{s.a, s.b} {
		if p == t.a || p == t.b {
			shared++
		}
	}
	o1, o2 := orient(s.a, s.b, t.a), orient(s.a, s.b, t.b)
	o3, o4 := orient(t.a, t.b, s.a), orient(t.a, t.b, s.b)
	if shared == 1 {
		// Touching at the shared endpoint is fine unless they overlap
		// along a line.
		if o1 == 0 && o2 == 0 {
			var sp, so, tp ipt // shared point, other ends
			switch {
			case s.a == t.a:
				sp, so, tp = s.a, s.b, t.b
			case s.a == t.b:
				sp, so, tp = s.a, s.b, t.a
			case s.b == t.a:
				sp, so, tp = s.b, s.a, t.b
			default:
				sp, so, tp = s.b, s.a, t.a
			}
			// Same direction from the shared point: they overlap.
			return (so.X-sp.X)*(tp.X-sp.X)+(so.Y-sp.Y)*(tp.Y-sp.Y) > 0
		}
		return false
	}
	if o1 != o2 && o3 != o4 && o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 {
		return true
	}
	return o1 == 0 && onSegment(s.a, s.b, t.a) || o2 == 0 && onSegment(s.a, s.b, t.b) ||
		o3 == 0 && onSegment(t.a, t.b, s.a) || o4 == 0 && onSegment(t.a, t.b, s.b)
}

// closedRing turns kept integer positions into a closed ring oriented as
// RFC 7946 asks: exterior rings counterclockwise, holes clockwise.
func closedRing(kept []ipt, hole bool) orb.Ring {
	pts := slices.Clone(kept)
	if ccw := iarea(pts) > 0; ccw == hole {
		slices.Reverse(pts)
	}
	r := make(orb.Ring, 0, len(pts)+1)
	for _, p := range pts {
		r = append(r, orb.Point{float64(p.X) / 1e5, float64(p.Y) / 1e5})
	}
	return append(r, r[0])
}

// regionOf returns the region that holds most of a sample of points inside
// a municipality's largest polygon.
func regionOf(mp orb.MultiPolygon, regions []Unit) (int, error) {
	type part struct {
		code  int
		poly  orb.Polygon
		bound orb.Bound
	}
	var parts []part
	for _, r := range regions {
		for _, p := range r.Geometry {
			parts = append(parts, part{r.Code, p, p[0].Bound()})
		}
	}
	p := mp[0]
	b := p.Bound()
	votes := map[int]int{}
	const n = 15
	for i := range n {
		for j := range n {
			pt := orb.Point{b.Min[0] + (float64(i)+0.5)/n*(b.Max[0]-b.Min[0]), b.Min[1] + (float64(j)+0.5)/n*(b.Max[1]-b.Min[1])}
			if !planar.PolygonContains(p, pt) {
				continue
			}
			for _, rp := range parts {
				if rp.bound.Contains(pt) && planar.PolygonContains(rp.poly, pt) {
					votes[rp.code]++
				}
			}
		}
	}
	best, bestN := 0, 0
	for _, code := range slices.Sorted(maps.Keys(votes)) {
		if votes[code] > bestN {
			best, bestN = code, votes[code]
		}
	}
	if best == 0 {
		return 0, fmt.Errorf("in no region")
	}
	return best, nil
}

// Encode writes units as a GeoJSON FeatureCollection, one feature a line,
// with the attribution as a foreign member. Properties are code, name and,
// for municipalities, region_code.
func Encode(units []Unit, municipalities bool) []byte {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","attribution":`)
	writeJSONString(&b, Attribution)
	b.WriteString(`,"features":[`)
	for i, u := range units {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n{\"type\":\"Feature\",\"properties\":{\"code\":")
		b.WriteString(strconv.Itoa(u.Code))
		b.WriteString(`,"name":`)
		writeJSONString(&b, u.Name)
		if municipalities {
			b.WriteString(`,"region_code":`)
			b.WriteString(strconv.Itoa(u.RegionCode))
		}
		b.WriteString(`},"geometry":{"type":"MultiPolygon","coordinates":[`)
		for pi, p := range u.Geometry {
			if pi > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for ri, r := range p {
				if ri > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('[')
				for k, pt := range r {
					if k > 0 {
						b.WriteByte(',')
					}
					b.WriteByte('[')
					b.WriteString(coord(pt[0]))
					b.WriteByte(',')
					b.WriteString(coord(pt[1]))
					b.WriteByte(']')
				}
				b.WriteByte(']')
			}
			b.WriteByte(']')
		}
		b.WriteString("]}}")
	}
	b.WriteString("\n]}\n")
	return []byte(b.String())
}

// coord formats a coordinate with at most 5 decimals and no trailing zeros.
func coord(v float64) string {
	s := strconv.FormatFloat(v, 'f', 5, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func writeJSONString(b *strings.Builder, s string) {
	q, _ := json.Marshal(s)
	b.Write(q)
}

// Check reports the first problem of a set of boundaries: a ring not closed,
// with fewer than 4 positions or repeated consecutive positions, wrongly
// oriented, off the 5-decimal grid, or a segment that crosses or overlaps
// another segment of any boundary in the set (sharing an endpoint or being
// the same segment is fine).
func Check(units []Unit) error {
	var rings []*ring
	for _, u := range units {
		for pi, p := range u.Geometry {
			for ri, r := range p {
				where := fmt.Sprintf("%d %s: polygon %d ring %d", u.Code, u.Name, pi, ri)
				if len(r) < 4 {
					return fmt.Errorf("%s: %d positions", where, len(r))
				}
				if r[0] != r[len(r)-1] {
					return fmt.Errorf("%s: not closed", where)
				}
				var kept []ipt
				for k, pt := range r[:len(r)-1] {
					q := round(pt)
					if float64(q.X)/1e5 != pt[0] || float64(q.Y)/1e5 != pt[1] {
						return fmt.Errorf("%s: position %d %v has more than 5 decimals", where, k, pt)
					}
					if k > 0 && kept[len(kept)-1] == q {
						return fmt.Errorf("%s: position %d repeats the one before", where, k)
					}
					kept = append(kept, q)
				}
				if ccw := iarea(kept) > 0; ccw != (ri == 0) {
					return fmt.Errorf("%s: wrong orientation (exterior rings counterclockwise, holes clockwise)", where)
				}
				rings = append(rings, &ring{kept: kept, segArc: make([]int, len(kept)), ext: -1})
			}
		}
	}
	if bad := crossings(rings); len(bad) > 0 {
		return fmt.Errorf("%d rings have segments that cross or overlap others", len(bad))
	}
	return nil
}
