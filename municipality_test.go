package blandby

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseMunicipalityCode(t *testing.T) {
	for s, want := range map[string]MunicipalityCode{"101": 101, "0101": 101, "1": 1, "0851": 851, "999": 999} {
		got, err := ParseMunicipalityCode(s)
		if err != nil || got != want {
			t.Errorf("ParseMunicipalityCode(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "0", "0000", "1000", "10101", "-1", "+101", " 101", "10a", "١٠١"} {
		_, err := ParseMunicipalityCode(s)
		if err == nil || CodeOf(err) != CodeInvalid || !strings.Contains(err.Error(), "municipality code") {
			t.Errorf("ParseMunicipalityCode(%q): err %v, want an invalid municipality code", s, err)
		}
	}
	c := MunicipalityCode(101)
	if c.String() != "101" || c.DAGI() != "0101" || MunicipalityCode(0).DAGI() != "" {
		t.Errorf("forms of 101: %q %q; of 0: %q", c.String(), c.DAGI(), MunicipalityCode(0).DAGI())
	}
}

// TestAreaJSON: the municipality code of an area stays a DAGI string in
// JSON, and reading takes the forms stored explanations may hold.
func TestAreaJSON(t *testing.T) {
	a := Area{ID: "a", Name: "A", Municipality: "København", MunicipalityCode: 101, Region: "Region Hovedstaden"}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"id":"a","name":"A","municipality":"København","municipality_code":"0101","region":"Region Hovedstaden"}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	if b, _ := json.Marshal(Area{ID: "x"}); string(b) != `{"id":"x"}` {
		t.Errorf("bare area: %s", b)
	}
	for in, code := range map[string]MunicipalityCode{want: 101, `{"id":"a","municipality_code":"101"}`: 101,
		`{"id":"a","municipality_code":851}`: 851, `{"id":"a","municipality_code":""}`: 0, `{"id":"a"}`: 0} {
		var got Area
		if err := json.Unmarshal([]byte(in), &got); err != nil || got.MunicipalityCode != code || got.ID != "a" {
			t.Errorf("Unmarshal(%s) = %+v, %v; want code %d", in, got, err, code)
		}
	}
	var got Area
	if err := json.Unmarshal([]byte(`{"id":"a","municipality_code":"kbh"}`), &got); err == nil || !strings.Contains(err.Error(), `area "a": municipality_code`) {
		t.Errorf("bad code: %v", err)
	}
}
