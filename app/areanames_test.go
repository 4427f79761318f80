package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/registry"
)

// TestImportAreaNames: a stored file of area names extends the registry for
// every later reader of the store (Grønneparken, the alias docs/official.md
// leaves open, becomes agervang), and the files after it are checked against
// it; the import is audited.
func TestImportAreaNames(t *testing.T) {
	ctx := context.Background()
	st, _, admin := officialFixture(t)
	base, err := official.Registry()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := base.Resolve("Grønneparken", "Holbæk"); err == nil {
		t.Fatal("the bundled registry knows Grønneparken: the test needs a name it does not know")
	}
	doc := `areas:
  - id: agervang
    name: "Agervang"
    municipality_code: 316
    aliases:
      - name: "Grønneparken"
        assumption: "the data README: may be one area under two names"
  - id: nyvej
    name: "Nyvej"
    municipality_code: 101
`
	f, reg, err := app.ImportAreaNames(ctx, st, admin, "", base, "names.yaml", []byte(doc), time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	if f.Seq != 1 || f.Source != "names.yaml" || f.ImportedBy != "ops" || f.Document != doc {
		t.Errorf("stored %+v", f)
	}
	// A later reader builds the same registry from the store.
	later, err := app.AreaNames(ctx, st, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*registry.Registry{reg, later} {
		if a, err := r.Resolve("Grønneparken", "Holbæk"); err != nil || a.ID != "agervang" {
			t.Errorf("Grønneparken resolves to %v (%v), want agervang", a, err)
		}
		if a, err := r.Resolve("Agervang mv.", ""); err != nil || a.ID != "agervang" {
			t.Errorf("the bundled alias Agervang mv.: %v (%v)", a, err)
		}
		if r.Len() != base.Len()+1 {
			t.Errorf("%d areas, want the %d bundled and nyvej", r.Len(), base.Len())
		}
	}
	// A second file that gives Nyvej (of the stored file) to another area
	// of København is refused because of the stored file.
	clash := "areas:\n  - id: nyvej-2\n    name: \"Nyvej\"\n    municipality_code: 101\n"
	if _, _, err := app.ImportAreaNames(ctx, st, admin, "", base, "clash.yaml", []byte(clash), time.Now().UTC()); err == nil || !strings.Contains(err.Error(), `"Nyvej"`) {
		t.Errorf("a name of a stored file given to another area: %v, want a refusal", err)
	}
	files, err := st.AreaNamesFiles(ctx)
	if err != nil || len(files) != 1 {
		t.Errorf("%d files stored (%v), want 1", len(files), err)
	}
	log, err := st.AuditLog(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Outcome != "ok" || log[0].Object != "area names names.yaml" || log[1].Outcome != "failed" {
		t.Errorf("audit trail %+v", log)
	}
}

// TestImportAreaNamesRefused: a file the registry cannot take stores
// nothing, and the refusal says where and why, as --area-names would.
func TestImportAreaNamesRefused(t *testing.T) {
	ctx := context.Background()
	st, _, admin := officialFixture(t)
	base, err := official.Registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, doc, want string }{
		{"a name another area of the municipality carries",
			"areas:\n  - id: kvaglund-syd\n    name: \"Kvaglund Syd\"\n    municipality_code: 561\n    aliases:\n      - name: \"Stengårdsvej\"\n",
			`the name "Stengårdsvej" of kvaglund-syd is already a name of stengaardsvej`},
		{"a known area in another municipality",
			"areas:\n  - id: agervang\n    name: \"Agervang\"\n    municipality_code: 101\n",
			"bad.yaml:2: municipality_code: area agervang lies in municipality 316"},
		{"an unknown key", "areas:\n  - id: x\n    name: X\n    municipality_code: 101\n    kommune: 101\n", "bad.yaml:5"},
		{"a malformed id", "areas:\n  - id: Nyt Område\n    name: X\n    municipality_code: 101\n", "bad.yaml:2:9: id:"},
		{"not UTF-8", "areas:\n  - id: x\n    name: \"Gr\xf8nneparken\"\n    municipality_code: 316\n", "not UTF-8"},
	} {
		_, _, err := app.ImportAreaNames(ctx, st, admin, "", base, "bad.yaml", []byte(tt.doc), time.Now().UTC())
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error with %q", tt.name, err, tt.want)
		}
	}
	if files, err := st.AreaNamesFiles(ctx); err != nil || len(files) != 0 {
		t.Errorf("%d files stored after refusals (%v), want none", len(files), err)
	}
}
