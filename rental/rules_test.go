package rental

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

func catalog(t testing.TB) *Catalog {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEmbeddedRuleSets(t *testing.T) {
	c := catalog(t)
	tests := []struct {
		track, date string
		id          string
		right       bool
	}{
		{TrackEnacted, "2021-11-30", "2021-11-30", false},
		{TrackEnacted, "2024-06-01", "2021-11-30", false},
		{TrackSeed, "2024-06-01", "seed-2021-11-30", true},
	}
	for _, tt := range tests {
		rs, err := c.AtTrack(tt.track, date(tt.date))
		if err != nil {
			t.Fatalf("At(%s, %s): %v", tt.track, tt.date, err)
		}
		if rs.ID != tt.id || rs.Right.Enabled != tt.right {
			t.Errorf("At(%s, %s) = %s right %v, want %s right %v", tt.track, tt.date, rs.ID, rs.Right.Enabled, tt.id, tt.right)
		}
		// The thresholds docs/law/rental.md names.
		if rs.Right.MinDwellings != 20 || rs.Right.Every != 10 || !rs.Right.FirstVacancy || rs.Agreements.MinN != 4 || !rs.Agreements.FirstVacancy || rs.Agreements.NamedMin != 2 ||
			rs.Agreements.NamedShare.Cmp(blandby.NewRatio(1, 4)) != 0 || rs.Property.MinDwellings != 8 {
			t.Errorf("%s: thresholds %+v %+v %+v", rs.ID, rs.Right, rs.Agreements, rs.Property)
		}
	}
	if _, err := c.AtTrack(TrackEnacted, date("2021-11-29")); err == nil {
		t.Error("At before the first rule set (lov nr. 2157 af 27/11/2021, in force 30 November 2021): want an error")
	}
	// Entries recorded under the ids before the review are read with the
	// rule sets that replace them.
	for old, want := range map[string]string{"2021-07-01": "2021-11-30", "seed-2021-07-01": "seed-2021-11-30"} {
		if rs, err := c.ByID(old); err != nil || rs.ID != want {
			t.Errorf("ByID(%s) = %v, %v; want %s", old, rs, err, want)
		}
	}
	if _, err := c.AtTrack("other", date("2024-01-01")); err == nil {
		t.Error("At of an unknown track: want an error")
	}
}

func TestParseRejects(t *testing.T) {
	good, err := os.ReadFile("../law/rules/rental/2021-11-30.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new, want string
	}{
		{"unknown key", "track: enacted", "track: enacted\ntrak: x", "trak: unknown key"},
		{"bad track", "track: enacted", "track: proposal", "track"},
		{"missing legal ref", `legal_ref: "Lov om kommunal anvisningsret § 1, stk. 2"`, `legal_ref: ""`, "agreements.legal_ref"},
		{"missing cap reference", `legal_ref: "Lov om kommunal anvisningsret § 1, stk. 3, 2. pkt."`, `legal_ref: ""`, "agreements.every_nth.cap.legal_ref"},
		{"bad percentage", `max_share: "25"`, `max_share: "125"`, "agreements.named.max_share"},
		{"bad switch", "first_vacancy: true", "first_vacancy: yes please", "2021-11-30.yaml:31"},
		{"unknown target group", "target_groups: [venteliste_udsat_forebyggelse]", "target_groups: [alle]", "unknown target group"},
		{"bad list", "eligible_lists: [udsat, forebyggelse]", "eligible_lists: [udsat, ghetto2]", "right.eligible_lists"},
		{"bad rounding", "rounding: up", "rounding: nearest", "rounding"},
		{"one language", `da: "højst hver fjerde ledige lejlighed; den først ledige lejlighed stilles til kommunens rådighed, derefter hver N."`, `da: ""`, "agreements.every_nth.label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(string(good), tt.old, tt.new, 1)
			if src == string(good) {
				t.Fatalf("test edit %q not applied", tt.old)
			}
			_, err := Parse("2021-11-30.yaml", []byte(src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Parse = %v, want an error containing %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "2021-11-30.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	if _, err := Parse("other.yaml", good); err == nil || !strings.Contains(err.Error(), "file name") {
		t.Errorf("Parse under another name = %v, want a file-name error", err)
	}
	dup := fstest.MapFS{"2021-11-30.yaml": {Data: good}, "x.yaml": {Data: []byte(strings.Replace(string(good), `id: "2021-11-30"`, `id: "x"`, 1))}}
	if _, err := law.LoadCatalogue("rental", dup, ".", Parse); err == nil || !strings.Contains(err.Error(), "same date") {
		t.Errorf("a catalogue with two sets on one date = %v, want an error", err)
	}
}
