package indicator

import (
	"bytes"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestWriteNeutralisesFormulas: the indicator file `blandby convert` writes
// guards formula-like area names with an apostrophe, and Read gives the
// names back exactly.
func TestWriteNeutralisesFormulas(t *testing.T) {
	names := []string{`=HYPERLINK("http://evil")`, "-2+3", "Ringparken"}
	var rows []blandby.Indicators
	for i, n := range names {
		rows = append(rows, blandby.Indicators{Year: 2022, Area: blandby.Area{ID: string(rune('a' + i)), Name: n}, Residents: 1000})
	}
	var buf bytes.Buffer
	if err := Write(&buf, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`,"'=HYPERLINK(""http://evil"")",`, ",'-2+3,", ",Ringparken,"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("file lacks %s:\n%s", want, buf.String())
		}
	}
	set, err := Read(&buf, "f.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(set.Year(2022)); got != len(names) {
		t.Fatalf("%d rows read back, want %d", got, len(names))
	}
	for i, ind := range set.Year(2022) {
		if ind.Area.Name != names[i] {
			t.Errorf("row %d: name %q read back as %q", i+1, names[i], ind.Area.Name)
		}
	}
}
