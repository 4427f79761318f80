package register

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/parquet-go/parquet-go"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
)

// Reading Parquet register files.
//
// Row groups are decoded in parallel, one row group per worker at a time,
// in windows of parquetWindow rows. For each window every column is decoded
// page run by page run from the typed page values (no Go value per row):
// a dictionary is converted (strings to codes and area indexes) and checked
// once per column chunk, and its pages' indexes are then translated
// straight into the worker's batch; other pages are converted into a
// scratch column of int64, checked and stored. Then the rows' municipality,
// region and area are checked against each other, and the batch goes to
// fn. Input errors are kept per row group and merged in row order at the
// end, so the errors reported do not depend on the scheduling of the
// workers.

// parquetMaxRows bounds the rows of a file: one row per resident of
// Denmark (under 6 million) with a wide margin. A corrupt or hostile footer
// claiming billions of rows (which run-length encoding can hold in a few
// bytes) is refused rather than read for hours.
const parquetMaxRows = 100_000_000

// parquetWindow is the number of rows decoded and handed on at a time.
const parquetWindow = 64 << 10

// The indexes of the columns in Columns.
const (
	ciPersonID = iota
	ciYear
	ciArea
	ciMunicipality
	ciRegion
	ciAge
	ciOrigin
	ciFTE
	ciConvicted
	ciEducation
	ciEducationDK
	ciInEducation
	ciTaxpayer
	ciIncome
	ciCount
)

// Error streams of a row group: one per column, then the cross-column place
// check.
const (
	streamPlace = ciCount
	streamCount = ciCount + 1
)

// pqFile is an open Parquet register file with its columns resolved.
type pqFile struct {
	path  string
	f     *os.File
	size  int64
	file  *parquet.File
	srcs  [ciCount]pqSource
	areas *Areas
}

