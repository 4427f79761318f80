package register

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding"
	"github.com/parquet-go/parquet-go/format"

	"github.com/blandby/blandby"
)

// Decoding Parquet columns: which file column types are accepted for each
// register column, and the conversion of pages (and dictionaries) of typed
// values into the int64 scratch columns the reader checks.

// pqTarget is what a register column holds.
type pqTarget uint8

const (
	pqInt       pqTarget = iota // a whole number
	pqCode                      // a whole number, also as a string of digits ("0101")
	pqBool                      // 0/1
	pqFTE                       // a share 0..1 read exactly in millionths
	pqOrigin                    // an origin code
	pqEducation                 // an education code
	pqArea                      // an area id of the registry, or none
)

var pqTargets = [ciCount]pqTarget{
	ciPersonID: pqInt, ciYear: pqInt, ciArea: pqArea, ciMunicipality: pqCode, ciRegion: pqCode,
	ciAge: pqInt, ciOrigin: pqOrigin, ciFTE: pqFTE, ciConvicted: pqBool, ciEducation: pqEducation,
	ciEducationDK: pqEducation, ciInEducation: pqBool, ciTaxpayer: pqBool, ciIncome: pqInt,
}

// pqExpected says, per target, which Parquet types are accepted.
var pqExpected = [...]string{
	pqInt:       "a whole number (INT32 or INT64)",
	pqCode:      "a whole number (INT32 or INT64) or a string of digits",
	pqBool:      "BOOLEAN, or INT32 or INT64 holding 0 or 1",
	pqFTE:       "a DECIMAL with at most 6 decimals (blandby writes INT32 DECIMAL(7,6)), or a DOUBLE or FLOAT with at most 6 decimals",
	pqOrigin:    "a string (BYTE_ARRAY)",
	pqEducation: "a string (BYTE_ARRAY)",
	pqArea:      "a string (BYTE_ARRAY)",
}

// pqConv is how the values of a file column become int64s.
type pqConv uint8

const (
	convInt32    pqConv = iota // INT32, signed
	convUint32                 // INT32 annotated unsigned
	convInt64                  // INT64, signed
	convUint64                 // INT64 annotated unsigned
	convBool                   // BOOLEAN
	convDecInt32               // DECIMAL stored as INT32, scaled to millionths
	convDecInt64               // DECIMAL stored as INT64
	convDecBytes               // DECIMAL stored as (FIXED_LEN_)BYTE_ARRAY, big-endian two's complement
	convFloat                  // FLOAT, exact to 6 decimals
	convDouble                 // DOUBLE, exact to 6 decimals
	convString                 // BYTE_ARRAY, parsed per target
)

// pqSource is a register column found in a file.
type pqSource struct {
	ci       int
	name     string
	target   pqTarget
	leaf     int // column index in the file
	conv     pqConv
	optional bool
	mul      int64 // decimals: the factor from unscaled value to millionths
}

// pqTypeName describes a column's type for messages.
func pqTypeName(col *parquet.Column) string {
	t := col.Type()
	name := t.Kind().String()
	if lt := t.LogicalType(); lt != nil && lt.Value != nil {
		name += " " + lt.String()
	}
	return name
}

