// Package csvio reads and writes the CSV files blandby exchanges: UTF-8, a
// header row, comma separated. Unknown and duplicate columns are errors, and
// every error names the file, line, column and field. The Reader also takes
// what Danish Excel saves: ";"-separated files (recognised from the header)
// with decimal commas, and Windows-1252 text when asked (Encoding); text
// that is not UTF-8 is refused.
package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/blandby/blandby"
)

// Reader reads the data rows of a CSV file with a known set of columns.
type Reader struct {
	file   string
	r      *csv.Reader
	header []string
	index  map[string]int
}

// NewReader reads the header row. Every required column must be present;
// every column must be required or optional.
func NewReader(r io.Reader, file string, required, optional []string) (*Reader, error) {
	br := bufio.NewReaderSize(&bomSkipper{r: &boundedReader{r: r, file: file, line: 1, start: 1}}, 64<<10)
	peek, _ := br.Peek(br.Size()) // a read error is the CSV reader's to report
	cr := csv.NewReader(br)
	cr.Comma = separator(peek)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &blandby.InputError{File: file, Line: 1, Msg: fmt.Sprintf("empty file: expected a header row with the columns %s", strings.Join(required, ", "))}
	}
	if err != nil {
		return nil, parseError(file, err)
	}
	t := &Reader{file: file, r: cr, header: header, index: map[string]int{}}
	if err := t.checkFields(header); err != nil {
		return nil, err
	}
	var errs blandby.InputErrors
	for i, name := range header {
		line, col := cr.FieldPos(i)
		name = strings.TrimSpace(name)
		header[i] = name
		switch {
		case !slices.Contains(required, name) && !slices.Contains(optional, name):
			errs.Add(&blandby.InputError{File: file, Line: line, Column: col, Field: name,
				Msg: fmt.Sprintf("unknown column (expected %s)", strings.Join(append(slices.Clone(required), optional...), ", "))})
		case t.has(name):
			errs.Add(&blandby.InputError{File: file, Line: line, Column: col, Field: name, Msg: "column appears twice"})
		}
		t.index[name] = i
	}
	for _, name := range required {
		if !t.has(name) {
			errs.Add(&blandby.InputError{File: file, Line: 1, Field: name, Msg: "missing required column"})
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = len(header)
	return t, nil
}

func (t *Reader) has(name string) bool {
	_, ok := t.index[name]
	return ok
}

// Has reports whether the file has a column.
func (t *Reader) Has(name string) bool { return t.has(name) }

// Row is one data row with the position of each field.
type Row struct {
	t      *Reader
	fields []string
	pos    [][2]int
	// Line is the line the row starts on.
	Line int
}

// Next returns the next row, or io.EOF after the last.
func (t *Reader) Next() (*Row, error) {
	rec, err := t.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, parseError(t.file, err)
	}
	if err := t.checkFields(rec); err != nil {
		return nil, err
	}
	row := &Row{t: t, fields: rec, pos: make([][2]int, len(rec))}
	for i := range rec {
		l, c := t.r.FieldPos(i)
		row.pos[i] = [2]int{l, c}
	}
	row.Line = row.pos[0][0]
	return row, nil
}

// Each calls fn for every data row. A malformed record (bad quoting, wrong
// field count) is recorded in errs and ends the reading, as the rows after it
// cannot be trusted; a failure to read the underlying file is returned.
func (t *Reader) Each(errs *blandby.InputErrors, fn func(*Row)) error {
	for {
		row, err := t.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var in *blandby.InputError
			if !errors.As(err, &in) {
				return err
			}
			errs.Add(in)
			return nil
		}
		fn(row)
	}
}

// Get returns a column's value with surrounding spaces removed, or "" when
// the file has no such column.
func (r *Row) Get(col string) string {
	i, ok := r.t.index[col]
	if !ok {
		return ""
	}
	return Unneutralise(strings.TrimSpace(r.fields[i]))
}

// Errorf returns an input error positioned at a column of the row.
func (r *Row) Errorf(col, format string, args ...any) *blandby.InputError {
	e := &blandby.InputError{File: r.t.file, Line: r.Line, Field: col, Msg: fmt.Sprintf(format, args...)}
	if i, ok := r.t.index[col]; ok {
		e.Line, e.Column = r.pos[i][0], r.pos[i][1]
	}
	return e
}

