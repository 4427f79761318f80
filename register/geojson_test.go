package register

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

func geoTestAreas(t testing.TB) *Areas {
	t.Helper()
	a, err := NewAreas([]blandby.Area{
		{ID: "0101-S01", Name: "Kvorbakken", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "0751-S02", Name: "Trelleparken", MunicipalityCode: 751, RegionCode: 1082},
		{ID: "0461-S03", Name: "Ådalen", MunicipalityCode: 461, RegionCode: 1083},
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

const (
	square   = `{"type":"Polygon","coordinates":[[[12.5,55.6],[12.51,55.6],[12.51,55.61],[12.5,55.61],[12.5,55.6]]]}`
	multi    = `{"type":"MultiPolygon","coordinates":[[[[10.2,56.1],[10.21,56.1],[10.21,56.11],[10.2,56.1]]],[[[10.3,56.1],[10.31,56.1],[10.31,56.11,12.5],[10.3,56.1]]]]}`
	withHole = `{"type":"Polygon","coordinates":[[[10,55],[10.1,55],[10.1,55.1],[10,55.1],[10,55]],[[10.02,55.02],[10.02,55.04],[10.04,55.04],[10.02,55.02]]]}`
)

func feature(id, geom string) string {
	return `{"type":"Feature","properties":{"area_id":` + id + `,"area_name":"x"},"geometry":` + geom + `}`
}

func collectionOf(features ...string) string {
	return "{\"type\": \"FeatureCollection\",\n\"name\": \"areas\",\n\"features\": [\n" + strings.Join(features, ",\n") + "\n]}\n"
}

func TestReadAreaGeometry(t *testing.T) {
	areas := geoTestAreas(t)
	in := collectionOf(feature(`"0101-S01"`, square), feature(`"0751-S02"`, strings.ReplaceAll(multi, ",", ", ")), feature(`"0461-S03"`, withHole))
	got, err := ReadAreaGeometry(strings.NewReader(in), "areas.geojson", areas)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || string(got["0101-S01"]) != square || string(got["0751-S02"]) != multi || string(got["0461-S03"]) != withHole {
		t.Errorf("read %v", got)
	}
	// Round trip through WriteAreaGeometry, in registry order; areas
	// without geometry are left out.
	delete(got, "0751-S02")
	var buf bytes.Buffer
	if err := WriteAreaGeometry(&buf, areas, got); err != nil {
		t.Fatal(err)
	}
	want := "{\"type\":\"FeatureCollection\",\"features\":[\n" +
		`{"type":"Feature","properties":{"area_id":"0101-S01","area_name":"Kvorbakken"},"geometry":` + square + "},\n" +
		`{"type":"Feature","properties":{"area_id":"0461-S03","area_name":"Ådalen"},"geometry":` + withHole + "}\n]}\n"
	if buf.String() != want {
		t.Errorf("written:\n%s\nwant:\n%s", buf.String(), want)
	}
	back, err := ReadAreaGeometry(&buf, "again.geojson", areas)
	if err != nil || len(back) != 2 || string(back["0461-S03"]) != withHole {
		t.Errorf("read back %v, %v", back, err)
	}
	// An empty collection is no geometry at all.
	none, err := ReadAreaGeometry(strings.NewReader(`{"features":[],"type":"FeatureCollection"}`), "empty.geojson", areas)
	if err != nil || len(none) != 0 {
		t.Errorf("empty: %v, %v", none, err)
	}
}

func TestReadAreaGeometryErrors(t *testing.T) {
	areas := geoTestAreas(t)
	ok := feature(`"0101-S01"`, square)
	// Features start on line 4 (the first), 5, 6, ...
	tests := []struct {
		name string
		in   string
		want []inputtest.Want
	}{
		{"unknown area", collectionOf(ok, feature(`"0999-S01"`, square)),
			[]inputtest.Want{{Line: 5, Col: 1, Field: "features[1].properties.area_id", Msg: `area "0999-S01" is not in the areas registry`}}},
		{"duplicate", collectionOf(ok, feature(`"0751-S02"`, square), feature(`"0101-S01"`, square)),
			[]inputtest.Want{{Line: 6, Field: "features[2].properties.area_id", Msg: "appears twice (first in features[0])"}}},
		{"no area id", collectionOf(`{"type":"Feature","properties":{"id":"0101-S01"},"geometry":` + square + `}`),
			[]inputtest.Want{{Line: 4, Field: "features[0].properties.area_id", Msg: "missing"}}},
		{"no properties", collectionOf(`{"type":"Feature","properties":null,"geometry":` + square + `}`),
			[]inputtest.Want{{Line: 4, Field: "features[0].properties.area_id", Msg: "missing"}}},
		{"area id a number", collectionOf(feature(`101`, square)),
			[]inputtest.Want{{Line: 4, Field: "features[0].properties.area_id", Msg: "101 is not a string"}}},
		{"area id empty", collectionOf(feature(`""`, square)),
			[]inputtest.Want{{Line: 4, Field: "features[0].properties.area_id", Msg: "empty"}}},
		{"not a feature", collectionOf(`{"type":"Point","properties":{"area_id":"0101-S01"},"geometry":` + square + `}`),
			[]inputtest.Want{{Line: 4, Field: "features[0].type", Msg: `"Point" is not "Feature"`}}},
		{"feature not an object", collectionOf(`[1,2]`),
			[]inputtest.Want{{Line: 4, Field: "features[0]", Msg: "not a GeoJSON Feature object"}}},
		{"null geometry", collectionOf(feature(`"0101-S01"`, `null`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry", Msg: "missing"}}},
		{"point", collectionOf(feature(`"0101-S01"`, `{"type":"Point","coordinates":[12.5,55.6]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.type", Msg: `type "Point" is not Polygon or MultiPolygon`}}},
		{"open ring", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[[[12.5,55.6],[12.51,55.6],[12.51,55.61],[12.5,55.61]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates[0]", Msg: "not closed"}}},
		{"short ring", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[[[12.5,55.6],[12.51,55.6],[12.5,55.6]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates[0]", Msg: "a ring of 3 positions"}}},
		{"short hole", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[[[10,55],[10.1,55],[10.1,55.1],[10,55]],[[10.02,55.02],[10.02,55.02]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates[1]", Msg: "a ring of 2 positions"}}},
		{"bad multipolygon ring", collectionOf(feature(`"0101-S01"`, `{"type":"MultiPolygon","coordinates":[[[[10,55],[10.1,55],[10.1,55.1],[10,55]]],[[[10,56],[10.1,56],[10.1,56.1],[10,56.2]]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates[1][0]", Msg: "not closed"}}},
		{"empty multipolygon", collectionOf(feature(`"0101-S01"`, `{"type":"MultiPolygon","coordinates":[]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates", Msg: "no polygons"}}},
		{"polygon without rings", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates", Msg: "no rings"}}},
		{"one value", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[[[12.5],[12.51,55.6],[12.51,55.61],[12.5]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates[0]", Msg: "position 0 has 1 values"}}},
		{"projected", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[[[724000,6175000],[725000,6175000],[725000,6176000],[724000,6175000]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates[0]", Msg: "EPSG:25832"}}},
		{"coordinates not numbers", collectionOf(feature(`"0101-S01"`, `{"type":"Polygon","coordinates":[[["a","b"]]]}`)),
			[]inputtest.Want{{Line: 4, Field: "features[0].geometry.coordinates", Msg: "not an array of rings"}}},
		{"several at once", collectionOf(feature(`"nope"`, square), ok, feature(`"0751-S02"`, `{"type":"LineString","coordinates":[]}`)),
			[]inputtest.Want{
				{Line: 4, Field: "features[0].properties.area_id", Msg: "not in the areas registry"},
				{Line: 6, Field: "features[2].geometry.type", Msg: "LineString"},
			}},
		{"not json", `{"type":"FeatureCollection","features":[` + "\n" + `{"type":}]}`,
			[]inputtest.Want{{Line: 2, Msg: "not valid JSON"}}},
		{"truncated", collectionOf(ok)[:60], []inputtest.Want{{Line: 3, Col: 14, Msg: "unexpected end of file"}}},
		{"not a collection", `{"type":"Feature","features":[]}`, []inputtest.Want{{Line: 1, Field: "type", Msg: `"Feature" is not a GeoJSON FeatureCollection`}}},
		{"an array", `[]`, []inputtest.Want{{Line: 1, Msg: "expected an object"}}},
		{"no features", `{"type":"FeatureCollection"}`, []inputtest.Want{{Line: 1, Field: "features", Msg: "missing"}}},
		{"features not an array", `{"type":"FeatureCollection","features":{}}`, []inputtest.Want{{Line: 1, Field: "features", Msg: "not an array"}}},
		{"trailing data", `{"type":"FeatureCollection","features":[]} {}`, []inputtest.Want{{Line: 1, Msg: "more data"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadAreaGeometry(strings.NewReader(tt.in), "areas.geojson", areas)
			if got != nil {
				t.Errorf("returned %d geometries with an error", len(got))
			}
			inputtest.Check(t, err, "areas.geojson", tt.want)
		})
	}
}

func TestWriteAreaGeometryErrors(t *testing.T) {
	areas := geoTestAreas(t)
	var buf bytes.Buffer
	if err := WriteAreaGeometry(&buf, areas, map[string]json.RawMessage{"nope": json.RawMessage(square)}); err == nil || !strings.Contains(err.Error(), `"nope" is not in the areas registry`) {
		t.Errorf("unknown area: %v", err)
	}
	if err := WriteAreaGeometry(&buf, areas, map[string]json.RawMessage{"0101-S01": json.RawMessage(`{"type":"Point","coordinates":[1,2]}`)}); err == nil || !strings.Contains(err.Error(), "Point") {
		t.Errorf("point: %v", err)
	}
}

func FuzzReadAreaGeometry(f *testing.F) {
	areas := geoTestAreas(f)
	f.Add(collectionOf(feature(`"0101-S01"`, square), feature(`"0751-S02"`, multi)))
	f.Add(collectionOf(feature(`"0461-S03"`, withHole)))
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"area_id":"x"},"geometry":null}]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ReadAreaGeometry(strings.NewReader(in), "f.geojson", areas)
		if err != nil {
			if got != nil {
				t.Fatal("geometries returned with an error")
			}
			inputtest.Errors(t, err)
			return
		}
		for id, g := range got {
			if _, ok := areas.Index(id); !ok || !json.Valid(g) {
				t.Fatalf("area %q, geometry %s", id, g)
			}
		}
		// What was read writes and reads back the same.
		var buf bytes.Buffer
		if err := WriteAreaGeometry(&buf, areas, got); err != nil {
			t.Fatal(err)
		}
		back, err := ReadAreaGeometry(&buf, "again.geojson", areas)
		if err != nil || len(back) != len(got) {
			t.Fatalf("read back: %v", err)
		}
		for id, g := range got {
			if !bytes.Equal(back[id], g) {
				t.Fatalf("area %q: %s, read back %s", id, g, back[id])
			}
		}
	})
}
