package blandby

import (
	"fmt"
	"math/big"
	"strings"
)

// Ratio is an exact fraction of integers. Every share, threshold and margin in
// blandby is a Ratio, so a value exactly on a threshold compares equal to it.
// The zero value is 0. A Ratio is immutable: operations return new values.
type Ratio struct {
	r *big.Rat
}

// NewRatio returns num/den. It panics when den is zero, which is a programming
// error: callers with data-driven denominators check for zero first.
func NewRatio(num, den int64) Ratio {
	if den == 0 {
		panic("blandby.NewRatio: zero denominator")
	}
	return Ratio{big.NewRat(num, den)}
}

// RatioInt returns n/1.
func RatioInt(n int64) Ratio { return Ratio{new(big.Rat).SetInt64(n)} }

// RatioFromBig returns num/den for big integers; den must not be zero.
func RatioFromBig(num, den *big.Int) Ratio {
	if den.Sign() == 0 {
		panic("blandby.RatioFromBig: zero denominator")
	}
	return Ratio{new(big.Rat).SetFrac(num, den)}
}

func (a Ratio) rat() *big.Rat {
	if a.r == nil {
		return new(big.Rat)
	}
	return a.r
}

// Num returns the numerator in lowest terms (a copy).
func (a Ratio) Num() *big.Int { return new(big.Int).Set(a.rat().Num()) }

// Den returns the positive denominator in lowest terms (a copy).
func (a Ratio) Den() *big.Int { return new(big.Int).Set(a.rat().Denom()) }

// Cmp compares a and b exactly: -1 if a < b, 0 if equal, +1 if a > b.
func (a Ratio) Cmp(b Ratio) int { return a.rat().Cmp(b.rat()) }

// Sign returns -1, 0 or +1.
func (a Ratio) Sign() int { return a.rat().Sign() }

// Add returns a + b.
func (a Ratio) Add(b Ratio) Ratio { return Ratio{new(big.Rat).Add(a.rat(), b.rat())} }

// Sub returns a - b.
func (a Ratio) Sub(b Ratio) Ratio { return Ratio{new(big.Rat).Sub(a.rat(), b.rat())} }

// Mul returns a × b.
func (a Ratio) Mul(b Ratio) Ratio { return Ratio{new(big.Rat).Mul(a.rat(), b.rat())} }

// MulInt returns a × n.
func (a Ratio) MulInt(n int64) Ratio { return a.Mul(RatioInt(n)) }

// Quo returns a / b. It panics when b is zero; callers check first.
func (a Ratio) Quo(b Ratio) Ratio {
	if b.Sign() == 0 {
		panic("blandby.Ratio.Quo: division by zero")
	}
	return Ratio{new(big.Rat).Quo(a.rat(), b.rat())}
}

// Abs returns |a|.
func (a Ratio) Abs() Ratio { return Ratio{new(big.Rat).Abs(a.rat())} }

// Neg returns -a.
func (a Ratio) Neg() Ratio { return Ratio{new(big.Rat).Neg(a.rat())} }

// Mean returns the arithmetic mean of the values; it panics on an empty slice.
func Mean(values ...Ratio) Ratio {
	if len(values) == 0 {
		panic("blandby.Mean: no values")
	}
	sum := new(big.Rat)
	for _, v := range values {
		sum.Add(sum, v.rat())
	}
	return Ratio{sum.Quo(sum, new(big.Rat).SetInt64(int64(len(values))))}
}

// Floor returns the largest integer <= a.
func (a Ratio) Floor() *big.Int {
	r := a.rat()
	// Div is Euclidean division; with a positive denominator it is the floor.
	return new(big.Int).Div(r.Num(), r.Denom())
}

// Ceil returns the smallest integer >= a.
func (a Ratio) Ceil() *big.Int {
	return new(big.Int).Neg(a.Neg().Floor())
}

// IsInt reports whether a is an integer.
func (a Ratio) IsInt() bool { return a.rat().IsInt() }

// Float64 returns the nearest float64. It is for charts and sorting for
// display only: thresholds are never compared through floats.
func (a Ratio) Float64() float64 {
	f, _ := a.rat().Float64()
	return f
}

// String returns "num/den" in lowest terms, or "num" for an integer.
func (a Ratio) String() string {
	r := a.rat()
	if r.IsInt() {
		return r.Num().String()
	}
	return r.Num().String() + "/" + r.Denom().String()
}

