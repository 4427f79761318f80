package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// areaNamesDoc is a file of area names in the registry's format.
const areaNamesDoc = `areas:
  - id: agervang
    name: "Agervang"
    municipality_code: 316
    aliases:
      - name: "Grønneparken"
`

// testAreaNamesFiles: files of area names are stored whole, numbered 1, 2, …
// in the order stored, with the document's hash, and read back by number.
func testAreaNamesFiles(t *testing.T, st store.Store) {
	ctx := context.Background()
	if got := must[[]store.AreaNamesFile](t)(st.AreaNamesFiles(ctx)); len(got) != 0 {
		t.Fatalf("a new store holds %d files of area names", len(got))
	}
	first := must[store.AreaNamesFile](t)(st.AddAreaNamesFile(ctx, store.AreaNamesFile{Source: "names.yaml", Document: areaNamesDoc, ImportedAt: at, ImportedBy: "tester"}, 0))
	if sum := sha256.Sum256([]byte(areaNamesDoc)); first.Seq != 1 || first.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("first file: seq %d, sha256 %q", first.Seq, first.SHA256)
	}
	second := must[store.AreaNamesFile](t)(st.AddAreaNamesFile(ctx, store.AreaNamesFile{Source: "more.yaml", Document: "areas: []\n# æøå\n", ImportedAt: at, ImportedBy: "tester"}, 1))
	if second.Seq != 2 {
		t.Errorf("second file: seq %d, want 2", second.Seq)
	}
	got := must[[]store.AreaNamesFile](t)(st.AreaNamesFiles(ctx))
	diff(t, "stored files", []store.AreaNamesFile{first, second}, got)
	if got[0].ImportedAt.Location().String() != "UTC" || !got[0].ImportedAt.Equal(at) {
		t.Errorf("imported at %v, want %v in UTC", got[0].ImportedAt, at)
	}
	if first.SHA256 == second.SHA256 {
		t.Errorf("two documents, one hash %s", first.SHA256)
	}
}

// testAreaNamesFilesRefused: a file checked against fewer (or more) files
// than are stored is a conflict, and a file without source, text or time,
// or with a hash that is not its text's, is invalid; none is stored.
func testAreaNamesFilesRefused(t *testing.T, st store.Store) {
	ctx := context.Background()
	ok := store.AreaNamesFile{Source: "names.yaml", Document: areaNamesDoc, ImportedAt: at, ImportedBy: "tester"}
	must[store.AreaNamesFile](t)(st.AddAreaNamesFile(ctx, ok, 0))
	_, err := st.AddAreaNamesFile(ctx, ok, 0)
	wantCode(t, err, blandby.CodeConflict, "names.yaml", "again")
	_, err = st.AddAreaNamesFile(ctx, ok, 2)
	wantCode(t, err, blandby.CodeConflict)
	for name, f := range map[string]store.AreaNamesFile{
		"no source": {Document: areaNamesDoc, ImportedAt: at},
		"no text":   {Source: "x.yaml", Document: " \n", ImportedAt: at},
		"no time":   {Source: "x.yaml", Document: areaNamesDoc},
		"wrong hash": {Source: "x.yaml", Document: areaNamesDoc, ImportedAt: at,
			SHA256: "0000000000000000000000000000000000000000000000000000000000000000"},
	} {
		_, err := st.AddAreaNamesFile(ctx, f, 1)
		if blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("%s: got %v, want invalid", name, err)
		}
	}
	if got := must[[]store.AreaNamesFile](t)(st.AreaNamesFiles(ctx)); len(got) != 1 {
		t.Errorf("%d files stored after refusals, want 1", len(got))
	}
	db := raw(t, st)
	for _, stmt := range []string{
		"UPDATE area_names_files SET document = 'areas: []'",
		"DELETE FROM area_names_files",
	} {
		if _, err := db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: no error", stmt)
		}
	}
	if got := must[[]store.AreaNamesFile](t)(st.AreaNamesFiles(ctx)); len(got) != 1 || got[0].Document != areaNamesDoc {
		t.Errorf("after refused changes: %+v", got)
	}
}

// testImportHistoryAreas: an import adds the areas of its meta that are not
// stored, leaves a stored area as it is, and adds none when it fails.
func testImportHistoryAreas(t *testing.T, st store.Store) {
	ctx := context.Background()
	stored := store.Area{Area: blandby.Area{ID: "a", Name: "Stored A", MunicipalityCode: 101, RegionCode: 1084, DwellingsTotal: 900}}
	check(t, st.PutAreas(ctx, []store.Area{stored}))
	meta := importMeta(2018, 2019, 2020)
	meta.Areas = []store.Area{
		{Area: blandby.Area{ID: "a", Name: "Registry A", MunicipalityCode: 751}},
		{Area: blandby.Area{ID: "b", Name: "B", MunicipalityCode: 561, RegionCode: 1083}},
		{Area: blandby.Area{ID: "c", Name: "C", MunicipalityCode: 316}},
	}
	must[[]store.Publication](t)(st.ImportHistory(ctx, history(), meta))
	want := []store.Area{stored, meta.Areas[1], meta.Areas[2]}
	diff(t, "areas after the import", want, must[[]store.Area](t)(st.Areas(ctx)))

	// A second import conflicts (the years are published) and adds no area.
	again := importMeta(2018)
	again.Areas = []store.Area{{Area: blandby.Area{ID: "d", Name: "D", MunicipalityCode: 101}}}
	h := blandby.NewHistory()
	h.Set(2018, "d", blandby.Udsat)
	_, err := st.ImportHistory(ctx, h, again)
	wantCode(t, err, blandby.CodeConflict, "2018")
	diff(t, "areas after a failed import", want, must[[]store.Area](t)(st.Areas(ctx)))

	dup := importMeta(2021)
	dup.Areas = []store.Area{{Area: blandby.Area{ID: "e", Name: "E"}}, {Area: blandby.Area{ID: "e", Name: "E again"}}}
	h = blandby.NewHistory()
	h.Set(2021, "e", blandby.Udsat)
	_, err = st.ImportHistory(ctx, h, dup)
	wantCode(t, err, blandby.CodeInvalid, "e")
	diff(t, "areas after an invalid import", want, must[[]store.Area](t)(st.Areas(ctx)))
}

// testInvalidTextNone: a store holding Danish text everywhere a name or
// free text goes (areas, an imported list's sources, a file of area names,
// the audit trail) holds no invalid text.
func testInvalidTextNone(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "Ålholm Øst/Æblehaven"}}}))
	must[[]store.Publication](t)(st.ImportHistory(ctx, history(), officialMeta()))
	must[store.AreaNamesFile](t)(st.AddAreaNamesFile(ctx, store.AreaNamesFile{Source: "navne.yaml", Document: areaNamesDoc, ImportedAt: at, ImportedBy: "Søren"}, 0))
	must[store.AuditEntry](t)(st.Audit(ctx, store.AuditEntry{At: at, Actor: "Søren", Action: "import", Object: "områdenavne", Outcome: "ok", Detail: "æøå"}))
	if got := must[[]store.InvalidText](t)(st.InvalidText(ctx)); len(got) != 0 {
		t.Errorf("invalid text found in valid text: %+v", got)
	}
}
