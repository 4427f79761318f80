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

// excelFile is a file as Danish Excel saves it: Windows-1252 ("Ålholm"
// starts with 0xC5), ";" separators and decimal commas.
const excelFile = "area;name;pct\r\na1;\xC5lholm;43,5\r\na2;\"Vej; 2\";7\r\n"

// TestNotUTF8Refused: a file that is not UTF-8 is refused with the line,
// column and the way out.
func TestNotUTF8Refused(t *testing.T) {
	_, err := readAll(t, excelFile, "area", "name", "pct")
	var in *blandby.InputError
	if !errors.As(err, &in) || in.File != "f.csv" || in.Line != 2 || in.Column != 4 ||
		!strings.Contains(in.Msg, "the file is not UTF-8; if it was saved by Excel in Windows-1252, use --encoding windows-1252") {
		t.Errorf("%v, want the not-UTF-8 error at f.csv:2:4", err)
	}
	if _, err := readAll(t, "a\n\xff\n", "a"); err == nil {
		t.Error("an invalid byte in a one-column file was accepted")
	}
	if _, err := readAll(t, "\xC5\n1\n", "a"); !errors.As(err, &in) || in.Line != 1 || !strings.Contains(in.Msg, "not UTF-8") {
		t.Errorf("an invalid header: %v", err)
	}
}

// TestExcelFile: with Windows1252 the same file reads: ";" separators are
// recognised from the header, and decimal commas parse.
func TestExcelFile(t *testing.T) {
	enc, err := ParseEncoding("windows-1252")
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewReader(enc.Reader(strings.NewReader(excelFile)), "f.csv", []string{"area", "name", "pct"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var errs blandby.InputErrors
	if err := r.Each(&errs, func(row *Row) {
		v, _ := row.Decimal("pct", blandby.RatioInt(0), nil, "a number", &errs)
		got = append(got, row.Get("area")+"|"+row.Get("name")+"|"+v.Text())
	}); err != nil {
		t.Fatal(err)
	}
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a1|Ålholm|43.5", "a2|Vej; 2|7"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("read %q, want %q", got, want)
	}
	if _, err := ParseEncoding("latin9"); err == nil {
		t.Error("an unknown encoding was accepted")
	}
	// A header with both separators is comma-separated.
	if rows, err := readAll(t, "a,b\n\"x;y\",2\n", "a", "b"); err != nil || rows[0][0] != "x;y" {
		t.Errorf("comma file: %q, %v", rows, err)
	}
	if h := Header([]byte("\ufeffyear;area_name;\"x,y\"\r\n1;2;3\n")); strings.Join(h, "|") != "year|area_name|x,y" {
		t.Errorf("Header: %q", h)
	}
}