// openParquet opens a register file and resolves its columns; only the
// columns in need (all when nil) must be present and readable.
func openParquet(path string, areas *Areas, need []int) (_ *pqFile, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	p := &pqFile{path: path, f: f, size: st.Size(), areas: areas}
	if err := pqProtect(func() error {
		var err error
		p.file, err = parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(64<<10))
		return err
	}); err != nil {
		return nil, &blandby.InputError{File: path, Msg: fmt.Sprintf("not a readable Parquet file: %v", err)}
	}
	if need == nil {
		need = make([]int, ciCount)
		for i := range need {
			need[i] = i
		}
	}
	var errs blandby.InputErrors
	known := map[string]bool{}
	for _, ci := range need {
		name := Columns[ci]
		known[name] = true
		col := p.file.Root().Column(name)
		if col == nil {
			errs.Add(&blandby.InputError{File: path, Field: name, Msg: fmt.Sprintf("missing column (a register file has the columns %v)", Columns)})
			continue
		}
		src, msg := pqClassify(col, ci)
		if msg != "" {
			errs.Add(&blandby.InputError{File: path, Field: name, Msg: "column " + msg})
			continue
		}
		p.srcs[ci] = src
	}
	if len(need) == ciCount {
		// Unknown columns are an error, as in CSV files: a misspelt column
		// must not pass unnoticed.
		for _, col := range p.file.Root().Columns() {
			if !known[col.Name()] {
				errs.Add(&blandby.InputError{File: path, Field: col.Name(), Msg: fmt.Sprintf("unknown column (expected %v)", Columns)})
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// pqProtect runs fn, turning a panic of the Parquet library on a corrupt
// file into an error.
func pqProtect(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt file: %v", p)
		}
	}()
	return fn()
}

// pqCorrupt is the error for a file the Parquet library cannot decode.
func (p *pqFile) corrupt(g int, ci int, err error) error {
	return &blandby.InputError{File: p.path, Field: Columns[ci], Msg: fmt.Sprintf("cannot decode row group %d: %v", g, err)}
}

// pqMaxKept is how many errors each error stream of a row group keeps: as
// many as blandby.InputErrors reports, so the errors reported are the
// file's first ones in row order whatever the scheduling.
const pqMaxKept = 20

// pqErr is an input error with its place in the file.
type pqErr struct {
	row   int64 // 1-based
	order int   // the column's place in Columns, to order the errors of a row
	err   *blandby.InputError
}

// pqStream keeps the first pqMaxKept errors (by row) of one column of a row
// group and counts them all.
type pqStream struct {
	kept []pqErr
	max  int64 // the last row kept, once pqMaxKept are
	n    int
}

// add counts an error and keeps it if it is among the first; the error
// value is made only then, so that a file of millions of bad values costs
// little more than counting them.
func (s *pqStream) add(file string, row int64, order int, field, msg string) {
	s.n++
	if len(s.kept) == pqMaxKept && row >= s.max {
		return
	}
	e := pqErr{row: row, order: order, err: &blandby.InputError{File: file, Line: int(row), Field: field, Msg: msg}}
	if len(s.kept) < pqMaxKept {
		s.kept = append(s.kept, e)
	} else {
		// Errors of a window arrive in two passes (decoding, then
		// checking), not quite in row order: replace the last one kept.
		for i, k := range s.kept {
			if k.row == s.max {
				s.kept[i] = e
				break
			}
		}
	}
	if len(s.kept) == pqMaxKept {
		s.max = 0
		for _, k := range s.kept {
			s.max = max(s.max, k.row)
		}
	}
}

// pqGroupErrs are the input errors of one row group.
type pqGroupErrs [streamCount]pqStream

// pqWindow is the state of the rows being decoded: their position in the
// file and which of their values were bad.
type pqWindow struct {
	file   string
	base   int64 // 0-based file row of the first row
	n      int
	bad    []uint16 // per row, the columns with an error
	colBad uint16   // the columns with an error in any row
	nbad   int
	errs   *pqGroupErrs
}

func newPQWindow(file string, size int) *pqWindow {
	return &pqWindow{file: file, bad: make([]uint16, size)}
}

func (w *pqWindow) reset(base int64, n int, errs *pqGroupErrs) {
	if w.colBad != 0 {
		clear(w.bad[:w.n])
	}
	w.base, w.n, w.colBad, w.nbad, w.errs = base, n, 0, 0, errs
}

// fail records that row i of the window has a bad value in column ci.
func (w *pqWindow) fail(i, ci int, field, msg string) {
	w.bad[i] |= 1 << ci
	w.colBad |= 1 << ci
	w.add(i, ci, ci, field, msg)
}

func (w *pqWindow) add(i, stream, order int, field, msg string) {
	w.nbad++
	row := w.base + int64(i) + 1
	w.errs[stream].add(w.file, row, order, field, msg)
}

// skip reports whether column ci of row i already failed to decode.
func (w *pqWindow) skip(i, ci int) bool { return w.colBad&(1<<ci) != 0 && w.bad[i]&(1<<ci) != 0 }

// regionByCode maps a region code to its index in dk.Regions, -1 for
// codes that are no region.
var regionByCode = func() (t [10000]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, r := range dk.Regions {
		t[r.Code] = int8(i)
	}
	return t
}()

// pqReader is one read of a file.
type pqReader struct {
	*pqFile
	ctx        context.Context
	opts       ReadOptions
	fn         BatchFunc
	year       int
	places     []areaPlace
	ids        *idSet
	groupStart []int64
	groupBytes []int64
	groupErrs  []*pqGroupErrs
	dups       atomic.Int64
	failed     atomic.Bool // an input error was found: fn sees no more batches
	stop       atomic.Bool // a fatal error: the workers stop
	fatalOnce  sync.Once
	fatal      error
	progressMu sync.Mutex
	progress   int64
}

func readParquet(ctx context.Context, path string, areas *Areas, opts ReadOptions, fn BatchFunc) (Stats, error) {
	stats := Stats{File: path}
	if err := ctx.Err(); err != nil {
		return stats, err
	}
	p, err := openParquet(path, areas, nil)
	if err != nil {
		return stats, err
	}
	defer p.f.Close()
	stats.Rows, stats.Bytes = p.file.NumRows(), p.size
	year, err := p.firstYear()
	if err != nil {
		return stats, err
	}
	stats.Year = year
	r := &pqReader{pqFile: p, ctx: ctx, opts: opts, fn: fn, year: year, places: areas.places(), ids: new(idSet)}
	groups := p.file.RowGroups()
	r.groupStart = make([]int64, len(groups))
	r.groupBytes = make([]int64, len(groups))
	r.groupErrs = make([]*pqGroupErrs, len(groups))
	if stats.Rows > parquetMaxRows {
		return stats, &blandby.InputError{File: path, Msg: fmt.Sprintf("the file says it holds %d rows; a register file holds one row per resident, at most %d", stats.Rows, parquetMaxRows)}
	}
	var rows int64
	for g, rg := range groups {
		if n := rg.NumRows(); n < 0 || n > parquetMaxRows {
			return stats, &blandby.InputError{File: path, Msg: fmt.Sprintf("row group %d says it holds %d rows (corrupt file)", g, n)}
		}
		r.groupStart[g] = rows
		rows += rg.NumRows()
		for _, src := range p.srcs {
			r.groupBytes[g] += p.file.Metadata().RowGroups[g].Columns[src.leaf].MetaData.TotalCompressedSize
		}
	}
	if rows != stats.Rows {
		return stats, &blandby.InputError{File: path, Msg: fmt.Sprintf("the row groups hold %d rows, the footer says %d (corrupt file)", rows, stats.Rows)}
	}

	workers := min(opts.workers(), len(groups))
	var next atomic.Int64
	var wg sync.WaitGroup
	for worker := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.work(worker, &next)
		}()
	}
	wg.Wait()
	if r.fatal != nil {
		return stats, r.fatal
	}
	if err := r.inputErrors(); err != nil {
		return stats, err
	}
	if opts.Progress != nil && r.progress < p.size {
		// Progress ends at the file's size, as Stats.Bytes says (the
		// column chunks leave out the footer).
		opts.Progress(p.size)
	}
	return stats, nil
}

