package official

import (
	"errors"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/internal/inputtest"
	"github.com/blandby/blandby/registry"
)

func embeddedRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	reg, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// Every name in every published file resolves, and the area's municipality
// code is the code of the municipality the file prints.
func TestRegistryCoversEveryPublishedName(t *testing.T) {
	reg := embeddedRegistry(t)
	lists, err := PublishedLists(reg)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 14 || lists[0].Year != 2010 || lists[13].Year != 2023 {
		t.Fatalf("read %d lists, want the 14 of 2010–2023", len(lists))
	}
	used := map[string]bool{}
	rows := 0
	for _, l := range lists {
		for _, r := range l.Rows {
			rows++
			a := r.Indicators.Area
			m, ok := dk.MunicipalityByName(a.Municipality)
			if !ok {
				t.Errorf("%s:%d: municipality %q is not one of dk's", r.File, r.Line, a.Municipality)
				continue
			}
			if a.MunicipalityCode != m.Code {
				t.Errorf("%s:%d: %s has municipality code %d, the file says %s (%d)", r.File, r.Line, a.ID, a.MunicipalityCode, a.Municipality, m.Code)
			}
			used[a.ID] = true
		}
	}
	// 401 lines in the 14 list files: 14 headers and 387 area rows.
	if rows != 387 {
		t.Errorf("%d rows, want 387", rows)
	}
	// Every area of the registry is on some list: the registry holds no
	// area the data does not name.
	for _, a := range reg.Areas() {
		if !used[a.ID] {
			t.Errorf("registry area %s is named in no published file", a.ID)
		}
	}
	if len(used) != 61 {
		t.Errorf("%d distinct areas, want 61", len(used))
	}
}

// Each alias group named in the data's README, and each found by reading
// the files (municipality, similar name, similar residents), resolves to
// one id across its years, and different groups to different ids.
func TestAliasGroups(t *testing.T) {
	reg := embeddedRegistry(t)
	groups := []struct {
		id, municipality string
		names            []string
		assumption       bool
	}{
		{"agervang", "Holbæk", []string{"Agervang", "Agervang mv."}, false},
		{"stengaardsvej", "Esbjerg", []string{"Stengårdsvej", "Stengårdsvej-kvarteret"}, false},
		{"skovvejen-skovparken", "Kolding", []string{"Skovvejen/Skovparken", "Skovparken/Skovvejen"}, false},
		{"kvaglund", "Esbjerg", []string{"Kvaglund", "Hedelundgårdparken"}, true},
		{"staerevej-mv", "København", []string{"Stærevej mv", "Stærevej"}, false},
		{"solbakken-mv", "Odense", []string{"Solbakken mv", "Solbakken mv."}, false},
		{"noerager-soestjernevej-m-fl", "Sønderborg", []string{"Nørager/Søstjernevej m.fl", "Nørager/Søstjernevej m.fl."}, false},
		{"ringparken-slagelse", "Slagelse", []string{"Ringparken, Slagelse", "Ringparken"}, true},
		{"roennebaerparken-aeblehaven", "Roskilde", []string{"Rønnebærparken/Æblehaven", "Æblehaven/Rønnebærparken"}, false},
		// The 2011 file prints these with a combining ring (NFD).
		{"taastrupgaard", "Høje-Taastrup", []string{"Tåstrupgård", "Ta\u030astrupga\u030ard"}, false},
		{"vejleaaparken", "Ishøj", []string{"Vejleåparken", "Vejlea\u030aparken"}, false},
	}
	ids := map[string]string{}
	for _, g := range groups {
		for _, n := range g.names {
			a, err := reg.Resolve(n, g.municipality)
			if err != nil {
				t.Errorf("%q (%s): %v", n, g.municipality, err)
				continue
			}
			if a.ID != g.id {
				t.Errorf("%q (%s) is %s, want %s", n, g.municipality, a.ID, g.id)
			}
			// Without the municipality too: none of these names is ambiguous.
			if b, err := reg.Resolve(n, ""); err != nil || b.ID != g.id {
				t.Errorf("%q without municipality: %v, %v", n, b, err)
			}
		}
		if other, dup := ids[g.id]; dup {
			t.Errorf("groups %s and %s share id", other, g.names[0])
		}
		ids[g.id] = g.names[0]
		a, _ := reg.ByID(g.id)
		if a != nil && a.Assumed() != g.assumption {
			t.Errorf("%s: marked as an assumption %t, want %t", g.id, a.Assumed(), g.assumption)
		}
	}
	// Similar names in other municipalities stay other areas.
	by, err := reg.Resolve("Byparken/Skovparken", "Svendborg")
	if err != nil || by.ID == "skovvejen-skovparken" {
		t.Errorf("Byparken/Skovparken (Svendborg): %v, %v; want an area of its own", by, err)
	}
	// Grønneparken is an open decision the registry does not take.
	if _, err := reg.Resolve("Grønneparken", "Holbæk"); err == nil {
		t.Error("Grønneparken resolves; the registry takes no decision on it")
	}
}

