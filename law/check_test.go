package law

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestCheckHeader: every fault of a rule file's header is reported, each
// naming the file and field, and valid_from's line where the file gives it.
func TestCheckHeader(t *testing.T) {
	var h struct {
		Header `yaml:",inline"`
	}
	if err := DecodeStrict("rules/x/2021-11-30.yaml", []byte("id: \"2021-11-31\"\nvalid_from: 2021-11-3\ntitle: {da: Titel}\nsource: {da: Kilde, en: Source}\n"), &h); err != nil {
		t.Fatal(err)
	}
	c := NewCheck("rules/x/2021-11-30.yaml")
	c.Header(h.Header, IDIsValidFrom|IDIsFileName)
	err := c.Err()
	for _, want := range []string{
		`rules/x/2021-11-30.yaml:2:13: valid_from: expected a date YYYY-MM-DD, got "2021-11-3"`,
		`rules/x/2021-11-30.yaml:2:13: id: must equal valid_from ("2021-11-3"), got "2021-11-31"`,
		`id: must equal the file name ("2021-11-30"), got "2021-11-31"`,
		`title:`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	if blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("code %s, want invalid", blandby.CodeOf(err))
	}
	ok := NewCheck("rules/x/2021-11-30.yaml")
	h.ID, h.ValidFrom.Text, h.Title.EN = "2021-11-30", "2021-11-30", "Title"
	if from := ok.Header(h.Header, IDIsValidFrom|IDIsFileName); ok.Err() != nil || from.Format("2006-01-02") != "2021-11-30" {
		t.Errorf("a good header: %v, %v", from, ok.Err())
	}
}