// Decimal formats a rounded to the given number of decimal places, rounding
// half away from zero, with '.' as the decimal separator. Display only.
func (a Ratio) Decimal(places int) string {
	if places < 0 {
		places = 0
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	scaled := new(big.Rat).Mul(a.rat(), new(big.Rat).SetInt(scale))
	neg := scaled.Sign() < 0
	scaled.Abs(scaled)
	// round half away from zero: floor(x + 1/2)
	scaled.Add(scaled, big.NewRat(1, 2))
	n := new(big.Int).Quo(scaled.Num(), scaled.Denom())
	digits := n.String()
	if places > 0 {
		if len(digits) <= places {
			digits = strings.Repeat("0", places-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	}
	if neg && n.Sign() != 0 {
		digits = "-" + digits
	}
	return digits
}

// ExactDecimal returns the exact decimal expansion of a when it terminates
// (the denominator has no prime factors but 2 and 5), without trailing zeros.
func (a Ratio) ExactDecimal() (string, bool) {
	den := new(big.Int).Set(a.rat().Denom())
	places := 0
	for _, p := range []int64{2, 5} {
		prime, count := big.NewInt(p), 0
		for new(big.Int).Rem(den, prime).Sign() == 0 {
			den.Quo(den, prime)
			count++
		}
		places = max(places, count)
	}
	if den.Cmp(big.NewInt(1)) != 0 {
		return "", false
	}
	return a.Decimal(places), true
}

// Text returns the exact value as text that ParseDecimal reads back: the
// terminating decimal when there is one within MaxNumberLen characters,
// otherwise the fraction "num/den".
func (a Ratio) Text() string {
	if s, ok := a.ExactDecimal(); ok && len(s) <= MaxNumberLen {
		return s
	}
	return a.String()
}

// ParseDecimal parses a decimal number exactly. Both '.' and ',' are accepted
// as the decimal separator ("43,5" and "43.5" are both 87/2); a leading sign
// is allowed; a digit must come before the separator ("0.5", not ".5");
// thousands separators, exponents and spaces inside are not.
// The form "num/den" is accepted too, so that non-terminating fractions
// written by blandby read back exactly. A number longer than MaxNumberLen
// characters is rejected: no published value comes near it, and the bound
// keeps arithmetic on untrusted input cheap.
func ParseDecimal(s string) (Ratio, error) {
	if s == "" {
		return Ratio{}, fmt.Errorf("empty number")
	}
	if len(s) > MaxNumberLen {
		return Ratio{}, fmt.Errorf("number of %d characters is too long (at most %d)", len(s), MaxNumberLen)
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, okN := new(big.Int).SetString(num, 10)
		d, okD := new(big.Int).SetString(den, 10)
		if !okN || !okD || !plainInteger(num, true) || !plainInteger(den, false) {
			return Ratio{}, fmt.Errorf("%q is not a fraction of two integers", s)
		}
		if d.Sign() == 0 {
			return Ratio{}, fmt.Errorf("%q has a zero denominator", s)
		}
		return RatioFromBig(n, d), nil
	}
	body := s
	neg := false
	switch body[0] {
	case '-':
		neg = true
		body = body[1:]
	case '+':
		body = body[1:]
	}
	intPart, frac, hasSep := cutDecimal(body)
	if intPart == "" {
		return Ratio{}, fmt.Errorf("%q is not a number (write a digit before the decimal separator, as in 0.5)", s)
	}
	if !allDigits(intPart) || !allDigits(frac) || (hasSep && frac == "") {
		return Ratio{}, fmt.Errorf("%q is not a number", s)
	}
	digits := intPart + frac
	if digits == "" {
		digits = "0"
	}
	n, _ := new(big.Int).SetString(digits, 10)
	if neg {
		n.Neg(n)
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)
	return RatioFromBig(n, den), nil
}

// DecimalInterval returns the interval of values a printed number stands
// for, given the rounding of its decimals: a decimal with d digits after the
// separator stands for [v − ½·10^−d, v + ½·10^−d] ("3.2" for [3.15, 3.25],
// "3" for [2.5, 3.5], "0,75" for [0.745, 0.755]); a fraction ("100/3") is
// exact, and lo = hi. It reads what ParseDecimal reads.
func DecimalInterval(s string) (lo, hi Ratio, err error) {
	v, err := ParseDecimal(s)
	if err != nil {
		return Ratio{}, Ratio{}, err
	}
	if strings.Contains(s, "/") {
		return v, v, nil
	}
	_, frac, _ := cutDecimal(s)
	half := RatioFromBig(big.NewInt(1), new(big.Int).Mul(big.NewInt(2), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(frac))), nil)))
	return v.Sub(half), v.Add(half), nil
}

// MaxNumberLen is the longest number ParseDecimal accepts, in characters.
const MaxNumberLen = 64

// ParsePercent parses a percentage exactly and returns it as a share:
// "43,5" is 435/1000.
func ParsePercent(s string) (Ratio, error) {
	r, err := ParseDecimal(s)
	if err != nil {
		return Ratio{}, err
	}
	return r.Quo(RatioInt(100)), nil
}

// cutDecimal splits s at its single decimal separator ('.' or ',').
func cutDecimal(s string) (intPart, frac string, found bool) {
	i := strings.IndexAny(s, ".,")
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func plainInteger(s string, signed bool) bool {
	if signed && s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return s != "" && allDigits(s)
}

// MarshalText encodes the exact value as "num/den" (or "num").
func (a Ratio) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText decodes "num/den", "num" or a decimal.
func (a *Ratio) UnmarshalText(b []byte) error {
	r, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*a = r
	return nil
}
