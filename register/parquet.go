package register

import (
	"fmt"
	"os"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/blandby/blandby/dk"
)

// Parquet register files.
//
// blandby writes one row per person-year with this schema (docs/formats.md,
// "Parquet schema"):
//
//	person_id           INT64, DELTA_BINARY_PACKED (files sorted by person are a few bits a row)
//	year                INT32, dictionary-encoded (one value: next to nothing)
//	area_id             optional BYTE_ARRAY STRING, dictionary-encoded (null outside the area universe)
//	municipality_code   INT32 (101, not "0101"), dictionary-encoded
//	region_code         INT32 (1081–1085), dictionary-encoded
//	age                 INT32, dictionary-encoded
//	origin              BYTE_ARRAY STRING, dictionary-encoded (OriginCodes)
//	outside_labour_fte  INT32 DECIMAL(7,6): exactly the millionths of FTEScale
//	convicted           BOOLEAN
//	education           BYTE_ARRAY STRING, dictionary-encoded (EducationCodes)
//	education_dk        BYTE_ARRAY STRING, dictionary-encoded (EducationCodes)
//	in_education        BOOLEAN
//	taxpayer            BOOLEAN
//	gross_income        INT64
//
// in row groups of parquetRowGroupRows rows, Snappy-compressed, data pages
// v2 of up to 1 MiB. The encodings are standard Parquet that any reader
// (DuckDB, Arrow, Spark) reads; dictionary-encoding the small integer
// columns takes them from 4 bytes a row to a few bits, which both shrinks
// the files and speeds reading (the reader checks each dictionary entry once
// and then only translates indexes).
//
// Compression, measured with BenchmarkReadParquet (3 × 5.9 million rows,
// 2-core machine shared with other work, best of several runs): the files
// are 284 MB uncompressed, 156 MB with Snappy and 125 MB with zstd. From
// the page cache, uncompressed files read 5–7 % faster than Snappy and zstd
// 5–10 % slower; from the disk (page cache dropped before each read) Snappy
// was fastest, uncompressed about 20 % and zstd about 25 % slower. Snappy
// costs little when the files are cached and wins when they are not, so
// blandby writes Snappy. (parquet-go's LZ4 wrote a file its own reader could
// not decode, so it is not offered.)
//
// The reader (parquet_read.go, parquet_decode.go) accepts what other
// writers commonly produce as well: see pqClassify.

// parquetRowGroupRows is the number of rows per row group blandby writes
// (a variable for tests). Row groups are the unit of parallel reading: a
// worker reads a whole row group, so the last row group of a file can
// leave the other workers idle. 256 Ki rows make 23 row groups of a 5.9
// million row file, which keeps 2 workers evenly loaded, at no measurable
// cost per row group.
var parquetRowGroupRows int64 = 1 << 18

// parquetRow is the Go form of one written row; the struct tags give the
// schema above.
type parquetRow struct {
	PersonID         int64  `parquet:"person_id,delta"`
	Year             int32  `parquet:"year,dict"`
	AreaID           string `parquet:"area_id,optional,dict"`
	MunicipalityCode int32  `parquet:"municipality_code,dict"`
	RegionCode       int32  `parquet:"region_code,dict"`
	Age              int32  `parquet:"age,dict"`
	Origin           string `parquet:"origin,dict"`
	OutsideLabourFTE int32  `parquet:"outside_labour_fte,decimal(6:7)"`
	Convicted        bool   `parquet:"convicted"`
	Education        string `parquet:"education,dict"`
	EducationDK      string `parquet:"education_dk,dict"`
	InEducation      bool   `parquet:"in_education"`
	Taxpayer         bool   `parquet:"taxpayer"`
	GrossIncome      int64  `parquet:"gross_income"`
}

// parquetWriteChunk is how many rows are converted to parquetRow values at
// a time.
const parquetWriteChunk = 16 << 10

type parquetWriter struct {
	f     *os.File
	w     *parquet.GenericWriter[parquetRow]
	areas *Areas
	rows  []parquetRow
	err   error
}

// parquetCompression is the codec blandby writes with; see the package
// benchmark BenchmarkReadParquet for the measurements behind the choice.
var parquetCompression compress.Codec = &snappy.Codec{}

func newParquetWriter(f *os.File, areas *Areas) (Writer, error) {
	w := parquet.NewGenericWriter[parquetRow](f,
		parquet.Compression(parquetCompression),
		parquet.MaxRowsPerRowGroup(parquetRowGroupRows),
		parquet.PageBufferSize(1<<20),
		parquet.WriteBufferSize(1<<20),
		parquet.CreatedBy("blandby", "", ""),
	)
	return &parquetWriter{f: f, w: w, areas: areas, rows: make([]parquetRow, parquetWriteChunk)}, nil
}

func (w *parquetWriter) Write(b *Batch) error {
	if w.err != nil {
		return w.err
	}
	n := b.Len()
	for start := 0; start < n; start += parquetWriteChunk {
		end := min(start+parquetWriteChunk, n)
		rows := w.rows[:end-start]
		for i := range rows {
			j := start + i
			area := ""
			if a := b.Area[j]; a >= 0 {
				area = w.areas.list[a].ID
			}
			rows[i] = parquetRow{
				PersonID:         b.PersonID[j],
				Year:             int32(b.Year),
				AreaID:           area,
				MunicipalityCode: int32(b.Municipality[j]),
				RegionCode:       int32(dk.Regions[b.Region[j]].Code),
				Age:              int32(b.Age[j]),
				Origin:           OriginCodes[b.Origin[j]],
				OutsideLabourFTE: b.FTE[j],
				Convicted:        b.Convicted[j],
				Education:        EducationCodes[b.Education[j]],
				EducationDK:      EducationCodes[b.EducationDK[j]],
				InEducation:      b.InEducation[j],
				Taxpayer:         b.Taxpayer[j],
				GrossIncome:      b.Income[j],
			}
		}
		if _, err := w.w.Write(rows); err != nil {
			w.err = fmt.Errorf("write %s: %w", w.f.Name(), err)
			return w.err
		}
	}
	return nil
}

func (w *parquetWriter) Close() error {
	if w.err != nil {
		w.f.Close()
		return w.err
	}
	if err := w.w.Close(); err != nil {
		w.f.Close()
		return fmt.Errorf("write %s: %w", w.f.Name(), err)
	}
	if err := w.f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", w.f.Name(), err)
	}
	return nil
}
