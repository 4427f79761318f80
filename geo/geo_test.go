package geo

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/geo/internal/build"
)

func TestMunicipalities(t *testing.T) {
	ms := Municipalities()
	if len(ms) != 98 || len(ms) != len(dk.Municipalities) {
		t.Fatalf("%d municipalities, want 98", len(ms))
	}
	for i, m := range ms {
		want := dk.Municipalities[i]
		if blandby.MunicipalityCode(m.Code) != want.Code || m.Name != want.Name || m.RegionCode != want.RegionCode {
			t.Errorf("municipality %d: %d %q in region %d, dk has %d %q in region %d", i, m.Code, m.Name, m.RegionCode, want.Code, want.Name, want.RegionCode)
		}
		if len(m.Geometry) == 0 {
			t.Errorf("%d %s has no polygon", m.Code, m.Name)
		}
		if got, ok := Municipality(blandby.MunicipalityCode(m.Code)); !ok || !got.Equal(m.Geometry) {
			t.Errorf("Municipality(%d) differs from Municipalities()", m.Code)
		}
	}
	if _, ok := Municipality(411); ok {
		t.Error("Christiansø (0411) is not a municipality")
	}
	if _, ok := Municipality(1084); ok {
		t.Error("Municipality(1084) found a region")
	}
}

func TestRegions(t *testing.T) {
	rs := Regions()
	if len(rs) != 5 {
		t.Fatalf("%d regions, want 5", len(rs))
	}
	for i, r := range rs {
		if want := dk.Regions[i]; r.Code != want.Code || r.Name != want.Name || r.RegionCode != 0 {
			t.Errorf("region %d: %+v, want %+v", i, r, want)
		}
		if _, ok := Region(r.Code); !ok {
			t.Errorf("Region(%d) not found", r.Code)
		}
	}
	if _, ok := Region(101); ok {
		t.Error("Region(101) found a municipality")
	}
}

// TestValid: every ring is closed, has at least 4 positions, no repeated
// positions, RFC 7946 orientation, 5 decimals, and no segment crosses or
// overlaps another, across all municipalities and all regions together (so
// the simplified borders of neighbours and of a region and its
// municipalities coincide).
func TestValid(t *testing.T) {
	var units []build.Unit
	for _, set := range [][]Boundary{Municipalities(), Regions()} {
		for _, b := range set {
			units = append(units, build.Unit{Code: b.Code, Name: b.Name, Geometry: b.Geometry})
			for _, p := range b.Geometry {
				for _, r := range p {
					for _, pt := range r {
						if pt[0] < 8 || pt[0] > 15.2 || pt[1] < 54.5 || pt[1] > 57.8 {
							t.Fatalf("%d %s: position %v is outside Denmark", b.Code, b.Name, pt)
						}
					}
				}
			}
		}
	}
	if err := build.Check(units); err != nil {
		t.Error(err)
	}
}

func TestPlaces(t *testing.T) {
	tests := []struct {
		name    string
		p       orb.Point // longitude, latitude
		code    blandby.MunicipalityCode
		region  int
		nowhere bool
	}{
		{"Rådhuspladsen, København", orb.Point{12.568, 55.676}, 101, 1084, false},
		{"Frederiksberg Rådhus (a hole in København)", orb.Point{12.5336, 55.6786}, 147, 1084, false},
		{"Aarhus Rådhus", orb.Point{10.2039, 56.1527}, 751, 1082, false},
		{"Odense Rådhus", orb.Point{10.3883, 55.3959}, 461, 1083, false},
		{"Aalborg", orb.Point{9.9217, 57.0488}, 851, 1081, false},
		{"Rønne", orb.Point{14.7058, 55.1000}, 400, 1084, false},
		{"Roskilde Domkirke", orb.Point{12.0803, 55.6426}, 265, 1085, false},
		{"Kattegat", orb.Point{11.5, 56.5}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, ok := MunicipalityAt(tt.p)
			if ok == tt.nowhere || code != tt.code {
				t.Errorf("MunicipalityAt %v = %d, %v; want %d", tt.p, code, ok, tt.code)
			}
			if tt.nowhere {
				return
			}
			m, _ := Municipality(tt.code)
			if !planar.MultiPolygonContains(m, tt.p) {
				t.Errorf("municipality %d does not contain %v", tt.code, tt.p)
			}
			r, _ := Region(tt.region)
			if !planar.MultiPolygonContains(r, tt.p) {
				t.Errorf("region %d does not contain %v", tt.region, tt.p)
			}
		})
	}
	// København has Frederiksberg as a hole.
	kbh, _ := Municipality(101)
	if planar.MultiPolygonContains(kbh, orb.Point{12.5336, 55.6786}) {
		t.Error("København contains Frederiksberg Rådhus")
	}
}