func (r *pqReader) setFatal(err error) {
	r.fatalOnce.Do(func() { r.fatal = err })
	r.stop.Store(true)
}

// work reads row groups until there are none left or the read stops.
func (r *pqReader) work(worker int, next *atomic.Int64) {
	b := NewBatch(parquetWindow)
	tmp := make([]int64, parquetWindow)
	w := newPQWindow(r.path, parquetWindow)
	var curs [ciCount]pqCursor
	for ci := range curs {
		curs[ci].src, curs[ci].areas = &r.srcs[ci], r.areas
		curs[ci].check = func(x int64) (int64, string) { return r.checkValue(ci, x) }
	}
	for !r.stop.Load() {
		g := int(next.Add(1) - 1)
		if g >= len(r.groupStart) {
			return
		}
		if err := r.readGroup(worker, g, b, tmp, w, &curs); err != nil {
			r.setFatal(err)
			return
		}
	}
}

// readGroup reads row group g window by window.
func (r *pqReader) readGroup(worker, g int, b *Batch, tmp []int64, w *pqWindow, curs *[ciCount]pqCursor) error {
	rg := r.file.RowGroups()[g]
	chunks := rg.ColumnChunks()
	for ci := range curs {
		curs[ci].open(chunks[r.srcs[ci].leaf].Pages())
	}
	defer func() {
		for ci := range curs {
			curs[ci].close()
		}
	}()
	errs := new(pqGroupErrs)
	r.groupErrs[g] = errs
	total := rg.NumRows()
	for start := int64(0); start < total; start += parquetWindow {
		if r.stop.Load() {
			return nil
		}
		if err := r.ctx.Err(); err != nil {
			return err
		}
		n := int(min(parquetWindow, total-start))
		w.reset(r.groupStart[g]+start, n, errs)
		if err := r.decode(g, b, tmp[:n], w, curs); err != nil {
			return err
		}
		if r.opts.Progress != nil {
			gb := r.groupBytes[g]
			r.addProgress(gb*(start+int64(n))/total - gb*start/total)
		}
		if w.nbad > 0 {
			r.failed.Store(true)
			continue
		}
		if r.failed.Load() {
			continue
		}
		if err := r.fn(worker, b); err != nil {
			return err
		}
	}
	return nil
}

