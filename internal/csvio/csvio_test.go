package csvio

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/blandby/blandby"
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

// endless yields a header and then one field of n bytes, without holding
// it: quoted, or not.
type endless struct {
	head   string
	n      int
	quoted bool
	served int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.head != "" {
		k := copy(p, e.head)
		e.head = e.head[k:]
		return k, nil
	}
	if e.served >= e.n {
		return 0, io.EOF
	}
	k := min(len(p), e.n-e.served)
	for i := range k {
		p[i] = 'x'
		if e.quoted && e.served+i == 0 {
			p[i] = '"'
		}
	}
	e.served += k
	return k, nil
}

// TestHugeFieldFailsFast: a 100 MB field is refused after the first MiB,
// with the file and line, without reading the rest or holding it.
func TestHugeFieldFailsFast(t *testing.T) {
	for _, quoted := range []bool{false, true} {
		src := &endless{head: "a,b\n1,", n: 100 << 20, quoted: quoted}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := NewReader(src, "huge.csv", []string{"a", "b"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Next()
		runtime.ReadMemStats(&after)
		var in *blandby.InputError
		if !errors.As(err, &in) || in.File != "huge.csv" || in.Line != 2 || !strings.Contains(in.Msg, "1 MiB") {
			t.Errorf("quoted %v: %v, want an input error on huge.csv line 2 naming the bound", quoted, err)
		}
		if src.served > 2<<20 {
			t.Errorf("quoted %v: read %d bytes before refusing", quoted, src.served)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("quoted %v: allocated %d MiB", quoted, alloc>>20)
		}
	}
}

// TestLongFieldRefused: a field over 64 KiB in a record under 1 MiB is
// refused with its line and column.
func TestLongFieldRefused(t *testing.T) {
	data := "a,b\n1,2\n3," + strings.Repeat("y", MaxField+1) + "\n"
	_, err := readAll(t, data, "a", "b")
	var in *blandby.InputError
	if !errors.As(err, &in) || in.Line != 3 || in.Column != 3 || !strings.Contains(in.Msg, "64 KiB") {
		t.Errorf("%v, want an input error on line 3, column 3 naming the bound", err)
	}
	if _, err := readAll(t, "a,b\n1,"+strings.Repeat("y", MaxField)+"\n", "a", "b"); err != nil {
		t.Errorf("a field of exactly 64 KiB: %v", err)
	}
}