// TestJSON: the raw files parse as GeoJSON (orb/geojson), carry the
// attribution and the properties, and are copies.
func TestJSON(t *testing.T) {
	for _, tt := range []struct {
		name  string
		data  []byte
		count int
		max   int
	}{
		{"municipalities", MunicipalitiesJSON(), 98, 300_000},
		{"regions", RegionsJSON(), 5, 200_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.data) > tt.max {
				t.Errorf("%d bytes, more than %d", len(tt.data), tt.max)
			}
			fc, err := geojson.UnmarshalFeatureCollection(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.Features) != tt.count || fc.ExtraMembers["attribution"] != Attribution {
				t.Errorf("%d features, attribution %v", len(fc.Features), fc.ExtraMembers["attribution"])
			}
			for _, f := range fc.Features {
				if _, ok := f.Geometry.(orb.MultiPolygon); !ok {
					t.Errorf("a %T", f.Geometry)
				}
				if _, ok := f.Properties["code"].(float64); !ok {
					t.Errorf("code %v is not a number", f.Properties["code"])
				}
				if _, ok := f.Properties["region_code"].(float64); ok != (tt.count == 98) {
					t.Errorf("region_code %v", f.Properties["region_code"])
				}
			}
			tt.data[0] = 'x'
		})
	}
	if MunicipalitiesJSON()[0] != '{' || RegionsJSON()[0] != '{' {
		t.Error("changing the returned bytes changed the embedded file")
	}
	if Attribution != build.Attribution {
		t.Error("the attribution differs from the generator's")
	}
}

// TestCopies: changing what the functions return changes nothing inside.
func TestCopies(t *testing.T) {
	m, _ := Municipality(101)
	m[0][0][0] = orb.Point{0, 0}
	ms := Municipalities()
	ms[0].Geometry[0][0][1] = orb.Point{0, 0}
	ms[0].Name = "x"
	again, _ := Municipality(101)
	if again[0][0][0] == (orb.Point{0, 0}) || again[0][0][1] == (orb.Point{0, 0}) || Municipalities()[0].Name != "København" {
		t.Error("the embedded boundaries were changed through a returned value")
	}
}

// TestUpToDate regenerates the files from the DAGI extract when it is there
// (next to the repository, not in CI) and compares them with the embedded
// ones.
func TestUpToDate(t *testing.T) {
	src := filepath.Join("..", "..", "shared", "data", "geo")
	if _, err := os.Stat(filepath.Join(src, build.MunicipalitiesFile)); err != nil {
		t.Skipf("no DAGI extract at %s", src)
	}
	if testing.Short() {
		t.Skip("short")
	}
	res, err := build.RunDir(src, build.DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.MunicipalitiesJSON, municipalitiesJSON) || !bytes.Equal(res.RegionsJSON, regionsJSON) {
		t.Error("the embedded files are not what go generate ./geo makes; run it")
	}
}

// TestMunicipalityPoint: the point of every municipality lies inside that
// municipality (a point of its own, not of a neighbour), and an unknown code
// has none.
func TestMunicipalityPoint(t *testing.T) {
	for _, m := range Municipalities() {
		code := blandby.MunicipalityCode(m.Code)
		p, ok := MunicipalityPoint(code)
		if !ok {
			t.Errorf("%d %s: no point", m.Code, m.Name)
			continue
		}
		if at, ok := MunicipalityAt(p); !ok || at != code {
			t.Errorf("%d %s: the point %v lies in %d (%v)", m.Code, m.Name, p, at, ok)
		}
	}
	if _, ok := MunicipalityPoint(999); ok {
		t.Error("a point for code 999")
	}
}