// checkFields refuses a field longer than MaxField, and text that is not
// UTF-8.
func (t *Reader) checkFields(rec []string) error {
	for i, f := range rec {
		if len(f) > MaxField {
			line, col := t.r.FieldPos(i)
			return &blandby.InputError{File: t.file, Line: line, Column: col,
				Msg: fmt.Sprintf("field of %d bytes is too long (at most %d KiB a field)", len(f), MaxField>>10)}
		}
		if !utf8.ValidString(f) {
			line, col := t.r.FieldPos(i)
			bad := 0
			for bad < len(f) {
				r, n := utf8.DecodeRuneInString(f[bad:])
				if r == utf8.RuneError && n <= 1 {
					break
				}
				bad += n
			}
			return &blandby.InputError{File: t.file, Line: line, Column: col,
				Msg: fmt.Sprintf("byte 0x%02X in %q: %s", f[bad], strings.ToValidUTF8(f, "\uFFFD"), NotUTF8)}
		}
	}
	return nil
}

// NotUTF8 is what the Reader says of text that is not UTF-8.
const NotUTF8 = "the file is not UTF-8; if it was saved by Excel in Windows-1252, use --encoding windows-1252"

// Encoding is the character encoding of a file the Reader reads.
type Encoding string

// The encodings blandby reads. Files blandby writes are UTF-8.
const (
	UTF8        Encoding = "utf-8"
	Windows1252 Encoding = "windows-1252"
)

// ParseEncoding parses an encoding's name ("" is UTF-8).
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "utf-8", "utf8":
		return UTF8, nil
	case "windows-1252", "cp1252":
		return Windows1252, nil
	}
	return "", fmt.Errorf("unknown encoding %q (expected utf-8 or windows-1252)", s)
}

// Reader returns r decoded to UTF-8.
func (e Encoding) Reader(r io.Reader) io.Reader {
	if e == Windows1252 {
		return charmap.Windows1252.NewDecoder().Reader(r)
	}
	return r
}

// separator is the field separator of a file beginning with head: ";" when
// its header line has a ";" and no "," outside quotes (as Danish Excel
// saves CSV), "," otherwise.
func separator(head []byte) rune {
	quoted, commas, semis := false, 0, 0
scan:
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			break scan
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > 0 && commas == 0 {
		return ';'
	}
	return ','
}

// Header returns the columns of the header line at the start of head (a
// byte-order mark dropped, separated as the Reader finds), or nil when it
// cannot be read.
func Header(head []byte) []string {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(head))
	cr.Comma = separator(head)
	header, err := cr.Read()
	if err != nil {
		return nil
	}
	return header
}

// boundedReader refuses a record longer than MaxRecord as it streams by,
// before the CSV reader has gathered it: it counts the bytes since the last
// line end outside quotes.
type boundedReader struct {
	r           io.Reader
	file        string
	line, start int // the current line, and the line the record starts on
	n           int // bytes of the record so far
	quoted      bool
	err         error
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	for i, c := range p[:n] {
		b.n++
		switch c {
		case '"':
			b.quoted = !b.quoted
		case '\n':
			b.line++
			if !b.quoted {
				b.n, b.start = 0, b.line
			}
		}
		if b.n > MaxRecord {
			b.err = &blandby.InputError{File: b.file, Line: b.start,
				Msg: fmt.Sprintf("record is too long (at most %d MiB a line or record, %d KiB a field); it runs to line %d", MaxRecord>>20, MaxField>>10, b.line)}
			return i, b.err
		}
	}
	return n, err
}

func parseError(file string, err error) error {
	var in *blandby.InputError
	if errors.As(err, &in) {
		return in
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = "wrong number of fields (every row needs one field per header column)"
		} else if pe.StartLine != pe.Line {
			// A quoted field can span lines (an unclosed quote runs to the end
			// of the file): also name the line the record starts on.
			msg += fmt.Sprintf(" (in the record that starts on line %d)", pe.StartLine)
		}
		return &blandby.InputError{File: file, Line: pe.Line, Column: pe.Column, Msg: msg}
	}
	return fmt.Errorf("read %s: %w", file, err)
}

// bomSkipper drops a UTF-8 byte-order mark at the start, as spreadsheet
// programs write one.
type bomSkipper struct {
	r    io.Reader
	done bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if b.done {
		return b.r.Read(p)
	}
	b.done = true
	head := make([]byte, 3)
	n, err := io.ReadFull(b.r, head)
	head = head[:n]
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	b.r = io.MultiReader(bytes.NewReader(head), b.r)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return 0, err
	}
	return b.r.Read(p)
}

// Writer writes rows under a header, in the same dialect the Reader reads.
type Writer struct {
	w *csv.Writer
}

// NewWriter writes the header row.
func NewWriter(w io.Writer, header []string) (*Writer, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return nil, fmt.Errorf("write header: %w", err)
	}
	return &Writer{w: cw}, nil
}

