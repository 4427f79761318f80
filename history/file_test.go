package history

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

const goodFile = `year,area_id,category
2010,a,ghetto
2010,b,none
2014,a,haardt_ghetto
2014,c,udsat
2014,d,hårdt_ghetto
2018,e, Parallelsamfund 
2018,f,FOREBYGGELSE
2018,g,omdannelse
2019,x,none
`

func TestReadGood(t *testing.T) {
	tests := []struct{ name, in string }{
		{"plain", goodFile},
		{"BOM and CRLF", "\ufeff" + strings.ReplaceAll(goodFile, "\n", "\r\n")},
		{"columns in another order", "category,year,area_id\n" + reorder(goodFile)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := Read(strings.NewReader(tt.in), "h.csv", nil)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got, want := h.Years(), []int{2010, 2014, 2018, 2019}; !slices.Equal(got, want) {
				t.Errorf("Years() = %v, want %v", got, want)
			}
			lookups := []struct {
				year   int
				id     string
				want   blandby.Category
				wantOK bool
			}{
				{2010, "a", blandby.Parallelsamfund, true}, // ghetto
				{2010, "b", blandby.None, true},
				{2010, "c", blandby.None, true},       // known year, no entry
				{2014, "a", blandby.Omdannelse, true}, // haardt_ghetto
				{2014, "c", blandby.Udsat, true},
				{2014, "d", blandby.Omdannelse, true}, // hårdt_ghetto
				{2018, "e", blandby.Parallelsamfund, true},
				{2018, "f", blandby.Forebyggelse, true},
				{2018, "g", blandby.Omdannelse, true},
				{2019, "x", blandby.None, true}, // a none row makes the year known
				{2019, "a", blandby.None, true},
				{2011, "a", blandby.None, false}, // unknown year
				{2020, "x", blandby.None, false},
			}
			for _, l := range lookups {
				got, ok := h.Category(l.year, l.id)
				if got != l.want || ok != l.wantOK {
					t.Errorf("Category(%d, %q) = %q, %v, want %q, %v", l.year, l.id, got, ok, l.want, l.wantOK)
				}
			}
			if !h.HasYear(2019) || h.HasYear(2011) {
				t.Errorf("HasYear(2019) = %v, HasYear(2011) = %v", h.HasYear(2019), h.HasYear(2011))
			}
			wantEntries := []blandby.ListEntry{
				{Year: 2010, AreaID: "a", Category: blandby.Parallelsamfund},
				{Year: 2010, AreaID: "b", Category: blandby.None},
			}
			if diff := cmp.Diff(wantEntries, h.Entries(2010)); diff != "" {
				t.Errorf("Entries(2010) (-want +got):\n%s", diff)
			}
		})
	}
}

// reorder moves the category column of every data row of a history file
// to the front.
func reorder(file string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(file), "\n")[1:] {
		f := strings.Split(line, ",")
		fmt.Fprintf(&b, "%s,%s,%s\n", f[2], f[0], f[1])
	}
	return b.String()
}

