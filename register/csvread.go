package register

import (
	"context"

	"github.com/blandby/blandby"
)

func readCSV(ctx context.Context, path string, areas *Areas, opts ReadOptions, fn BatchFunc) (Stats, error) {
	return Stats{}, blandby.Errorf(blandby.CodeInvalid, "%s: CSV reading is being written", path)
}

func csvYear(path string) (int, error) {
	return 0, blandby.Errorf(blandby.CodeInvalid, "%s: CSV reading is being written", path)
}
