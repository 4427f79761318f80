package postgres

import (
	"context"
	"testing"

	"github.com/blandby/blandby/internal/pgtest"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/storetest"
)

// BenchmarkStore: scripts/with-postgres go test -run '^$' -bench . ./store/postgres
func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, func(b *testing.B) store.Store {
		st, err := Open(context.Background(), pgtest.NewDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		return st
	})
}
