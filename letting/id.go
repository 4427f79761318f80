package letting

import (
	"bytes"
	"time"

	"github.com/oklog/ulid/v2"
)

// NewID returns a 26-character decision id, a ULID (github.com/oklog/ulid):
// 48 bits of milliseconds since the Unix epoch, then 80 bits of entropy the
// caller supplies (crypto/rand at the edge), so ids sort by time.
func NewID(t time.Time, entropy [10]byte) string {
	// The mask keeps the 48 bits of time a ULID holds, so MustNew cannot
	// fail: the entropy reader has the 10 bytes it reads.
	return ulid.MustNew(uint64(t.UnixMilli())&ulid.MaxTime(), bytes.NewReader(entropy[:])).String()
}

// ValidID reports whether s has the form of a decision id: a ULID in its
// canonical form (upper case, Crockford base 32).
func ValidID(s string) bool {
	id, err := ulid.ParseStrict(s)
	return err == nil && id.String() == s
}