// pqClassify works out how to read a file column as a register column, or
// says why it cannot.
func pqClassify(col *parquet.Column, ci int) (pqSource, string) {
	src := pqSource{ci: ci, name: Columns[ci], target: pqTargets[ci], leaf: col.Index(), optional: col.Optional()}
	if !col.Leaf() {
		return src, "is a group of columns (expected a plain column)"
	}
	if col.Repeated() {
		return src, "is a repeated column (expected one value per row)"
	}
	t := col.Type()
	kind := t.Kind()
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	var intType *format.IntType
	var decimal *format.DecimalType
	stringLike := false
	switch v := lt.(type) {
	case nil:
		stringLike = kind == parquet.ByteArray
	case *format.IntType:
		intType = v
	case *format.DecimalType:
		decimal = v
	case *format.StringType, *format.EnumType:
		stringLike = kind == parquet.ByteArray
	default:
		return src, fmt.Sprintf("has type %s (expected %s)", pqTypeName(col), pqExpected[src.target])
	}
	wholeInt := func() bool {
		if decimal != nil && decimal.Scale != 0 {
			return false
		}
		switch kind {
		case parquet.Int32:
			src.conv = convInt32
			if intType != nil && !intType.IsSigned {
				src.conv = convUint32
			}
			return true
		case parquet.Int64:
			src.conv = convInt64
			if intType != nil && !intType.IsSigned {
				src.conv = convUint64
			}
			return true
		}
		return false
	}
	ok := false
	switch src.target {
	case pqInt:
		ok = wholeInt()
	case pqCode:
		ok = wholeInt()
		if !ok && stringLike {
			src.conv, ok = convString, true
		}
	case pqBool:
		if kind == parquet.Boolean && lt == nil {
			src.conv, ok = convBool, true
		} else if decimal == nil {
			ok = wholeInt()
		}
	case pqFTE:
		switch {
		case decimal != nil:
			if decimal.Scale < 0 || decimal.Scale > FTEDecimals {
				return src, fmt.Sprintf("has type %s with %d decimals (expected %s)", pqTypeName(col), decimal.Scale, pqExpected[src.target])
			}
			src.mul = int64(math.Pow10(FTEDecimals - int(decimal.Scale)))
			switch kind {
			case parquet.Int32:
				src.conv, ok = convDecInt32, true
			case parquet.Int64:
				src.conv, ok = convDecInt64, true
			case parquet.ByteArray, parquet.FixedLenByteArray:
				src.conv, ok = convDecBytes, true
			}
		case lt == nil && kind == parquet.Double:
			src.conv, ok = convDouble, true
		case lt == nil && kind == parquet.Float:
			src.conv, ok = convFloat, true
		}
	default: // codes and areas
		if stringLike {
			src.conv, ok = convString, true
		}
	}
	if !ok {
		return src, fmt.Sprintf("has type %s (expected %s)", pqTypeName(col), pqExpected[src.target])
	}
	return src, ""
}

// pqView is the typed content of a page (or a dictionary): which slice is
// set depends on the physical type.
type pqView struct {
	i32   []int32
	i64   []int64
	bits  []byte
	f32   []float32
	f64   []float64
	data  []byte   // byte arrays: the bytes
	offs  []uint32 // byte arrays: n+1 offsets
	size  int      // fixed-length byte arrays: the length
	count int      // number of values
}

func (v *pqView) set(vals encoding.Values, conv pqConv) error {
	*v = pqView{}
	kind := vals.Kind()
	switch conv {
	case convInt32, convUint32, convDecInt32:
		if kind == encoding.Int32 {
			v.i32 = vals.Int32()
			v.count = len(v.i32)
			return nil
		}
	case convInt64, convUint64, convDecInt64:
		if kind == encoding.Int64 {
			v.i64 = vals.Int64()
			v.count = len(v.i64)
			return nil
		}
	case convBool:
		if kind == encoding.Boolean {
			v.bits = vals.Boolean()
			v.count = len(v.bits) * 8
			return nil
		}
	case convFloat:
		if kind == encoding.Float {
			v.f32 = vals.Float()
			v.count = len(v.f32)
			return nil
		}
	case convDouble:
		if kind == encoding.Double {
			v.f64 = vals.Double()
			v.count = len(v.f64)
			return nil
		}
	case convString, convDecBytes:
		switch kind {
		case encoding.ByteArray:
			v.data, v.offs = vals.ByteArray()
			v.count = max(len(v.offs)-1, 0)
			return nil
		case encoding.FixedLenByteArray:
			if conv == convDecBytes {
				v.data, v.size = vals.FixedLenByteArray()
				if v.size > 0 {
					v.count = len(v.data) / v.size
				}
				return nil
			}
		}
	}
	return fmt.Errorf("page of %s values where the schema says otherwise", kind)
}

// bytesAt returns byte array value j.
func (v *pqView) bytesAt(j int) []byte {
	if v.size > 0 {
		return v.data[j*v.size : (j+1)*v.size]
	}
	return v.data[v.offs[j]:v.offs[j+1]]
}

// pqConvErr is a value that could not be converted, by its position in the
// converted run.
type pqConvErr struct {
	pos int
	msg string
}