func (r *pqReader) addProgress(n int64) {
	r.progressMu.Lock()
	defer r.progressMu.Unlock()
	r.progress += n
	r.opts.Progress(r.progress)
}

// setBatchLen sets the length of every column of a batch (within its
// capacity).
func setBatchLen(b *Batch, n int) {
	b.PersonID, b.Area, b.Municipality, b.Region = b.PersonID[:n], b.Area[:n], b.Municipality[:n], b.Region[:n]
	b.Age, b.Origin, b.FTE, b.Convicted = b.Age[:n], b.Origin[:n], b.FTE[:n], b.Convicted[:n]
	b.Education, b.EducationDK, b.InEducation = b.Education[:n], b.EducationDK[:n], b.InEducation[:n]
	b.Taxpayer, b.Income = b.Taxpayer[:n], b.Income[:n]
}

// decode decodes and checks the rows of a window into b.
func (r *pqReader) decode(g int, b *Batch, tmp []int64, w *pqWindow, curs *[ciCount]pqCursor) error {
	b.Reset(r.year)
	setBatchLen(b, len(tmp))
	for ci := range curs {
		c := &curs[ci]
		if err := pqProtect(func() error { return r.column(c, ci, b, tmp, w) }); err != nil {
			return r.corrupt(g, ci, err)
		}
	}
	r.checkPlaces(b, w)
	return nil
}

// column decodes, checks and stores column ci of a window, page run by
// page run: rows of a checked dictionary go straight from the dictionary
// into the batch; the others through tmp, checked and stored.
func (r *pqReader) column(c *pqCursor, ci int, b *Batch, tmp []int64, w *pqWindow) error {
	for done := 0; done < len(tmp); {
		k, err := c.run(len(tmp) - done)
		if err != nil {
			return err
		}
		if ci != ciPersonID && c.lookupOK() {
			r.lookup(ci, c.dictVals, c.idx[c.val:c.val+k], b, done)
			c.val += k
			c.row += k
		} else {
			fromDict := c.idx != nil && c.check != nil
			c.segment(tmp[done:done+k], w, done)
			r.store(ci, tmp[done:done+k], b, w, done, fromDict)
		}
		done += k
	}
	return nil
}

// lookup translates dictionary indexes into the batch column ci from row
// off on. The dictionary holds checked values; an index out of its range
// (a corrupt file) panics, which pqProtect reports.
func (r *pqReader) lookup(ci int, dict []int64, idx []int32, b *Batch, off int) {
	switch ci {
	case ciArea:
		dst := b.Area[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = int32(dict[k])
		}
	case ciMunicipality:
		dst := b.Municipality[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = uint16(dict[k])
		}
	case ciRegion:
		dst := b.Region[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = uint8(dict[k])
		}
	case ciAge:
		dst := b.Age[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = uint8(dict[k])
		}
	case ciOrigin:
		dst := b.Origin[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = Origin(dict[k])
		}
	case ciEducation, ciEducationDK:
		dst := b.Education[off : off+len(idx)]
		if ci == ciEducationDK {
			dst = b.EducationDK[off : off+len(idx)]
		}
		for j, k := range idx {
			dst[j] = Education(dict[k])
		}
	case ciFTE:
		dst := b.FTE[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = int32(dict[k])
		}
	case ciConvicted, ciInEducation, ciTaxpayer:
		dst := b.Convicted[off : off+len(idx)]
		switch ci {
		case ciInEducation:
			dst = b.InEducation[off : off+len(idx)]
		case ciTaxpayer:
			dst = b.Taxpayer[off : off+len(idx)]
		}
		for j, k := range idx {
			dst[j] = dict[k] == 1
		}
	case ciIncome:
		dst := b.Income[off : off+len(idx)]
		for j, k := range idx {
			dst[j] = dict[k]
		}
	case ciYear:
		// Checked in the dictionary; not stored.
		for _, k := range idx {
			_ = dict[k]
		}
	}
}

