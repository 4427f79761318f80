package build

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// polygonFeature writes a Polygon feature with the given rings.
func polygonFeature(codeKey, code, nameKey, name string, rings ...[][2]float64) string {
	var rs []string
	for _, r := range rings {
		var ps []string
		for _, p := range r {
			ps = append(ps, fmt.Sprintf("[%v,%v,-999.0]", p[0], p[1]))
		}
		rs = append(rs, "["+strings.Join(ps, ",")+"]")
	}
	return fmt.Sprintf(`{"type":"Feature","properties":{%q:%q,%q:%q},"geometry":{"type":"Polygon","coordinates":[%s]}}`,
		codeKey, code, nameKey, name, strings.Join(rs, ","))
}

func collection(features ...string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`)
}

// wiggle is a border from (10, 56) to (10, 56.1) with small zigzags (about
// 30 m) that a 150 m tolerance removes.
func wiggle() [][2]float64 {
	var pts [][2]float64
	for i := 0; i <= 100; i++ {
		dx := 0.0
		if i%2 == 1 && i < 100 {
			dx = 0.0005
		}
		pts = append(pts, [2]float64{10 + dx, 56 + float64(i)*0.001})
	}
	return pts
}

// testInput: municipality 1 west of the wiggly border, 2 east of it with an
// island of about 0.5 km² and an islet of about 0.01 km²; 99 is dropped;
// one region 1081 around both.
func testInput() (kommuner, regioner []byte) {
	w := wiggle()
	west := append([][2]float64{{9.9, 56.1}, {9.9, 56}}, w...)
	west = append(west, [2]float64{9.9, 56.1})
	east := [][2]float64{{10.1, 56}, {10.1, 56.1}}
	for i := len(w) - 1; i >= 0; i-- {
		east = append(east, w[i])
	}
	east = append(east, [2]float64{10.1, 56})
	island := [][2]float64{{10.2, 56}, {10.21, 56}, {10.21, 56.006}, {10.2, 56.006}, {10.2, 56}}
	islet := [][2]float64{{10.3, 56}, {10.301, 56}, {10.301, 56.001}, {10.3, 56.001}, {10.3, 56}}
	gone := [][2]float64{{11, 56}, {11.1, 56}, {11.1, 56.1}, {11, 56}}
	kommuner = collection(
		polygonFeature("KOMKODE", "0001", "KOMNAVN", "Vest", west),
		polygonFeature("KOMKODE", "0002", "KOMNAVN", "Øst", east),
		polygonFeature("KOMKODE", "0002", "KOMNAVN", "Øst", island),
		polygonFeature("KOMKODE", "0002", "KOMNAVN", "Øst", islet),
		polygonFeature("KOMKODE", "0099", "KOMNAVN", "Væk", gone),
	)
	outer := [][2]float64{{9.9, 56}, {10, 56}, {10.1, 56}, {10.1, 56.1}, {10, 56.1}, {9.9, 56.1}, {9.9, 56}}
	regioner = collection(
		polygonFeature("REGIONKODE", "1081", "REGIONNAVN", "Region Test", outer),
		polygonFeature("REGIONKODE", "1081", "REGIONNAVN", "Region Test", island),
	)
	return kommuner, regioner
}

func TestRun(t *testing.T) {
	k, r := testInput()
	res, err := Run(k, r, Options{Tolerance: 150, MinArea: 0.1, Drop: []int{99}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Municipalities) != 2 || len(res.Regions) != 1 {
		t.Fatalf("%d municipalities, %d regions", len(res.Municipalities), len(res.Regions))
	}
	vest, øst := res.Municipalities[0], res.Municipalities[1]
	if vest.Code != 1 || vest.Name != "Vest" || øst.Code != 2 || øst.Name != "Øst" || vest.RegionCode != 1081 || øst.RegionCode != 1081 {
		t.Errorf("units %+v %+v", vest, øst)
	}
	// The islet is dropped, the island kept.
	if len(vest.Geometry) != 1 || len(øst.Geometry) != 2 {
		t.Errorf("polygons: Vest %d, Øst %d", len(vest.Geometry), len(øst.Geometry))
	}
	// The wiggles are gone, and both sides keep the same border: the
	// positions on x = 10 are the same set.
	border := func(mp orb.MultiPolygon) []orb.Point {
		var out []orb.Point
		for _, p := range mp[0][0][:len(mp[0][0])-1] {
			if p[0] == 10 {
				out = append(out, p)
			}
		}
		slices.SortFunc(out, func(a, b orb.Point) int { return int((a[1] - b[1]) * 1e6) })
		return out
	}
	bv, bø := border(vest.Geometry), border(øst.Geometry)
	if len(bv) > 3 || !slices.Equal(bv, bø) {
		t.Errorf("border west %v, east %v", bv, bø)
	}
	if res.Stats.SourceVertices[0] != len(wiggle())*2+3+3+5+5+4 {
		t.Errorf("source vertices %v", res.Stats.SourceVertices)
	}
	if err := Check(res.Municipalities); err != nil {
		t.Error(err)
	}
	if err := Check(append(slices.Clone(res.Municipalities), res.Regions...)); err != nil {
		t.Error(err)
	}
	// The encoded file is valid JSON with the attribution.
	var fc struct {
		Attribution string `json:"attribution"`
		Features    []json.RawMessage
	}
	if err := json.Unmarshal(res.MunicipalitiesJSON, &fc); err != nil || fc.Attribution != Attribution || len(fc.Features) != 2 {
		t.Errorf("encoded: %v, %q, %d features", err, fc.Attribution, len(fc.Features))
	}
	// Deterministic.
	again, err := Run(k, r, Options{Tolerance: 150, MinArea: 0.1, Drop: []int{99}})
	if err != nil || string(again.MunicipalitiesJSON) != string(res.MunicipalitiesJSON) || string(again.RegionsJSON) != string(res.RegionsJSON) {
		t.Error("two runs differ")
	}
}

func TestRunErrors(t *testing.T) {
	k, r := testInput()
	tests := []struct {
		name string
		k, r []byte
		opt  Options
		want string
	}{
		{"bad tolerance", k, r, Options{}, "bad options"},
		{"not json", []byte("{"), r, DefaultOptions, "kommuner.geojson"},
		{"not a collection", []byte(`{"type":"Feature"}`), r, DefaultOptions, "not a FeatureCollection"},
		{"multipolygon", collection(`{"type":"Feature","properties":{"KOMKODE":"0001","KOMNAVN":"A"},"geometry":{"type":"MultiPolygon","coordinates":[]}}`), r, DefaultOptions, "expected Polygon"},
		{"two names", collection(
			polygonFeature("KOMKODE", "0001", "KOMNAVN", "A", [][2]float64{{9, 56}, {9.1, 56}, {9.1, 56.1}, {9, 56}}),
			polygonFeature("KOMKODE", "0001", "KOMNAVN", "B", [][2]float64{{9.2, 56}, {9.3, 56}, {9.3, 56.1}, {9.2, 56}})), r, DefaultOptions, "named both"},
		{"no code", collection(polygonFeature("KOMKODE", "x", "KOMNAVN", "A", [][2]float64{{9, 56}, {9.1, 56}, {9.1, 56.1}, {9, 56}})), r, DefaultOptions, "bad KOMKODE"},
		{"outside regions", collection(polygonFeature("KOMKODE", "0001", "KOMNAVN", "A", [][2]float64{{9, 56}, {9.1, 56}, {9.1, 56.1}, {9, 56}})), r, DefaultOptions, "in no region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(tt.k, tt.r, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	sq := func(x, y, s float64) orb.Ring {
		return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
	}
	ok := []Unit{{Code: 1, Geometry: orb.MultiPolygon{{sq(10, 56, 0.1)}}}, {Code: 2, Geometry: orb.MultiPolygon{{sq(10.1, 56, 0.1)}}}}
	if err := Check(ok); err != nil {
		t.Errorf("touching squares: %v", err)
	}
	cw := sq(10, 56, 0.1)
	slices.Reverse(cw)
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		want string
	}{
		{"overlap", orb.MultiPolygon{{sq(10.05, 56.05, 0.1)}}, "cross or overlap"},
		{"short", orb.MultiPolygon{{orb.Ring{{10, 56}, {10.1, 56}, {10, 56}}}}, "3 positions"},
		{"open", orb.MultiPolygon{{orb.Ring{{10, 56}, {10.1, 56}, {10.1, 56.1}, {10, 56.1}}}}, "not closed"},
		{"clockwise", orb.MultiPolygon{{cw}}, "orientation"},
		{"decimals", orb.MultiPolygon{{sq(20, 56, 0.123456)}}, "more than 5 decimals"},
		{"bow tie", orb.MultiPolygon{{orb.Ring{{20, 56.1}, {20.2, 56}, {20.2, 56.2}, {20, 56}, {20, 56.1}}}}, "cross or overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(append(slices.Clone(ok), Unit{Code: 3, Geometry: tt.mp}))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