// convert converts values [from, from+len(dst)) of the view into dst,
// appending what cannot be converted to errs.
func (s *pqSource) convert(v *pqView, dst []int64, from int, areas *Areas, errs []pqConvErr) []pqConvErr {
	n := len(dst)
	switch s.conv {
	case convInt32:
		for j, x := range v.i32[from : from+n] {
			dst[j] = int64(x)
		}
	case convUint32:
		for j, x := range v.i32[from : from+n] {
			dst[j] = int64(uint32(x))
		}
	case convInt64:
		copy(dst, v.i64[from:from+n])
	case convUint64:
		for j, x := range v.i64[from : from+n] {
			dst[j] = x
			if x < 0 {
				errs = append(errs, pqConvErr{j, fmt.Sprintf("%d is out of range", uint64(x))})
			}
		}
	case convBool:
		bits := v.bits
		for j := range dst {
			k := from + j
			dst[j] = int64(bits[k>>3]>>(k&7)) & 1
		}
	case convDecInt32:
		for j, x := range v.i32[from : from+n] {
			dst[j] = int64(x) * s.mul
		}
	case convDecInt64:
		lim := math.MaxInt64 / s.mul
		for j, x := range v.i64[from : from+n] {
			if x > lim || x < -lim {
				errs = append(errs, pqConvErr{j, "decimal out of range (expected a share from 0 to 1)"})
				continue
			}
			dst[j] = x * s.mul
		}
	case convDecBytes:
		for j := range dst {
			b := v.bytesAt(from + j)
			x, ok := bigEndianInt(b)
			if !ok || x > math.MaxInt64/s.mul || x < -math.MaxInt64/s.mul {
				errs = append(errs, pqConvErr{j, "decimal out of range (expected a share from 0 to 1)"})
				continue
			}
			dst[j] = x * s.mul
		}
	case convDouble:
		for j, x := range v.f64[from : from+n] {
			m, msg := exactMillionths(x, 64)
			if msg != "" {
				errs = append(errs, pqConvErr{j, msg})
			}
			dst[j] = m
		}
	case convFloat:
		for j, x := range v.f32[from : from+n] {
			m, msg := exactMillionths(float64(x), 32)
			if msg != "" {
				errs = append(errs, pqConvErr{j, msg})
			}
			dst[j] = m
		}
	case convString:
		for j := range dst {
			x, msg := s.parse(v.bytesAt(from+j), areas)
			if msg != "" {
				errs = append(errs, pqConvErr{j, msg})
			}
			dst[j] = x
		}
	}
	return errs
}

// bigEndianInt reads a big-endian two's complement integer of up to 8
// significant bytes.
func bigEndianInt(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	neg := b[0]&0x80 != 0
	// Leading sign bytes beyond 8 must be pure sign extension.
	for len(b) > 8 {
		if (neg && b[0] != 0xff) || (!neg && b[0] != 0) {
			return 0, false
		}
		b = b[1:]
	}
	var x uint64
	if neg {
		x = math.MaxUint64
	}
	for _, c := range b {
		x = x<<8 | uint64(c)
	}
	v := int64(x)
	if (v < 0) != neg {
		return 0, false
	}
	return v, true
}

// exactMillionths converts a float FTE to millionths when its shortest
// decimal form has at most 6 decimals. A float whose shortest form is
// longer is not an exact share, and the reader does not guess.
func exactMillionths(x float64, bits int) (int64, string) {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < -1e12 || x > 1e12 {
		return 0, fmt.Sprintf("%v is not a full-time share from 0 to 1", x)
	}
	m := math.Round(x * FTEScale)
	if bits == 64 && m/FTEScale == x {
		// m/10^6 is the correctly rounded quotient, so a decimal of at most
		// 6 places reads back as x: the shortest form has at most 6 places.
		return int64(m), ""
	}
	s := strconv.FormatFloat(x, 'f', -1, bits)
	if r, err := blandby.ParseDecimal(s); err == nil {
		scaled := r.MulInt(FTEScale)
		if scaled.IsInt() {
			return scaled.Num().Int64(), ""
		}
	}
	return 0, fmt.Sprintf("%s has more than %d decimals: a float is not exact (write outside_labour_fte as DECIMAL(7,6), or as a float only with at most %d decimals)", s, FTEDecimals, FTEDecimals)
}

