package register

import (
	"context"
	"os"

	"github.com/blandby/blandby"
)

// Parquet support is being written; these entry points fail clearly until
// then.

func readParquet(ctx context.Context, path string, areas *Areas, opts ReadOptions, fn BatchFunc) (Stats, error) {
	return Stats{}, blandby.Errorf(blandby.CodeInvalid, "%s: Parquet is not supported yet", path)
}

func parquetYear(path string) (int, error) {
	return 0, blandby.Errorf(blandby.CodeInvalid, "%s: Parquet is not supported yet", path)
}

func newParquetWriter(f *os.File, areas *Areas) (Writer, error) {
	f.Close()
	return nil, blandby.Errorf(blandby.CodeInvalid, "Parquet is not supported yet")
}
