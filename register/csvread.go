package register

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blandby/blandby"
)

// The CSV reader splits a file into chunks of whole lines, which workers
// parse in parallel straight into batch columns: no field becomes a Go
// string, and every value is validated as it is parsed. Register files hold
// plain values, so a quoted field may not span lines.

const chunkSize = 4 << 20

// column kinds, in register.Columns order.
const (
	kPersonID = iota
	kYear
	kAreaID
	kMunicipality
	kRegion
	kAge
	kOrigin
	kFTE
	kConvicted
	kEducation
	kEducationDK
	kInEducation
	kTaxpayer
	kIncome
	kindCount
)

// csvHeader is the column layout of a register CSV file.
type csvHeader struct {
	kinds []int // kind of each field, in file order
}

// readHeader reads and checks the header line.
func readHeader(line []byte, file string) (csvHeader, error) {
	line = bytes.TrimPrefix(trimEOL(line), []byte("\ufeff"))
	var h csvHeader
	seen := make([]bool, kindCount)
	var errs blandby.InputErrors
	col := 1
	for _, f := range bytes.Split(line, []byte(",")) {
		name := strings.Trim(strings.TrimSpace(string(f)), `"`)
		k := slices.Index(Columns, name)
		switch {
		case k < 0:
			errs.Add(&blandby.InputError{File: file, Line: 1, Column: col, Field: name, Msg: fmt.Sprintf("unknown column (expected %s)", strings.Join(Columns, ", "))})
		case seen[k]:
			errs.Add(&blandby.InputError{File: file, Line: 1, Column: col, Field: name, Msg: "column appears twice"})
		default:
			seen[k] = true
		}
		h.kinds = append(h.kinds, k)
		col += len(f) + 1
	}
	for k, ok := range seen {
		if !ok {
			errs.Add(&blandby.InputError{File: file, Line: 1, Field: Columns[k], Msg: "missing required column"})
		}
	}
	return h, errs.Err()
}

func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

// csvYear returns the year of the first data row.
func csvYear(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	headerLine, err := br.ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	h, err := readHeader(headerLine, path)
	if err != nil {
		return 0, err
	}
	first, err := br.ReadBytes('\n')
	if len(trimEOL(first)) == 0 {
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("read %s: %w", path, err)
		}
		return 0, &blandby.InputError{File: path, Line: 2, Msg: "no data rows"}
	}
	row, pos := trimEOL(first), 0
	for _, k := range h.kinds {
		if pos > len(row) {
			break
		}
		field, next, problem := nextField(row, pos)
		if problem != "" {
			return 0, &blandby.InputError{File: path, Line: 2, Column: pos + 1, Field: Columns[k], Msg: problem}
		}
		if k == kYear {
			y, ok := parseUint(field)
			if !ok || y < 1900 || y > 2999 {
				return 0, &blandby.InputError{File: path, Line: 2, Column: pos + 1, Field: ColYear, Msg: fmt.Sprintf("%q is not a year", field)}
			}
			return int(y), nil
		}
		pos = next
	}
	return 0, &blandby.InputError{File: path, Line: 2, Field: ColYear, Msg: "missing value"}
}

// nextField returns the field starting at pos in row (unquoted), the
// position after its comma, and what is wrong with it, if anything. pos may
// be len(row): an empty last field. Fields are short, so a plain loop beats
// bytes.IndexByte here.
func nextField(row []byte, pos int) (field []byte, next int, problem string) {
	if pos < len(row) && row[pos] == '"' {
		end := bytes.IndexByte(row[pos+1:], '"')
		if end < 0 {
			return nil, 0, "quoted field does not end on its line"
		}
		field, next = row[pos+1:pos+1+end], pos+end+2
		if next < len(row) && row[next] != ',' {
			return nil, 0, "unexpected character after a quoted field"
		}
		return field, next + 1, ""
	}
	end := pos
	for end < len(row) && row[end] != ',' {
		end++
	}
	return row[pos:end], end + 1, ""
}

// chunk is a run of whole lines of the file.
type chunk struct {
	data      []byte
	startLine int // line number of the chunk's first line
}

// csvRead is the state of one CSV read.
type csvRead struct {
	path   string
	year   int
	header csvHeader
	areas  *Areas
	places []areaPlace
	ids    idSet

	mu      sync.Mutex
	errs    []*blandby.InputError
	nErrs   atomic.Int64
	rows    atomic.Int64
	failed  atomic.Bool
	fnError error
}

// maxCSVErrors stops a read after this many bad values.
const maxCSVErrors = 20

