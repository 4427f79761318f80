package registry

import (
	"errors"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

const base = `areas:
  - id: parken
    name: Parken
    municipality_code: 101
    aliases:
      - name: Parken mv.
        years: [2013]
  - id: parken-aarhus
    name: Parken
    municipality_code: 751
`

func read(t *testing.T, s string) *Registry {
	t.Helper()
	r, err := Read(strings.NewReader(s), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestResolveByMunicipality(t *testing.T) {
	r := read(t, base)
	if a, err := r.Resolve("  PARKEN   MV. ", "København"); err != nil || a.ID != "parken" {
		t.Errorf("case and spaces: %v, %v", a, err)
	}
	if a, err := r.Resolve("Parken", "aarhus kommune"); err != nil || a.ID != "parken-aarhus" {
		t.Errorf("Aarhus: %v, %v", a, err)
	}
	// The same name in two municipalities needs the municipality.
	if _, err := r.Resolve("Parken", ""); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("no municipality: %v, want ambiguous", err)
	}
	if _, err := r.Resolve("Parken", "Atlantis"); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("unknown municipality: %v", err)
	}
	var un *UnknownNameError
	if _, err := r.Resolve("Parken mv.", "Aarhus"); !errors.As(err, &un) || len(un.Suggestions) == 0 || un.Suggestions[0].AreaID != "parken-aarhus" {
		t.Errorf("alias of another municipality's area: %v; want the Aarhus area suggested first", err)
	}
}

func TestReadErrors(t *testing.T) {
	cases := []struct {
		name, in string
		want     []inputtest.Want
	}{
		{"unknown key", "areas:\n  - id: a\n    nmae: A\n", []inputtest.Want{{Line: 3, Field: "nmae", Msg: "unknown key"}}},
		{"empty", "", []inputtest.Want{{Msg: "empty"}}},
		{"two documents", base + "---\n" + base, []inputtest.Want{{Msg: "more than one YAML document"}}},
		{"bad id, name, municipality", "areas:\n  - id: Bad Id\n    municipality_code: 999\n", []inputtest.Want{
			{Line: 2, Col: 9, Field: "id", Msg: "lower-case"},
			{Line: 2, Field: "name", Msg: "missing name"},
			{Line: 3, Col: 24, Field: "municipality_code", Msg: "98 municipalities"},
		}},
		{"alias twice in a municipality", base + "  - id: other\n    name: Other\n    municipality_code: 101\n    aliases:\n      - name: parken MV.\n", []inputtest.Want{
			{Line: 11, Field: "id", Msg: `"parken MV." of other is already a name of parken`},
		}},
		{"id twice", base + "  - id: parken\n    name: X\n    municipality_code: 147\n", []inputtest.Want{{Line: 11, Field: "id", Msg: "already defined"}}},
		{"events", "areas:\n  - id: a\n    name: A\n    municipality_code: 101\n    events:\n      - {year: 2013, kind: rename, from: [A], to: [B]}\n      - {year: 2014, kind: merge, from: [nowhere]}\n      - {year: 20, kind: move}\n", []inputtest.Want{
			{Line: 6, Field: "events", Msg: `"B", which is not an alias`},
			{Line: 8, Field: "events.year", Msg: "year 20"},
			{Line: 8, Field: "events.kind", Msg: `"move"`},
			{Line: 2, Field: "events", Msg: `area "nowhere"`},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.in), "r.yaml")
			inputtest.Check(t, err, "r.yaml", c.want)
		})
	}
}

func TestExtend(t *testing.T) {
	r := read(t, base)
	ext := read(t, "areas:\n  - id: parken\n    name: Parken Nord\n    municipality_code: 101\n    aliases:\n      - name: Nordparken\n        assumption: the ministry's letter\n  - id: ny\n    name: Ny\n    municipality_code: 147\n")
	x, err := r.Extend(ext)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Parken", "Parken mv.", "Nordparken", "Parken Nord"} {
		if a, err := x.Resolve(n, "København"); err != nil || a.ID != "parken" || a.Name != "Parken Nord" || !a.Assumed() {
			t.Errorf("%q: %+v, %v", n, a, err)
		}
	}
	if _, err := x.Resolve("Ny", "Frederiksberg"); err != nil {
		t.Error(err)
	}
	if _, err := r.Resolve("Nordparken", "København"); err == nil {
		t.Error("Extend changed the registry it extends")
	}
	// A user's area in another municipality than the bundled one's, or a
	// name another area already carries there, is refused.
	if _, err := r.Extend(read(t, "areas:\n  - id: parken\n    name: Parken\n    municipality_code: 147\n")); err == nil {
		t.Error("moved an area to another municipality")
	}
	if _, err := r.Extend(read(t, "areas:\n  - id: ny\n    name: Parken mv.\n    municipality_code: 101\n")); err == nil {
		t.Error("a new area took a name of the same municipality")
	}
}