func TestReadBad(t *testing.T) {
	const h = "year,area_id,category\n" // columns at 1, 6, 14
	tests := []struct {
		name string
		in   string
		want []inputtest.Want
	}{
		{"unknown category", h + "2010,a,ghetto\n2010,b,ghettoo\n",
			[]inputtest.Want{{Line: 3, Col: 8, Field: ColCategory, Msg: `unknown category "ghettoo"`}}},
		{"empty category", h + "2010,a,\n",
			[]inputtest.Want{{Line: 2, Col: 8, Field: ColCategory, Msg: "unknown category"}}},
		{"duplicate", h + "2010,a,ghetto\n2014,a,udsat\n2010,a,none\n",
			[]inputtest.Want{{Line: 4, Col: 6, Field: ColAreaID, Msg: "first on line 2"}}},
		{"duplicate under an old name", h + "2010,a,ghetto\n2010,a,parallelsamfund\n",
			[]inputtest.Want{{Line: 3, Col: 6, Field: ColAreaID, Msg: "first on line 2"}}},
		{"bad year", h + "20l0,a,udsat\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: `"20l0" is not a whole number`}}},
		{"missing year", h + ",a,udsat\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: "missing value"}}},
		{"year out of range", h + "3000,a,udsat\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: "from 1900 to 2999"}}},
		{"missing area_id", h + "2010,,udsat\n",
			[]inputtest.Want{{Line: 2, Col: 6, Field: ColAreaID, Msg: "missing area id"}}},
		{"unknown column", "year,area_id,category,note\n2010,a,udsat,x\n",
			[]inputtest.Want{{Line: 1, Col: 23, Field: "note", Msg: "unknown column"}}},
		{"missing column", "year,area_id\n2010,a\n",
			[]inputtest.Want{{Line: 1, Col: 0, Field: ColCategory, Msg: "missing required column"}}},
		{"empty file", "",
			[]inputtest.Want{{Line: 1, Col: 0, Field: "", Msg: "empty file"}}},
		{"wrong field count", h + "2010,a,udsat,extra\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: "", Msg: "wrong number of fields"}}},
		{"unterminated quote", h + "2010,a,udsat\n2010,\"b,udsat\n2010,c,udsat\n",
			[]inputtest.Want{{Line: 4, Col: 0, Field: "", Msg: "starts on line 3"}}},
		{"several errors", h + "x,a,udsat\n2010,,ghost\n2010,a,none\n2010,a,none\n",
			[]inputtest.Want{{Line: 2, Col: 1, Field: ColYear, Msg: `"x"`}, {Line: 3, Col: 6, Field: ColAreaID, Msg: "missing"}, {Line: 3, Col: 7, Field: ColCategory, Msg: `"ghost"`}, {Line: 5, Col: 6, Field: ColAreaID, Msg: "first on line 4"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in), "bad.csv", nil)
			if got != nil {
				t.Error("Read returned a history alongside the error")
			}
			inputtest.Check(t, err, "bad.csv", tt.want)
		})
	}
}

// TestReadCheck checks that the check function sees every good row, with
// old names already mapped, and that its error lands on the row's category.
func TestReadCheck(t *testing.T) {
	type call struct {
		year int
		c    blandby.Category
	}
	var calls []call
	check := func(year int, c blandby.Category) error {
		calls = append(calls, call{year, c})
		if year < 2018 && c == blandby.Forebyggelse {
			return fmt.Errorf("no forebyggelse list in %d", year)
		}
		return nil
	}
	in := "year,area_id,category\n" +
		"2010,a,ghetto\n" +
		"2014,b,haardt_ghetto\n" +
		"2014,c, forebyggelse\n" + // error from check
		"x,d,forebyggelse\n" + // bad year: check is not asked
		"2010,e,nonsense\n" + // bad category: check is not asked
		"2019,f,forebyggelse\n"
	h, err := Read(strings.NewReader(in), "check.csv", check)
	if h != nil {
		t.Error("Read returned a history alongside the error")
	}
	inputtest.Check(t, err, "check.csv", []inputtest.Want{
		{Line: 4, Col: 8, Field: ColCategory, Msg: "no forebyggelse list in 2014"},
		{Line: 5, Col: 1, Field: ColYear, Msg: `"x"`},
		{Line: 6, Col: 8, Field: ColCategory, Msg: `"nonsense"`},
	})
	wantCalls := []call{{2010, blandby.Parallelsamfund}, {2014, blandby.Omdannelse}, {2014, blandby.Forebyggelse}, {2019, blandby.Forebyggelse}}
	if diff := cmp.Diff(wantCalls, calls, cmp.AllowUnexported(call{})); diff != "" {
		t.Errorf("check calls (-want +got):\n%s", diff)
	}

	// A check that accepts everything changes nothing.
	h, err = Read(strings.NewReader(goodFile), "h.csv", func(int, blandby.Category) error { return nil })
	if err != nil || len(h.Years()) != 4 {
		t.Errorf("Read with an accepting check: %v, %v", h, err)
	}
}

func historyOf(entries ...blandby.ListEntry) *blandby.History {
	h := blandby.NewHistory()
	for _, e := range entries {
		h.Set(e.Year, e.AreaID, e.Category)
	}
	return h
}

// entries returns every entry of h, year by year.
func entries(h *blandby.History) map[int][]blandby.ListEntry {
	out := map[int][]blandby.ListEntry{}
	for _, y := range h.Years() {
		out[y] = h.Entries(y)
	}
	return out
}

func TestWrite(t *testing.T) {
	h, err := Read(strings.NewReader(goodFile), "h.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, h); err != nil {
		t.Fatal(err)
	}
	want := `year,area_id,category
2010,a,parallelsamfund
2010,b,none
2014,a,omdannelse
2014,c,udsat
2014,d,omdannelse
2018,e,parallelsamfund
2018,f,forebyggelse
2018,g,omdannelse
2019,x,none
`
	if got := buf.String(); got != want {
		t.Errorf("Write =\n%s\nwant\n%s", got, want)
	}
}

func TestWriteReadRoundTrip(t *testing.T) {
	e := func(year int, id string, c blandby.Category) blandby.ListEntry {
		return blandby.ListEntry{Year: year, AreaID: id, Category: c}
	}
	tests := []struct {
		name    string
		entries []blandby.ListEntry
	}{
		{"empty", nil},
		{"one", []blandby.ListEntry{e(2010, "a", blandby.Parallelsamfund)}},
		{"every category", []blandby.ListEntry{
			e(2021, "a", blandby.Udsat), e(2021, "b", blandby.Parallelsamfund), e(2021, "c", blandby.Omdannelse),
			e(2021, "d", blandby.Forebyggelse), e(2021, "e", blandby.None),
		}},
		{"only none", []blandby.ListEntry{e(2019, "x", blandby.None)}},
		{"years out of order", []blandby.ListEntry{e(2019, "z", blandby.Udsat), e(2010, "a", blandby.Parallelsamfund), e(2014, "m", blandby.Omdannelse)}},
		{"awkward ids", []blandby.ListEntry{
			e(2020, `quoted "id"`, blandby.Udsat), e(2020, "comma, id", blandby.Udsat), e(2020, "two\nlines", blandby.None), e(2020, "Æblehaven", blandby.Forebyggelse),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := historyOf(tt.entries...)
			var buf bytes.Buffer
			if err := Write(&buf, h); err != nil {
				t.Fatal(err)
			}
			back, err := Read(&buf, "rt.csv", nil)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if diff := cmp.Diff(entries(h), entries(back)); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
			if len(entries(back)) == 0 && len(tt.entries) > 0 {
				t.Error("nothing read back")
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	h := historyOf(blandby.ListEntry{Year: 2010, AreaID: "a", Category: blandby.Udsat})
	if err := Write(failWriter{}, h); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write to a failing writer = %v, want the write error", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Add([]byte("\ufeff" + strings.ReplaceAll(goodFile, "\n", "\r\n")))
	f.Add([]byte("category,year,area_id\n" + reorder(goodFile)))
	f.Add([]byte("year,area_id,category\n2010,\"a,b\",ghetto\n"))
	f.Add([]byte("year,area_id,category\n2010,a,ghetto\n2010,a,none\n"))
	f.Add([]byte("year,area_id,category\n2010,\"a,ghetto\n"))
	f.Add([]byte("year,area_id,category,x\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := Read(bytes.NewReader(data), "fuzz.csv", nil)
		if err != nil {
			if h != nil {
				t.Fatal("Read returned a history alongside an error")
			}
			if code := blandby.CodeOf(err); code != blandby.CodeInvalid {
				t.Fatalf("CodeOf = %q for %v", code, err)
			}
			return
		}
		for _, y := range h.Years() {
			for _, e := range h.Entries(y) {
				if !e.Category.Valid() {
					t.Fatalf("invalid category %q read", e.Category)
				}
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, h); err != nil {
			t.Fatalf("Write: %v", err)
		}
		again, err := Read(bytes.NewReader(buf.Bytes()), "fuzz2.csv", nil)
		if err != nil {
			t.Fatalf("Read of written file: %v\nwritten:\n%s", err, buf.String())
		}
		if diff := cmp.Diff(entries(h), entries(again)); diff != "" {
			t.Fatalf("Write then Read changed the history (-first +second):\n%s", diff)
		}
	})
}
