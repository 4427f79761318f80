package sqlstore

import (
	"math"
	"math/big"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/blandby/blandby"
)

// TestEncodeRatio: the fast encoding is Ratio.Text exactly, and reads back
// to the same value.
func TestEncodeRatio(t *testing.T) {
	check := func(t interface {
		Fatalf(string, ...any)
	}, r blandby.Ratio) {
		got, want := encodeRatio(r), r.Text()
		if got != want {
			t.Fatalf("encodeRatio(%s) = %q, Text() = %q", r, got, want)
		}
		back, err := decodeRatio(got)
		if err != nil || back.Cmp(r) != 0 {
			t.Fatalf("decodeRatio(%q) = %s, %v; want %s", got, back, err, r)
		}
	}
	for _, r := range []blandby.Ratio{
		{}, blandby.RatioInt(0), blandby.RatioInt(-1), blandby.NewRatio(1, 3), blandby.NewRatio(-1, 20), blandby.NewRatio(431, 1000),
		blandby.NewRatio(1, 1<<62), blandby.NewRatio(math.MaxInt64, 1<<40), blandby.NewRatio(math.MinInt64, 1), blandby.NewRatio(math.MinInt64, 5),
		blandby.NewRatio(math.MaxInt64, 1_000_000_000_000_000_000), blandby.NewRatio(7, 5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5*5),
		blandby.RatioFromBig(new(big.Int).Exp(big.NewInt(10), big.NewInt(70), nil), big.NewInt(3)),
		blandby.RatioFromBig(new(big.Int).Exp(big.NewInt(10), big.NewInt(70), nil), big.NewInt(1)),
	} {
		check(t, r)
	}
	rapid.Check(t, func(t *rapid.T) {
		num := rapid.Int64().Draw(t, "num")
		den := rapid.OneOf(
			rapid.Int64Range(1, math.MaxInt64),
			rapid.Custom(func(t *rapid.T) int64 {
				d := int64(1)
				for range rapid.IntRange(0, 30).Draw(t, "twos") {
					d *= 2
				}
				for range rapid.IntRange(0, 12).Draw(t, "fives") {
					d *= 5
				}
				return d
			}),
		).Draw(t, "den")
		check(t, blandby.NewRatio(num, den))
	})
}

func TestTimeRoundTrip(t *testing.T) {
	for _, tm := range []time.Time{
		{}, time.Date(2024, 12, 1, 10, 0, 0, 1, time.FixedZone("x", -7*3600)), time.Date(1999, 1, 1, 0, 0, 0, 999999999, time.UTC),
	} {
		s := encodeTime(tm)
		back, err := decodeTime(s)
		if err != nil || !back.Equal(tm) || back.Location() != time.UTC {
			t.Errorf("%v → %q → %v, %v", tm, s, back, err)
		}
	}
	if encodeTime(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) != "2024-01-01T00:00:00.000000000Z" {
		t.Error("times are not stored with nine fractional digits in UTC")
	}
}