// parse reads a string value of a code, origin, education or area column.
func (s *pqSource) parse(b []byte, areas *Areas) (int64, string) {
	switch s.target {
	case pqArea:
		if len(b) == 0 {
			return int64(NoArea), ""
		}
		if i, ok := areas.lookup(b); ok {
			return int64(i), ""
		}
		return 0, fmt.Sprintf("area %q is not in the areas registry", b)
	case pqOrigin:
		for i, c := range OriginCodes {
			if string(b) == c {
				return int64(i), ""
			}
		}
		return 0, fmt.Sprintf("unknown origin %q (expected one of %s)", b, strings.Join(OriginCodes[:], ", "))
	case pqEducation:
		for i, c := range EducationCodes {
			if string(b) == c {
				return int64(i), ""
			}
		}
		return 0, fmt.Sprintf("unknown education %q (expected one of %s)", b, strings.Join(EducationCodes[:], ", "))
	default: // pqCode as digits
		if len(b) == 0 {
			return 0, "missing value (expected a whole number)"
		}
		if len(b) > 18 {
			return 0, fmt.Sprintf("%q is not a whole number", b)
		}
		var x int64
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, fmt.Sprintf("%q is not a whole number", b)
			}
			x = x*10 + int64(c-'0')
		}
		return x, ""
	}
}

// pqCursor reads one column of one row group, row by row range.
type pqCursor struct {
	src   *pqSource
	areas *Areas
	pages parquet.Pages
	page  parquet.Page
	view  pqView
	idx   []int32 // dictionary indexes of the page, when dictionary-encoded
	defs  []byte  // definition levels, nil when the page has no nulls
	rows  int     // rows of the page
	row   int     // next row of the page
	val   int     // next value of the page
	// The converted dictionary of the column chunk.
	dict     parquet.Dictionary
	dictVals []int64
	dictMsg  []string // nil when every entry converted
	scratch  []int64
	cerrs    []pqConvErr
	// check, when set, checks dictionary entries as they are converted,
	// and turns them into what the batch stores.
	check func(int64) (int64, string)
}

func (c *pqCursor) open(pages parquet.Pages) {
	c.pages = pages
	c.page, c.rows, c.row, c.val = nil, 0, 0, 0
}

func (c *pqCursor) close() {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	if c.pages != nil {
		c.pages.Close()
		c.pages = nil
	}
	c.dict, c.dictVals, c.dictMsg = nil, c.dictVals[:0], nil
}

// next loads the next page.
func (c *pqCursor) next() error {
	if c.page != nil {
		parquet.Release(c.page)
		c.page = nil
	}
	p, err := c.pages.ReadPage()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("the column has fewer values than the row group has rows")
		}
		return err
	}
	c.page = p
	c.rows, c.row, c.val = int(p.NumRows()), 0, 0
	c.defs = nil
	nulls := 0
	if c.src.optional {
		nulls = int(p.NumNulls())
		if nulls > 0 {
			c.defs = p.DefinitionLevels()
			if len(c.defs) != c.rows {
				return fmt.Errorf("page has %d definition levels for %d rows", len(c.defs), c.rows)
			}
		}
	}
	want := c.rows - nulls
	data := p.Data()
	if dict := p.Dictionary(); dict != nil {
		if data.Kind() != encoding.Int32 {
			return errors.New("dictionary page without indexes")
		}
		c.idx = data.Int32()
		if len(c.idx) < want {
			return fmt.Errorf("page has %d values for %d rows", len(c.idx), want)
		}
		if dict != c.dict {
			if err := c.convertDict(dict); err != nil {
				return err
			}
		}
		return nil
	}
	c.idx = nil
	if err := c.view.set(data, c.src.conv); err != nil {
		return err
	}
	if c.view.count < want {
		return fmt.Errorf("page has %d values for %d rows", c.view.count, want)
	}
	return nil
}