func readCSV(ctx context.Context, path string, areas *Areas, opts ReadOptions, fn BatchFunc) (Stats, error) {
	year, err := csvYear(path)
	if err != nil {
		return Stats{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Stats{}, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	headerLine, err := br.ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return Stats{}, fmt.Errorf("read %s: %w", path, err)
	}
	h, err := readHeader(headerLine, path)
	if err != nil {
		return Stats{}, err
	}
	r := &csvRead{path: path, year: year, header: h, areas: areas, places: areas.places()}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := opts.workers()
	work := make(chan chunk, workers)
	free := make(chan []byte, workers+2)
	for range workers + 2 {
		free <- make([]byte, chunkSize)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := NewBatch(chunkSize / 64)
			for c := range work {
				if !r.failed.Load() {
					r.parse(c, b)
					if b.Len() > 0 && !r.failed.Load() {
						if err := fn(w, b); err != nil {
							r.fail(err)
							cancel()
						}
					}
				}
				free <- c.data[:cap(c.data)]
			}
		}()
	}
	bytesRead := int64(len(headerLine))
	readErr := r.split(ctx, br, free, work, func(n int64) {
		bytesRead += n
		if opts.Progress != nil {
			opts.Progress(bytesRead)
		}
	})
	close(work)
	wg.Wait()
	if r.fnError != nil {
		return Stats{}, r.fnError
	}
	if err := r.inputErrors(); err != nil {
		return Stats{}, err
	}
	if readErr != nil {
		return Stats{}, readErr
	}
	return Stats{File: path, Year: year, Rows: r.rows.Load(), Bytes: bytesRead}, nil
}

// split reads the file after the header into chunks of whole lines.
func (r *csvRead) split(ctx context.Context, br *bufio.Reader, free chan []byte, work chan<- chunk, progress func(int64)) error {
	line := 2
	var carry []byte
	for {
		if r.failed.Load() {
			return nil
		}
		var buf []byte
		select {
		case <-ctx.Done():
			return ctx.Err()
		case buf = <-free:
		}
		n := copy(buf, carry)
		if n == len(buf) {
			return &blandby.InputError{File: r.path, Line: line, Msg: fmt.Sprintf("line longer than %d bytes", chunkSize)}
		}
		m, err := io.ReadFull(br, buf[n:])
		end := n + m
		eof := errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !eof {
			return fmt.Errorf("read %s: %w", r.path, err)
		}
		data := buf[:end]
		cut := bytes.LastIndexByte(data, '\n') + 1
		if eof {
			cut = end
		}
		carry = append(carry[:0], data[cut:]...)
		progress(int64(m))
		if cut > 0 {
			work <- chunk{data: data[:cut], startLine: line}
			line += bytes.Count(data[:cut], []byte("\n"))
		} else {
			free <- buf
		}
		if eof {
			return nil
		}
	}
}

// fail records the callback's error and stops the read.
func (r *csvRead) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fnError == nil {
		r.fnError = err
	}
	r.failed.Store(true)
}

// bad records an input error; after maxCSVErrors the read stops.
func (r *csvRead) bad(e *blandby.InputError) {
	r.mu.Lock()
	r.errs = append(r.errs, e)
	r.mu.Unlock()
	if r.nErrs.Add(1) >= maxCSVErrors {
		r.failed.Store(true)
	}
}

// inputErrors returns the recorded errors in line order.
func (r *csvRead) inputErrors() error {
	sort.Slice(r.errs, func(i, j int) bool {
		if r.errs[i].Line != r.errs[j].Line {
			return r.errs[i].Line < r.errs[j].Line
		}
		return r.errs[i].Column < r.errs[j].Column
	})
	var errs blandby.InputErrors
	stopped := len(r.errs) >= maxCSVErrors
	for i, e := range r.errs {
		if stopped && i == maxCSVErrors-1 {
			errs.Add(&blandby.InputError{File: r.path, Msg: fmt.Sprintf("stopped reading after %d errors", maxCSVErrors)})
			break
		}
		errs.Add(e)
	}
	return errs.Err()
}

// parse parses a chunk's lines into b (reset first).
func (r *csvRead) parse(c chunk, b *Batch) {
	b.Reset(r.year)
	data := c.data
	line := c.startLine
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		var row []byte
		if end < 0 {
			row, data = data, nil
		} else {
			row, data = data[:end], data[end+1:]
		}
		if n := len(row); n > 0 && row[n-1] == '\r' {
			row = row[:n-1]
		}
		if len(row) > 0 {
			r.parseRow(row, line, b)
		}
		line++
		if r.failed.Load() {
			return
		}
	}
	r.rows.Add(int64(b.Len()))
}

