package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// rentalDB is a database where municipality 101 has an udsat area on the
// 2023 list and none on the 2024 list.
func rentalDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "rental.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a1", Name: "A", MunicipalityCode: 101, RegionCode: 1084}}}); err != nil {
		t.Fatal(err)
	}
	h := blandby.NewHistory()
	h.Set(2023, "a1", blandby.Udsat)
	h.Set(2024, "a1", blandby.None)
	meta := store.ImportMeta{Input: store.Input{Role: "history", Name: "h.csv", SHA256: strings.Repeat("0", 64)}, ImportedBy: "test",
		ImportedAt: time.Now(), SoftwareVersion: "test", RuleSets: map[int]string{2023: "2021-11-30", 2024: "2021-11-30"}}
	if _, err := st.ImportHistory(ctx, h, meta); err != nil {
		t.Fatal(err)
	}
	return db
}

func writeJSONFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRentalCLI: a landlord registers a property, the municipality
// decides to use the right, the landlord reports vacancies and gets the
// answer with reasons; after 1 December 2024 (municipality 101 off the
// list) a vacancy no longer counts and says why; the statement sums it up;
// acting outside one's scope is refused and audited.
func TestRentalCLI(t *testing.T) {
	db := rentalDB(t)
	ok := func(args ...string) string {
		t.Helper()
		out, errOut, code := run(t, append([]string{"--lang", "da"}, append(args, "--db", db)...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	ok("rental", "property", "--as", "landlord:12345678", "--landlord-name", "Udlejer A/S", "--id", "p1", "--address", "Vej 1", "--municipality", "101", "--dwellings", "30")
	if _, errOut, code := run(t, "rental", "property", "--as", "landlord:12345678", "--id", "p2", "--address", "Vej 2", "--municipality", "Kbh", "--dwellings", "30", "--db", db); code == 0 || !strings.Contains(errOut, `municipality code "Kbh" is not 1 to 4 digits`) {
		t.Errorf("property with a bad municipality code: exit %d %s", code, errOut)
	}
	dec := writeJSONFile(t, "d.json", `{"id": "d1", "municipality": 101, "date": "2024-01-10T00:00:00Z", "reason": "aftalerne rækker ikke", "properties": ["p1"], "target_group": "venteliste_udsat_forebyggelse"}`)
	if _, errOut, code := run(t, "rental", "decide", "--as", "municipality:101", "--file", dec, "--track", "enacted", "--db", db); code == 0 || !strings.Contains(errOut, "does not apply") {
		t.Errorf("decision under the enacted law: exit %d %s", code, errOut)
	}
	if _, errOut, code := run(t, "rental", "decide", "--as", "municipality:851", "--file", dec, "--db", db); code == 0 || !strings.Contains(errOut, "only for its own municipality") {
		t.Errorf("decision by another municipality: exit %d %s", code, errOut)
	}
	ok("rental", "decide", "--as", "municipality:101", "--file", dec)
	// The first vacancy after the decision is the municipality's (the draft
	// § 6 a, stk. 3: "skal den først ledige lejlighed stilles til
	// kommunalbestyrelsens rådighed"), the next nine the landlord's.
	var first, out string
	for i := range 10 {
		out = ok("rental", "report", "--as", "landlord:12345678", "--property", "p1", "--dwelling", "v"+string(rune('a'+i)), "--rent", "9000", "--date", "2024-11-2"+string(rune('0'+i%10)))
		if i == 0 {
			first = out
		}
	}
	if !strings.Contains(first, "p1 1 (va") || !strings.Contains(first, "kommunens (retten til hver 10. ledige bolig)") || !strings.Contains(first, "Blandede byer, boks 3") {
		t.Errorf("1st vacancy:\n%s", first)
	}
	if !strings.Contains(out, "p1 10 (vj") || strings.Contains(out, "kommunens (retten") {
		t.Errorf("10th vacancy:\n%s", out)
	}
	out = ok("rental", "report", "--as", "landlord:12345678", "--property", "p1", "--dwelling", "x", "--rent", "9000", "--date", "2024-12-02", "--lang", "en")
	if !strings.Contains(out, "the landlord's") || !strings.Contains(out, "no udsat or forebyggelse area on the 2024 list, published 2024-12-01") {
		t.Errorf("vacancy after the municipality left the list:\n%s", out)
	}
	if _, errOut, code := run(t, "rental", "report", "--as", "municipality:101", "--property", "p1", "--dwelling", "y", "--date", "2024-12-03", "--db", db); code == 0 || !strings.Contains(errOut, "belongs to no municipality") {
		t.Errorf("municipality reports a vacancy: exit %d %s", code, errOut)
	}
	ok("rental", "allocate", "--as", "municipality:101", "--property", "p1", "--seq", "1", "--applicant", "ans-1", "--group", "venteliste_udsat_forebyggelse", "--date", "2024-12-09")
	if _, errOut, code := run(t, "rental", "offer", "--as", "landlord:12345678", "--property", "p1", "--seq", "1", "--dwelling", "w", "--rent", "9000", "--date", "2024-12-10", "--db", db); code == 0 || !strings.Contains(errOut, "already allocated") {
		t.Errorf("offer after the allocation: exit %d %s", code, errOut)
	}
	ok("rental", "claim", "--as", "landlord:12345678", "--property", "p1", "--seq", "1", "--amount", "15000", "--date", "2024-12-20")
	out = ok("rental", "statement", "--landlord", "12345678", "--as-of", "2024-12-31", "--lang", "en")
	// 19 days (20 November - 9 December) of 9000 / 30 = 5700.
	for _, want := range []string{"Vacancies  11", "by the right  1", "Allocations  1", "Rent while waiting (kr.)  5700", "Restoration guarantee (kr.)  15000", "owes in all (kr.)  20700"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("statement lacks %q:\n%s", want, out)
		}
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, err := st.AuditLog(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]string{}
	for _, e := range log {
		outcomes[e.Object+" "+e.Scope] = e.Outcome
	}
	if outcomes["rental decision d1 101"] != store.AuditOK || outcomes["rental decision d1 851"] != store.AuditDenied || outcomes["rental property p1 101"] != store.AuditDenied {
		t.Errorf("audit trail: %v", outcomes)
	}
}

// TestRentalSimulate: the simulation is deterministic for a seed, obtains
// dwellings by both routes under the seed's rules, none by the right under
// the enacted law, and counts the December vacancies after municipality
// 101 left the 2024 list as not counting.
func TestRentalSimulate(t *testing.T) {
	t.Parallel()
	db := rentalDB(t)
	args := []string{"rental", "simulate", "--municipality", "101", "--year", "2024", "--db", db, "--lang", "en"}
	a, errOut, code := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	b, _, _ := run(t, args...)
	if a != b {
		t.Error("two runs with one seed differ")
	}
	for _, want := range []string{"Decision to use the right to every 10th vacancy: 2024-01-01", "no udsat or forebyggelse area on the 2024 list, published 2024-12-01"} {
		if !strings.Contains(a, want) {
			t.Errorf("output lacks %q:\n%s", want, a)
		}
	}
	if strings.Contains(a, "Obtained by the right: 0\n") || strings.Contains(a, "Did not count (municipality not on the list): 0\n") || strings.Contains(a, "Obtained by agreement: 0\n") {
		t.Errorf("want dwellings by both routes and uncounted vacancies:\n%s", a)
	}
	e, _, code := run(t, append(args, "--track", "enacted")...)
	if code != 0 || !strings.Contains(e, "Obtained by the right: 0\n") || !strings.Contains(e, "No decision to use the right") {
		t.Errorf("enacted law: exit %d\n%s", code, e)
	}
}