// convertDict converts a dictionary's values once for all the pages that
// index it.
func (c *pqCursor) convertDict(dict parquet.Dictionary) error {
	var v pqView
	if err := v.set(dict.Page().Data(), c.src.conv); err != nil {
		return err
	}
	n := dict.Len()
	if v.count < n {
		return fmt.Errorf("dictionary has %d values, expected %d", v.count, n)
	}
	c.dict = dict
	c.dictVals = slices.Grow(c.dictVals[:0], n)[:n]
	c.cerrs = c.src.convert(&v, c.dictVals, 0, c.areas, c.cerrs[:0])
	c.dictMsg = nil
	if len(c.cerrs) > 0 {
		c.dictMsg = make([]string, n)
		for _, e := range c.cerrs {
			c.dictMsg[e.pos] = e.msg
		}
	}
	if c.check != nil {
		for k, x := range c.dictVals {
			if c.dictMsg != nil && c.dictMsg[k] != "" {
				continue
			}
			y, msg := c.check(x)
			if msg != "" {
				if c.dictMsg == nil {
					c.dictMsg = make([]string, n)
				}
				c.dictMsg[k] = msg
			}
			c.dictVals[k] = y
		}
	}
	return nil
}

// convertValues converts the next len(dst) values of the page into dst.
func (c *pqCursor) convertValues(dst []int64) {
	c.cerrs = c.cerrs[:0]
	if c.idx == nil {
		c.cerrs = c.src.convert(&c.view, dst, c.val, c.areas, c.cerrs)
	} else {
		vals, msgs := c.dictVals, c.dictMsg
		for j, k := range c.idx[c.val : c.val+len(dst)] {
			if uint(k) >= uint(len(vals)) {
				c.cerrs = append(c.cerrs, pqConvErr{j, fmt.Sprintf("dictionary index %d out of range (corrupt file)", k)})
				dst[j] = 0
				continue
			}
			dst[j] = vals[k]
			if msgs != nil && msgs[k] != "" {
				c.cerrs = append(c.cerrs, pqConvErr{j, msgs[k]})
			}
		}
	}
	c.val += len(dst)
}

// fill decodes the next len(dst) rows into dst, reporting values that
// cannot be read to w (dst[0] is row 0 of the window).
func (c *pqCursor) fill(dst []int64, w *pqWindow) error {
	for done := 0; done < len(dst); {
		k, err := c.run(len(dst) - done)
		if err != nil {
			return err
		}
		c.segment(dst[done:done+k], w, done)
		done += k
	}
	return nil
}

// run returns how many of the next n rows the current page holds, loading
// the next page when the current one is done.
func (c *pqCursor) run(n int) (int, error) {
	for c.page == nil || c.row == c.rows {
		if err := c.next(); err != nil {
			return 0, err
		}
	}
	return min(n, c.rows-c.row), nil
}

// segment decodes the next len(out) rows, all in the current page, into
// out; out[0] is row off of the window.
func (c *pqCursor) segment(out []int64, w *pqWindow, off int) {
	k := len(out)
	if c.defs == nil {
		c.convertValues(out)
		for _, e := range c.cerrs {
			w.fail(off+e.pos, c.src.ci, c.src.name, e.msg)
		}
	} else {
		defs := c.defs[c.row : c.row+k]
		m := 0
		for _, d := range defs {
			if d != 0 {
				m++
			}
		}
		c.scratch = slices.Grow(c.scratch[:0], m)[:m]
		c.convertValues(c.scratch)
		j, e := 0, 0
		for i, d := range defs {
			if d == 0 {
				if c.src.target == pqArea {
					out[i] = int64(NoArea)
				} else {
					out[i] = 0
					w.fail(off+i, c.src.ci, c.src.name, "missing value")
				}
				continue
			}
			out[i] = c.scratch[j]
			if e < len(c.cerrs) && c.cerrs[e].pos == j {
				w.fail(off+i, c.src.ci, c.src.name, c.cerrs[e].msg)
				e++
			}
			j++
		}
	}
	c.row += k
}

// lookupOK says whether the rows of the current page can be translated
// straight from the dictionary into the batch: no nulls, and a dictionary
// whose every entry converted and passed the checks.
func (c *pqCursor) lookupOK() bool {
	return c.idx != nil && c.defs == nil && c.check != nil && c.dictMsg == nil
}
