package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/storetest"
)

// BenchmarkStore: go test -run '^$' -bench . ./store/sqlite
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		st, err := Open(context.Background(), filepath.Join(b.TempDir(), "blandby.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	})
}