// checkValue checks one value of column ci and returns what the batch
// stores (a region's index for its code), or what is wrong with it. It is
// the rule for dictionary entries, checked once per dictionary; check
// applies the same rules to a run of values.
func (r *pqReader) checkValue(ci int, x int64) (int64, string) {
	switch ci {
	case ciPersonID:
		if x < 0 {
			return x, fmt.Sprintf("%d is not a person id (a whole number >= 0)", x)
		}
	case ciYear:
		if x != int64(r.year) {
			return x, errFileYear(int(x), r.year)
		}
	case ciMunicipality:
		if uint64(x) > 9999 {
			return x, fmt.Sprintf("%d is not a municipality code", x)
		}
	case ciRegion:
		if uint64(x) >= uint64(len(regionByCode)) || regionByCode[x] < 0 {
			return x, fmt.Sprintf("%d is not a region code (expected 1081–1085)", x)
		}
		return int64(regionByCode[x]), ""
	case ciAge:
		if uint64(x) > MaxAge {
			return x, fmt.Sprintf("%d is not an age from 0 to %d", x, MaxAge)
		}
	case ciFTE:
		if uint64(x) > FTEScale {
			return x, fmt.Sprintf("%s is not a full-time share from 0 to 1", blandby.NewRatio(x, FTEScale).Text())
		}
	case ciConvicted, ciInEducation, ciTaxpayer:
		if uint64(x) > 1 {
			return x, fmt.Sprintf("%d is not 0 or 1", x)
		}
	case ciIncome:
		if x < 0 {
			return x, fmt.Sprintf("%d is not an income in whole kroner >= 0", x)
		}
	}
	return x, ""
}

// check applies checkValue to the values of column ci in a window,
// replacing them with what the batch stores; a cheap test first keeps the
// common case a tight loop. v[0] is row off of the window.
func (r *pqReader) check(ci int, v []int64, w *pqWindow, off int) {
	slow := func(i int) {
		if w.skip(off+i, ci) {
			return
		}
		y, msg := r.checkValue(ci, v[i])
		if msg != "" {
			w.fail(off+i, ci, Columns[ci], msg)
			return
		}
		v[i] = y
	}
	switch ci {
	case ciPersonID, ciIncome:
		for i, x := range v {
			if x < 0 {
				slow(i)
			}
		}
	case ciYear:
		y := int64(r.year)
		for i, x := range v {
			if x != y {
				slow(i)
			}
		}
	case ciMunicipality:
		for i, x := range v {
			if uint64(x) > 9999 {
				slow(i)
			}
		}
	case ciRegion:
		for i, x := range v {
			if uint64(x) < uint64(len(regionByCode)) && regionByCode[x] >= 0 {
				v[i] = int64(regionByCode[x])
				continue
			}
			slow(i)
		}
	case ciAge:
		for i, x := range v {
			if uint64(x) > MaxAge {
				slow(i)
			}
		}
	case ciFTE:
		for i, x := range v {
			if uint64(x) > FTEScale {
				slow(i)
			}
		}
	case ciConvicted, ciInEducation, ciTaxpayer:
		for i, x := range v {
			if uint64(x) > 1 {
				slow(i)
			}
		}
	}
}

// store checks the values of column ci, unless they came from a checked
// dictionary, and stores them into the batch; v[0] is row off of the
// window.
func (r *pqReader) store(ci int, v []int64, b *Batch, w *pqWindow, off int, checked bool) {
	if !checked {
		r.check(ci, v, w, off)
	}
	switch ci {
	case ciPersonID:
		copy(b.PersonID[off:], v)
		for i, id := range v {
			if w.skip(off+i, ci) {
				continue
			}
			if !r.ids.add(id) {
				// Which of the two rows the parallel workers flag first is
				// a matter of timing; inputErrors finds the rows in file
				// order.
				r.dups.Add(1)
				w.nbad++
			}
		}
	case ciArea:
		dst := b.Area[off : off+len(v)]
		for i, x := range v {
			dst[i] = int32(x)
		}
	case ciMunicipality:
		dst := b.Municipality[off : off+len(v)]
		for i, x := range v {
			dst[i] = uint16(x)
		}
	case ciRegion:
		dst := b.Region[off : off+len(v)]
		for i, x := range v {
			dst[i] = uint8(x)
		}
	case ciAge:
		dst := b.Age[off : off+len(v)]
		for i, x := range v {
			dst[i] = uint8(x)
		}
	case ciOrigin:
		dst := b.Origin[off : off+len(v)]
		for i, x := range v {
			dst[i] = Origin(x)
		}
	case ciEducation:
		dst := b.Education[off : off+len(v)]
		for i, x := range v {
			dst[i] = Education(x)
		}
	case ciEducationDK:
		dst := b.EducationDK[off : off+len(v)]
		for i, x := range v {
			dst[i] = Education(x)
		}
	case ciFTE:
		dst := b.FTE[off : off+len(v)]
		for i, x := range v {
			dst[i] = int32(x)
		}
	case ciConvicted:
		dst := b.Convicted[off : off+len(v)]
		for i, x := range v {
			dst[i] = x == 1
		}
	case ciInEducation:
		dst := b.InEducation[off : off+len(v)]
		for i, x := range v {
			dst[i] = x == 1
		}
	case ciTaxpayer:
		dst := b.Taxpayer[off : off+len(v)]
		for i, x := range v {
			dst[i] = x == 1
		}
	case ciIncome:
		copy(b.Income[off:], v)
	}
}