// parseRow parses one line; a bad row is recorded and left out.
func (r *csvRead) parseRow(row []byte, line int, b *Batch) {
	var p Person
	var municipality, region int
	pos := 0
	for i, k := range r.header.kinds {
		if pos > len(row) {
			r.bad(&blandby.InputError{File: r.path, Line: line, Column: len(row) + 1, Field: Columns[k],
				Msg: fmt.Sprintf("the row has %d fields, the header %d", i, len(r.header.kinds))})
			return
		}
		start := pos
		if numeric[k] {
			if v, end, ok := scanUint(row, pos); ok && r.setUint(k, v, &p, &municipality, &region) {
				pos = end + 1
				continue
			}
		}
		field, next, problem := nextField(row, pos)
		if problem != "" {
			r.bad(&blandby.InputError{File: r.path, Line: line, Column: start + 1, Field: Columns[k], Msg: problem})
			return
		}
		pos = next
		if msg := r.parseField(k, field, &p, &municipality, &region); msg != "" {
			r.bad(&blandby.InputError{File: r.path, Line: line, Column: start + 1, Field: Columns[k], Msg: msg})
			return
		}
	}
	if pos <= len(row) {
		r.bad(&blandby.InputError{File: r.path, Line: line, Column: pos, Msg: fmt.Sprintf("more fields than the %d columns of the header", len(r.header.kinds))})
		return
	}
	if col, msg := checkPlace(municipality, region, p.Area, r.places); msg != "" {
		r.bad(&blandby.InputError{File: r.path, Line: line, Column: r.columnOf(row, col), Field: col, Msg: msg})
		return
	}
	p.Municipality, p.Region = uint16(municipality), uint8(region)
	if !r.ids.add(p.ID) {
		r.bad(&blandby.InputError{File: r.path, Line: line, Column: r.columnOf(row, ColPersonID), Field: ColPersonID,
			Msg: fmt.Sprintf("person %d appears twice in data year %d", p.ID, r.year)})
		return
	}
	b.Append(p)
}

// columnOf returns the 1-based byte column where a named column's field
// starts in an unquoted row.
func (r *csvRead) columnOf(row []byte, name string) int {
	k := slices.Index(Columns, name)
	col := 1
	for _, kk := range r.header.kinds {
		if kk == k {
			return col
		}
		next := bytes.IndexByte(row[col-1:], ',')
		if next < 0 {
			return col
		}
		col += next + 1
	}
	return col
}

// parseField parses one field into p; it returns what was expected when the
// value is bad.
func (r *csvRead) parseField(k int, f []byte, p *Person, municipality, region *int) string {
	switch k {
	case kPersonID:
		v, ok := parseUint(f)
		if !ok {
			return fmt.Sprintf("%q is not a person id (a whole number >= 0)", f)
		}
		p.ID = v
	case kYear:
		v, ok := parseUint(f)
		if !ok || v != int64(r.year) {
			if !ok {
				return fmt.Sprintf("%q is not a year", f)
			}
			return errFileYear(int(v), r.year)
		}
	case kAreaID:
		if len(f) == 0 {
			p.Area = NoArea
			return ""
		}
		a, ok := r.areas.lookup(f)
		if !ok {
			return fmt.Sprintf("area %q is not in the areas registry", f)
		}
		p.Area = a
	case kMunicipality:
		v, ok := parseUint(f)
		if !ok || v > 9999 {
			return fmt.Sprintf("%q is not a municipality code", f)
		}
		*municipality = int(v)
	case kRegion:
		v, ok := parseUint(f)
		if !ok || v < 1081 || v > 1085 {
			return fmt.Sprintf("%q is not a region code (expected 1081–1085)", f)
		}
		*region = int(v - 1081)
	case kAge:
		v, ok := parseUint(f)
		if !ok || v > MaxAge {
			return fmt.Sprintf("%q is not an age from 0 to %d", f, MaxAge)
		}
		p.Age = uint8(v)
	case kOrigin:
		o, ok := originOf(f)
		if !ok {
			return fmt.Sprintf("unknown origin %q (expected one of %s)", f, strings.Join(OriginCodes[:], ", "))
		}
		p.Origin = o
	case kFTE:
		v, ok := parseFTE(f)
		if !ok {
			return fmt.Sprintf("%q is not a full-time share from 0 to 1 with at most %d decimals", f, FTEDecimals)
		}
		p.FTE = v
	case kConvicted, kInEducation, kTaxpayer:
		if len(f) != 1 || (f[0] != '0' && f[0] != '1') {
			return fmt.Sprintf("%q is not 0 or 1", f)
		}
		v := f[0] == '1'
		switch k {
		case kConvicted:
			p.Convicted = v
		case kInEducation:
			p.InEducation = v
		default:
			p.Taxpayer = v
		}
	case kEducation, kEducationDK:
		e, ok := educationOf(f)
		if !ok {
			return fmt.Sprintf("unknown education %q (expected one of %s)", f, strings.Join(EducationCodes[:], ", "))
		}
		if k == kEducation {
			p.Education = e
		} else {
			p.EducationDK = e
		}
	case kIncome:
		v, ok := parseUint(f)
		if !ok {
			return fmt.Sprintf("%q is not an income in whole kroner >= 0", f)
		}
		p.Income = v
	}
	return ""
}

