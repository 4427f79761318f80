package register

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/blandby/blandby"
)

// BatchFunc receives the batches of a read. It is called concurrently from
// the read's workers; worker is in [0, Workers) and a worker's calls are
// sequential, so per-worker state needs no locking. The batch is reused
// after the call returns. An error stops the read.
type BatchFunc func(worker int, b *Batch) error

// ReadOptions controls a read.
type ReadOptions struct {
	// Workers is the number of parallel workers; 0 means GOMAXPROCS.
	Workers int
	// Progress, when set, is called with the number of bytes read so far
	// (from one goroutine at a time).
	Progress func(bytes int64)
}

// WorkerCount returns the number of workers a read with o uses.
func (o ReadOptions) WorkerCount() int { return o.workers() }

func (o ReadOptions) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Stats describes a finished read.
type Stats struct {
	File  string
	Year  int
	Rows  int64
	Bytes int64
}

// Format is a register file format.
type Format string

// The register file formats.
const (
	CSV     Format = "csv"
	Parquet Format = "parquet"
)

// FormatOf returns the format of a file from its extension.
func FormatOf(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return CSV, true
	case ".parquet":
		return Parquet, true
	}
	return "", false
}

// ReadFile reads one register file (one data year) into batches, validating
// every value against the schema and the areas registry. On any invalid
// value the read fails with every error's file, row, column and field (up to
// a limit), and the caller must drop what fn has seen: a read is all or
// nothing.
func ReadFile(ctx context.Context, path string, areas *Areas, opts ReadOptions, fn BatchFunc) (Stats, error) {
	format, ok := FormatOf(path)
	if !ok {
		return Stats{}, blandby.Errorf(blandby.CodeInvalid, "%s: unknown register file format (expected .csv or .parquet)", path)
	}
	switch format {
	case Parquet:
		return readParquet(ctx, path, areas, opts, fn)
	default:
		return readCSV(ctx, path, areas, opts, fn)
	}
}

// FileYear returns the data year of a register file from its first row,
// without reading the rest.
func FileYear(path string) (int, error) {
	format, ok := FormatOf(path)
	if !ok {
		return 0, blandby.Errorf(blandby.CodeInvalid, "%s: unknown register file format (expected .csv or .parquet)", path)
	}
	if format == Parquet {
		return parquetYear(path)
	}
	return csvYear(path)
}

// errFileYear is the message for a row of another year than the file's.
func errFileYear(year, fileYear int) string {
	return fmt.Sprintf("year %d in a file of data year %d (one file per data year)", year, fileYear)
}
