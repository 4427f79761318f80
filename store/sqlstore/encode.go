package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
)

// timeLayout is how times are stored: RFC 3339 in UTC with exactly nine
// fractional digits, so that stored times round-trip to the nanosecond and
// sort as text in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// encodeTime returns t as stored. The location is not kept: times read back
// are in UTC.
func encodeTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// decodeTime reads a stored time.
func decodeTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// encodeRatio returns the exact text of a value, the same as Ratio.Text (a
// terminating decimal, or "num/den"), computed without big arithmetic when
// numerator and denominator fit in 64 bits: bulk writes encode hundreds of
// thousands of values.
func encodeRatio(r blandby.Ratio) string {
	num, den := r.Num(), r.Den()
	if !num.IsInt64() || !den.IsInt64() {
		return r.Text()
	}
	n, d := num.Int64(), den.Int64()
	if d == 1 {
		return strconv.FormatInt(n, 10)
	}
	twos, fives, rest := 0, 0, d
	for rest%2 == 0 {
		rest /= 2
		twos++
	}
	for rest%5 == 0 {
		rest /= 5
		fives++
	}
	if rest != 1 {
		return strconv.FormatInt(n, 10) + "/" + strconv.FormatInt(d, 10)
	}
	places := max(twos, fives)
	if places > 18 || n == math.MinInt64 {
		return r.Text()
	}
	// n/d = n × 2^(places-twos) × 5^(places-fives) / 10^places
	mult := uint64(1)
	for range places - twos {
		mult *= 2
	}
	for range places - fives {
		mult *= 5
	}
	neg := n < 0
	abs := uint64(n)
	if neg {
		abs = uint64(-n)
	}
	hi, scaled := bits.Mul64(abs, mult)
	if hi != 0 {
		return r.Text()
	}
	digits := strconv.FormatUint(scaled, 10)
	if len(digits) <= places {
		digits = strings.Repeat("0", places-len(digits)+1) + digits
	}
	out := digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	if neg {
		out = "-" + out
	}
	if len(out) > blandby.MaxNumberLen {
		return r.Text()
	}
	return out
}

// decodeRatio reads a value written by encodeRatio. Fractions and long
// integers are read without ParseDecimal's length bound, which protects
// parsers of untrusted files: a value computed exactly may be long.
func decodeRatio(s string) (blandby.Ratio, error) {
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, okN := new(big.Int).SetString(num, 10)
		d, okD := new(big.Int).SetString(den, 10)
		if !okN || !okD || d.Sign() == 0 {
			return blandby.Ratio{}, fmt.Errorf("stored value %q is not a fraction", s)
		}
		return blandby.RatioFromBig(n, d), nil
	}
	if len(s) > blandby.MaxNumberLen {
		// Text writes a longer number only as an integer.
		n, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return blandby.Ratio{}, fmt.Errorf("stored value %q is not a number", s)
		}
		return blandby.RatioFromBig(n, big.NewInt(1)), nil
	}
	r, err := blandby.ParseDecimal(s)
	if err != nil {
		return blandby.Ratio{}, fmt.Errorf("stored value %q: %w", s, err)
	}
	return r, nil
}

// measureValue returns the stored value of a measure: NULL for an unknown
// measure without a value, the exact text otherwise (an unknown measure
// keeps any value it carries).
func measureValue(m blandby.Measure) any {
	if !m.Known && m.Value.Sign() == 0 {
		return nil
	}
	return encodeRatio(m.Value)
}

// decodeMeasure rebuilds a measure from its three columns.
func decodeMeasure(known bool, value sql.NullString, base int64) (blandby.Measure, error) {
	m := blandby.Measure{Known: known, Base: base}
	if value.Valid {
		v, err := decodeRatio(value.String)
		if err != nil {
			return m, err
		}
		m.Value = v
	}
	return m, nil
}

// encodeJSON marshals v (inputs, history) as text.
func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// rawJSON returns a stored JSON document as given (NULL when empty), so
// that it reads back byte for byte.
func rawJSON(b json.RawMessage) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// readRaw returns a stored JSON document, nil for NULL.
func readRaw(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return nil
	}
	return json.RawMessage(s.String)
}