// numeric marks the columns of whole numbers, parsed in one pass.
var numeric = [kindCount]bool{kPersonID: true, kYear: true, kMunicipality: true, kRegion: true, kAge: true, kIncome: true}

// scanUint reads the digits of an unquoted field starting at pos up to its
// comma or the end of the row, in one pass; ok is false for anything but 1
// to 18 digits, and the caller then takes the general path, which explains
// the problem.
func scanUint(row []byte, pos int) (v int64, end int, ok bool) {
	end = pos
	for end < len(row) {
		d := row[end] - '0'
		if d > 9 {
			if row[end] != ',' {
				return 0, 0, false
			}
			break
		}
		v = v*10 + int64(d)
		end++
	}
	n := end - pos
	return v, end, n > 0 && n <= 18
}

// setUint stores a whole-number field that is in range and reports whether
// it did; out of range, the general path reports the problem.
func (r *csvRead) setUint(k int, v int64, p *Person, municipality, region *int) bool {
	switch k {
	case kPersonID:
		p.ID = v
	case kYear:
		return v == int64(r.year)
	case kMunicipality:
		*municipality = int(v)
		return v <= 9999
	case kRegion:
		*region = int(v - 1081)
		return v >= 1081 && v <= 1085
	case kAge:
		p.Age = uint8(v)
		return v <= MaxAge
	case kIncome:
		p.Income = v
	}
	return true
}

// parseUint parses a whole number >= 0 of at most 18 digits.
func parseUint(f []byte) (int64, bool) {
	if len(f) == 0 || len(f) > 18 {
		return 0, false
	}
	var v int64
	for _, c := range f {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// parseFTE parses a share 0..1 with at most FTEDecimals decimals ('.' or ',')
// into millionths, exactly.
func parseFTE(f []byte) (int32, bool) {
	if len(f) == 0 {
		return 0, false
	}
	var whole int64
	i := 0
	for ; i < len(f) && f[i] >= '0' && f[i] <= '9'; i++ {
		whole = whole*10 + int64(f[i]-'0')
		if whole > 1 {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	v := whole * FTEScale
	if i < len(f) {
		if f[i] != '.' && f[i] != ',' {
			return 0, false
		}
		decimals := f[i+1:]
		if len(decimals) == 0 || len(decimals) > FTEDecimals {
			return 0, false
		}
		scale := int64(FTEScale)
		for _, c := range decimals {
			if c < '0' || c > '9' {
				return 0, false
			}
			scale /= 10
			v += int64(c-'0') * scale
		}
	}
	if v > FTEScale {
		return 0, false
	}
	return int32(v), true
}

// originOf matches an origin code; the codes have distinct lengths.
func originOf(f []byte) (Origin, bool) {
	var o Origin
	switch len(f) {
	case 5:
		o = Dansk
	case 18:
		o = VestligIndvandrer
	case 19:
		o = VestligEfterkommer
	case 23:
		o = IkkeVestligIndvandrer
	case 24:
		o = IkkeVestligEfterkommer
	default:
		return 0, false
	}
	return o, string(f) == OriginCodes[o]
}

// educationOf matches an education code; the codes have distinct lengths.
func educationOf(f []byte) (Education, bool) {
	var e Education
	switch len(f) {
	case 10:
		e = Grundskole
	case 17:
		e = Ungdomsuddannelse
	case 13:
		e = Videregaaende
	case 7:
		e = Uoplyst
	default:
		return 0, false
	}
	return e, string(f) == EducationCodes[e]
}