// Write writes one row. A text cell that a spreadsheet would take for a
// formula is neutralised (Neutralise).
func (w *Writer) Write(fields []string) error {
	out := fields
	for i, f := range fields {
		if n := Neutralise(f); n != f {
			if &out[0] == &fields[0] {
				out = slices.Clone(fields)
			}
			out[i] = n
		}
	}
	return w.w.Write(out)
}

// Neutralise guards a text cell against formula injection, as OWASP's "CSV
// Injection" guidance says: a cell beginning with =, +, -, @, tab or
// carriage return gets a leading apostrophe, which spreadsheet programs
// show as text and never evaluate. Numbers (-0.5, -100/3, anything
// blandby.ParseDecimal reads) are not text and stay as they are. A cell
// made of apostrophes before such a character gets one more, so that the
// Reader, which removes the one apostrophe Neutralise adds (Unneutralise),
// gives back exactly the text written.
func Neutralise(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

// Unneutralise undoes Neutralise: it removes the leading apostrophe of a
// cell that Neutralise would have written so.
func Unneutralise(s string) string {
	if len(s) > 1 && s[0] == '\'' && formulaLike(s[1:]) {
		return s[1:]
	}
	return s
}

// formulaLike reports whether Neutralise guards s: it begins with a
// formula character, or with an apostrophe before a cell Neutralise
// guards, and it is not a number.
func formulaLike(s string) bool {
	rest := strings.TrimLeft(s, "'")
	if rest == "" || !strings.ContainsRune("=+-@\t\r", rune(rest[0])) {
		return false
	}
	if len(rest) == len(s) {
		_, err := blandby.ParseDecimal(s)
		return err != nil
	}
	return true
}

// Flush flushes and reports any write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Int parses a required integer column in [lo, hi]. On a bad value it
// records an error and returns false.
func (r *Row) Int(col string, lo, hi int64, errs *blandby.InputErrors) (int64, bool) {
	s := r.Get(col)
	if s == "" {
		errs.Add(r.Errorf(col, "missing value (expected a whole number from %d to %d)", lo, hi))
		return 0, false
	}
	n, err := parseInt(s)
	if err != nil || n < lo || n > hi {
		errs.Add(r.Errorf(col, "%q is not a whole number from %d to %d", s, lo, hi))
		return 0, false
	}
	return n, true
}

// MunicipalityCode parses a municipality code column (see
// blandby.ParseMunicipalityCode). An empty cell is the unknown code 0 when
// optional, an error otherwise. On a bad value it records an error and
// returns false.
func (r *Row) MunicipalityCode(col string, optional bool, errs *blandby.InputErrors) (blandby.MunicipalityCode, bool) {
	s := r.Get(col)
	if s == "" {
		if optional {
			return 0, true
		}
		errs.Add(r.Errorf(col, "missing value (expected a municipality code, 1 to 4 digits from 1 to 999)"))
		return 0, false
	}
	c, err := blandby.ParseMunicipalityCode(s)
	if err != nil {
		errs.Add(r.Errorf(col, "%q is not a municipality code (expected 1 to 4 digits from 1 to 999, such as 0101)", s))
		return 0, false
	}
	return c, true
}

func parseInt(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 18 {
		return 0, fmt.Errorf("bad integer")
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	if s == "" {
		return 0, fmt.Errorf("bad integer")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("bad integer")
		}
		n = n*10 + int64(s[i]-'0')
	}
	if neg {
		n = -n
	}
	return n, nil
}

// Decimal parses an optional exact decimal column ("43,5" or "43.5") that
// must lie in [lo, hi] (hi nil: no upper bound). An empty cell is unknown:
// known is false and no error is recorded.
func (r *Row) Decimal(col string, lo blandby.Ratio, hi *blandby.Ratio, expected string, errs *blandby.InputErrors) (v blandby.Ratio, known bool) {
	s := r.Get(col)
	if s == "" {
		return blandby.Ratio{}, false
	}
	v, err := blandby.ParseDecimal(s)
	if err != nil || v.Cmp(lo) < 0 || (hi != nil && v.Cmp(*hi) > 0) {
		errs.Add(r.Errorf(col, "%q is not %s", s, expected))
		return blandby.Ratio{}, false
	}
	return v, true
}

// The bounds of what the Reader reads: MaxField bytes in a field and
// MaxRecord bytes in a record (a line, or the lines a quoted field spans).
const (
	MaxField  = 64 << 10
	MaxRecord = 1 << 20
)
