package csvio

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// readAll reads every row of data with the given columns, as Get returns
// them.
func readAll(t *testing.T, data string, cols ...string) ([][]string, error) {
	t.Helper()
	r, err := NewReader(strings.NewReader(data), "f.csv", cols, nil)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		var rec []string
		for _, c := range cols {
			rec = append(rec, row.Get(c))
		}
		out = append(out, rec)
	}
}

// TestWriterNeutralisesFormulas: a text cell a spreadsheet would take for a
// formula gets a leading apostrophe (OWASP "CSV Injection"); numbers keep
// their sign; and the reader gives back exactly what was written.
func TestWriterNeutralisesFormulas(t *testing.T) {
	cells := []struct{ in, out string }{
		{`=HYPERLINK("http://evil")`, `'=HYPERLINK("http://evil")`},
		{"-2+3", "'-2+3"},
		{"+1+cmd", "'+1+cmd"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"'=1", "''=1"}, // an apostrophe a reader would otherwise strip
		{"'plain", "'plain"},
		{"-0.5", "-0.5"},
		{"-100/3", "-100/3"},
		{"+5", "+5"},
		{"43,5", "43,5"},
		{"Ringparken, Slagelse", "Ringparken, Slagelse"},
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cells {
		if err := w.Write([]string{c.in}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(bytes.NewReader(buf.Bytes()), "f.csv", []string{"a"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cells {
		row, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if got := row.fields[0]; got != c.out {
			t.Errorf("%q written as %q, want %q", c.in, got, c.out)
		}
		if got, want := row.Get("a"), c.in; got != want {
			t.Errorf("%q read back as %q", c.in, got)
		}
	}
}