// checkPlaces checks that each row's municipality, region and area agree
// (rows where one of them is bad already are skipped).
func (r *pqReader) checkPlaces(b *Batch, w *pqWindow) {
	const mask = 1<<ciArea | 1<<ciMunicipality | 1<<ciRegion
	some := w.colBad&mask != 0
	places := r.places
	muni, region, area := b.Municipality, b.Region, b.Area
	for i := range muni {
		if some && w.bad[i]&mask != 0 {
			continue
		}
		m, a := muni[i], area[i]
		if municipalityRegion[m] == int8(region[i]) && (a < 0 || places[a].municipality == m) {
			continue
		}
		if col, msg := checkPlace(int(m), int(region[i]), a, places); col != "" {
			order := ciMunicipality
			if col == ColRegionCode {
				order = ciRegion
			}
			w.add(i, streamPlace, order, col, msg)
		}
	}
}

// inputErrors gathers the input errors of every row group, and the
// duplicates, in row order.
func (r *pqReader) inputErrors() error {
	var all []pqErr
	total := 0
	for _, ge := range r.groupErrs {
		if ge == nil {
			continue
		}
		for _, s := range ge {
			all = append(all, s.kept...)
			total += s.n
		}
	}
	if d := r.dups.Load(); d > 0 {
		dups, err := r.duplicates(int(min(d, pqMaxKept)))
		if err != nil {
			return err
		}
		all = append(all, dups...)
		total += int(d)
	}
	if total == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b pqErr) int {
		if a.row != b.row {
			if a.row < b.row {
				return -1
			}
			return 1
		}
		return a.order - b.order
	})
	var errs blandby.InputErrors
	for _, e := range all {
		errs.Add(e.err)
	}
	// The errors not kept are counted all the same ("... and N more").
	for extra := total - len(all); extra > 0; extra-- {
		errs.Add(all[len(all)-1].err)
	}
	return errs.Err()
}