// An unknown name is a not-found error that suggests the nearest names,
// the same municipality's first; the transcription typos the data's README
// lists are such names.
func TestUnknownNameSuggests(t *testing.T) {
	reg := embeddedRegistry(t)
	cases := []struct{ name, municipality, first string }{
		{"Tingbejrg/Utterslevhuse", "København", "Tingbjerg/Utterslevhuse"},
		{"Munkeob", "Kolding", "Munkebo"},
		{"Glarbjervej-området", "Randers", "Glarbjergvej-området"},
		{"Sianavænget/Heliosvænget", "Odense", "Dianavænget/Heliosvænget"},
		{"Sebbersundsvej mv", "Aalborg", "Sebbersundvej mv"},
		// Known, but in another municipality: no match, and the name is
		// still suggested.
		{"Munkebo", "Odense", "Munkebo"},
		// Same municipality first: Skovparken in Svendborg is Byparken/Skovparken.
		{"Skovparken", "Svendborg", "Byparken/Skovparken"},
	}
	for _, c := range cases {
		_, err := reg.Resolve(c.name, c.municipality)
		var un *registry.UnknownNameError
		if !errors.As(err, &un) {
			t.Errorf("%q (%s): %v, want an unknown-name error", c.name, c.municipality, err)
			continue
		}
		if blandby.CodeOf(err) != blandby.CodeNotFound {
			t.Errorf("%q: code %s, want not_found", c.name, blandby.CodeOf(err))
		}
		if len(un.Suggestions) == 0 || un.Suggestions[0].Name != c.first {
			t.Errorf("%q (%s): suggestions %v, want %q first", c.name, c.municipality, un.Suggestions, c.first)
		}
		if !strings.Contains(err.Error(), `did you mean "`+c.first+`"`) {
			t.Errorf("%q: message %q does not suggest %q", c.name, err, c.first)
		}
	}
}

// A list file with an unknown name fails at its line and column, naming the
// nearest names; nothing of the file is returned.
func TestReadListUnknownName(t *testing.T) {
	reg := embeddedRegistry(t)
	in := "year,area,municipality,residents,nonwestern_pct,outside_labour_pct,convicted_pct,convicted_multiple,basic_edu_pct,income_pct,published_category,source_url\n" +
		"2016,Mjølnerparken,København,1790,82.6,43.9,2.64,,53.7,51.3,parallelsamfund,x\n" +
		"2016,Tingbejrg,København,6612,72.5,28.2,2.01,,59.7,52.7,parallelsamfund,x\n" +
		"2016,Munkebo,Kolding,1418,59.2,42.1,1.67,,51.3,66.9,ghost,x\n" +
		"2017,Vollsmose,Odense,9184,68.9,52.5,3.07,,57.2,56.8,parallelsamfund,x\n" +
		"2016,Vollsmose,Odense,9184,68.9,52.5,3.07,,57.2,56.8,parallelsamfund,x\n" +
		"2016,Vollsmose,Odense,9184,68.9,52.5,3.07,,57.2,56.8,parallelsamfund,x\n" +
		"2016,Vollsmose,Aarhus,9184,68.9,52.5,3.07,,57.2,56.8,parallelsamfund,x\n"
	l, err := ReadList(strings.NewReader(in), "l.csv", 2016, reg)
	if l != nil {
		t.Error("a bad file returned a list")
	}
	inputtest.Check(t, err, "l.csv", []inputtest.Want{
		{Line: 3, Col: 6, Field: ColArea, Msg: `did you mean "Tingbjerg/Utterslevhuse"`},
		{Line: 4, Field: ColPublishedCategory, Msg: "unknown category"},
		{Line: 5, Col: 1, Field: ColYear, Msg: "expected 2016"},
		{Line: 7, Field: ColArea, Msg: "which line 6 already names"},
		{Line: 8, Field: ColArea, Msg: `unknown area "Vollsmose" in Aarhus (not in the area registry; did you mean "Vollsmose" (vollsmose, Odense)`},
	})
}