// duplicates finds, reading the person ids again in file order, the first
// want rows whose person appeared on an earlier row, and those earlier rows.
func (r *pqReader) duplicates(want int) ([]pqErr, error) {
	seen := new(idSet)
	type dup struct{ row, id int64 }
	var dups []dup
	err := r.scanIDs(func(row, id int64) bool {
		if !seen.add(id) {
			dups = append(dups, dup{row, id})
		}
		return len(dups) < want
	})
	if err != nil {
		return nil, err
	}
	first := map[int64]int64{}
	for _, d := range dups {
		first[d.id] = -1
	}
	left := len(first)
	if left > 0 {
		err = r.scanIDs(func(row, id int64) bool {
			if f, ok := first[id]; ok && f < 0 {
				first[id] = row
				left--
			}
			return left > 0
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]pqErr, len(dups))
	for i, d := range dups {
		out[i] = pqErr{row: d.row + 1, order: ciPersonID, err: &blandby.InputError{File: r.path, Line: int(d.row + 1), Field: ColPersonID,
			Msg: fmt.Sprintf("person %d appears twice in data year %d (first on row %d)", d.id, r.year, first[d.id]+1)}}
	}
	return out, nil
}

// scanIDs calls fn with the 0-based row and the person id of every row
// whose id is readable, in file order, until fn returns false.
func (r *pqReader) scanIDs(fn func(row, id int64) bool) error {
	c := pqCursor{src: &r.srcs[ciPersonID], areas: r.areas}
	w := newPQWindow(r.path, parquetWindow)
	tmp := make([]int64, parquetWindow)
	for g, rg := range r.file.RowGroups() {
		c.open(rg.ColumnChunks()[c.src.leaf].Pages())
		total := rg.NumRows()
		for start := int64(0); start < total; start += parquetWindow {
			if err := r.ctx.Err(); err != nil {
				c.close()
				return err
			}
			n := int(min(parquetWindow, total-start))
			w.reset(r.groupStart[g]+start, n, new(pqGroupErrs))
			if err := pqProtect(func() error { return c.fill(tmp[:n], w) }); err != nil {
				c.close()
				return r.corrupt(g, ciPersonID, err)
			}
			for i, id := range tmp[:n] {
				if !w.skip(i, ciPersonID) && !fn(w.base+int64(i), id) {
					c.close()
					return nil
				}
			}
		}
		c.close()
	}
	return nil
}

// firstYear returns the year of the file's first row, the data year every
// row must have.
func (p *pqFile) firstYear() (int, error) {
	if p.file.NumRows() == 0 {
		return 0, &blandby.InputError{File: p.path, Msg: "the file has no rows, so no data year"}
	}
	for g, rg := range p.file.RowGroups() {
		if rg.NumRows() == 0 {
			continue
		}
		c := pqCursor{src: &p.srcs[ciYear], areas: p.areas}
		c.open(rg.ColumnChunks()[c.src.leaf].Pages())
		defer c.close()
		w := newPQWindow(p.path, 1)
		errs := new(pqGroupErrs)
		w.reset(0, 1, errs)
		var y [1]int64
		if err := pqProtect(func() error { return c.fill(y[:], w) }); err != nil {
			return 0, p.corrupt(g, ciYear, err)
		}
		if w.nbad > 0 {
			return 0, errs[ciYear].kept[0].err
		}
		if y[0] < 1900 || y[0] > 2999 {
			return 0, &blandby.InputError{File: p.path, Line: 1, Field: ColYear, Msg: fmt.Sprintf("%d is not a whole number from 1900 to 2999", y[0])}
		}
		return int(y[0]), nil
	}
	return 0, &blandby.InputError{File: p.path, Msg: "the file has no rows, so no data year"}
}

// parquetYear returns the data year of a Parquet register file: from the
// statistics of the year column in the first row group when they show a
// single year, otherwise by decoding the first page of that column.
func parquetYear(path string) (int, error) {
	p, err := openParquet(path, nil, []int{ciYear})
	if err != nil {
		return 0, err
	}
	defer p.f.Close()
	src := p.srcs[ciYear]
	if md := p.file.Metadata(); len(md.RowGroups) > 0 && md.RowGroups[0].NumRows > 0 && !src.optional {
		st := md.RowGroups[0].Columns[src.leaf].MetaData.Statistics
		if y, ok := statYear(st.MinValue, st.MaxValue, src.conv); ok {
			return y, nil
		}
		if y, ok := statYear(st.Min, st.Max, src.conv); ok {
			return y, nil
		}
	}
	return p.firstYear()
}

// statYear reads a year from equal min and max statistics.
func statYear(lo, hi []byte, conv pqConv) (int, bool) {
	if len(lo) == 0 || string(lo) != string(hi) {
		return 0, false
	}
	var y int64
	switch {
	case conv == convInt32 && len(lo) == 4:
		y = int64(int32(uint32(lo[0]) | uint32(lo[1])<<8 | uint32(lo[2])<<16 | uint32(lo[3])<<24))
	case conv == convInt64 && len(lo) == 8:
		for i := 7; i >= 0; i-- {
			y = y<<8 | int64(lo[i])
		}
	default:
		return 0, false
	}
	if y < 1900 || y > 2999 {
		return 0, false
	}
	return int(y), true
}
