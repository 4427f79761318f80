package blandby

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// frac returns num/den as a big.Rat, the reference the tests compare with.
func frac(num, den int64) *big.Rat { return big.NewRat(num, den) }

// sameRat fails unless got is exactly want, comparing numerator and
// denominator in lowest terms.
func sameRat(t testing.TB, what string, got Ratio, want *big.Rat) {
	t.Helper()
	if got.Num().Cmp(want.Num()) != 0 || got.Den().Cmp(want.Denom()) != 0 {
		t.Errorf("%s = %s/%s, want %s", what, got.Num(), got.Den(), want.RatString())
	}
}

func TestParseDecimalAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want *big.Rat
	}{
		{"43,5", frac(87, 2)},
		{"43.5", frac(87, 2)},
		{"2.70", frac(27, 10)},
		{"0", frac(0, 1)},
		{"-0", frac(0, 1)},
		{"+0", frac(0, 1)},
		{"-1", frac(-1, 1)},
		{"+3", frac(3, 1)},
		{"007", frac(7, 1)},
		{"007,50", frac(15, 2)},
		{"0.5", frac(1, 2)},
		{"0,25", frac(1, 4)},
		{"-0.5", frac(-1, 2)},
		{"+0,5", frac(1, 2)},
		{"100", frac(100, 1)},
		{"0.000", frac(0, 1)},
		{"-12.0625", frac(-193, 16)},
		{"123456789012345678901234567890", new(big.Rat).SetInt(bigInt("123456789012345678901234567890"))},
		{"0.1000000000000000000000000000001", new(big.Rat).SetFrac(bigInt("1000000000000000000000000000001"), bigInt("10000000000000000000000000000000"))},
		// fractions, as Write writes non-terminating values
		{"1/3", frac(1, 3)},
		{"100/3", frac(100, 3)},
		{"-1/3", frac(-1, 3)},
		{"+1/3", frac(1, 3)},
		{"2/4", frac(1, 2)},
		{"0/5", frac(0, 1)},
		{"6/3", frac(2, 1)},
		{"007/010", frac(7, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDecimal(tt.in)
			if err != nil {
				t.Fatalf("ParseDecimal(%q): %v", tt.in, err)
			}
			sameRat(t, "ParseDecimal("+tt.in+")", got, tt.want)
		})
	}
}

func bigInt(s string) *big.Int {
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad test integer " + s)
	}
	return n
}

func TestParseDecimalRejects(t *testing.T) {
	for _, in := range []string{
		"", "1.2.3", "1,234.5", "1.234,5", "1e3", "1E3", " 4", "4 ", " ", "4\t", "abc", "1/0", "0/0", "--1", "+-1", "-+1", "1,", "1.",
		"-", "+", ".", ",", "-.", "1-", ".5", ",5", "-.5", "+,5", "4x,3", "0x10", "1_000", "١٢", "½", "∞", "NaN", "Inf",
		"1/", "/2", "/", "1/2/3", "1/-2", "1/+2", "1 /2", "1/ 2", "1.5/2", "1/2.5", "--1/2", "a/b",
	} {
		t.Run(in, func(t *testing.T) {
			if got, err := ParseDecimal(in); err == nil {
				t.Errorf("ParseDecimal(%q) = %s, want an error", in, got)
			}
			if got, err := ParsePercent(in); err == nil {
				t.Errorf("ParsePercent(%q) = %s, want an error", in, got)
			}
		})
	}
}

func TestParseDecimalLength(t *testing.T) {
	longest := "1." + strings.Repeat("5", MaxNumberLen-2)
	if _, err := ParseDecimal(longest); err != nil {
		t.Errorf("%d characters must parse: %v", len(longest), err)
	}
	if _, err := ParseDecimal(longest + "5"); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("%d characters: err %v, want too long", len(longest)+1, err)
	}
}

// TestDecimalInterval: a printed decimal stands for every value that rounds
// to it, half a unit of its last printed place either side; a fraction is
// exact.
func TestDecimalInterval(t *testing.T) {
	tests := []struct {
		in     string
		lo, hi *big.Rat
	}{
		{"3.2", frac(315, 100), frac(325, 100)},
		{"3", frac(5, 2), frac(7, 2)},
		{"0,75", frac(745, 1000), frac(755, 1000)},
		{"2.420", frac(24195, 10000), frac(24205, 10000)}, // trailing zeros are printed decimals
		{"0", frac(-1, 2), frac(1, 2)},
		{"100/3", frac(100, 3), frac(100, 3)},
	}
	for _, tt := range tests {
		lo, hi, err := DecimalInterval(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		sameRat(t, tt.in+" lo", lo, tt.lo)
		sameRat(t, tt.in+" hi", hi, tt.hi)
	}
	if _, _, err := DecimalInterval("3x"); err == nil {
		t.Error(`"3x" must be an error`)
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in   string
		want *big.Rat
	}{
		{"43,5", frac(435, 1000)},
		{"43.5", frac(435, 1000)},
		{"2.70", frac(27, 1000)},
		{"2,7", frac(27, 1000)},
		{"100", frac(1, 1)},
		{"0", frac(0, 1)},
		{"0,01", frac(1, 10000)},
		{"150", frac(3, 2)},
		{"-1", frac(-1, 100)}, // ParsePercent itself has no range; readers check it
		{"100/3", frac(1, 3)},
		{"1/3", frac(1, 300)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePercent(tt.in)
			if err != nil {
				t.Fatalf("ParsePercent(%q): %v", tt.in, err)
			}
			sameRat(t, "ParsePercent("+tt.in+")", got, tt.want)
		})
	}
}

func TestRatioConstructors(t *testing.T) {
	sameRat(t, "NewRatio(6, -4)", NewRatio(6, -4), frac(-3, 2))
	sameRat(t, "NewRatio(-6, -4)", NewRatio(-6, -4), frac(3, 2))
	sameRat(t, "RatioInt(-7)", RatioInt(-7), frac(-7, 1))
	sameRat(t, "Ratio{}", Ratio{}, frac(0, 1))
	sameRat(t, "RatioFromBig(10, -4)", RatioFromBig(big.NewInt(10), big.NewInt(-4)), frac(-5, 2))

	// RatioFromBig copies its arguments; Num and Den return copies.
	num, den := big.NewInt(1), big.NewInt(3)
	r := RatioFromBig(num, den)
	num.SetInt64(2)
	den.SetInt64(5)
	sameRat(t, "RatioFromBig after changing its arguments", r, frac(1, 3))
	r.Num().SetInt64(9)
	r.Den().SetInt64(9)
	sameRat(t, "ratio after changing Num() and Den()", r, frac(1, 3))

	for name, f := range map[string]func(){
		"NewRatio(1, 0)":     func() { NewRatio(1, 0) },
		"RatioFromBig(1, 0)": func() { RatioFromBig(big.NewInt(1), big.NewInt(0)) },
		"Quo by zero":        func() { RatioInt(1).Quo(Ratio{}) },
		"Mean()":             func() { Mean() },
	} {
		if !panics(f) {
			t.Errorf("%s did not panic", name)
		}
	}
}

func panics(f func()) (p bool) {
	defer func() { p = recover() != nil }()
	f()
	return false
}

func TestRatioCmp(t *testing.T) {
	tests := []struct {
		a, b Ratio
		want int
	}{
		{NewRatio(1, 2), NewRatio(2, 4), 0},
		{NewRatio(1, 3), NewRatio(333, 1000), 1},
		{NewRatio(333, 1000), NewRatio(1, 3), -1},
		{NewRatio(-1, 2), NewRatio(1, -2), 0},
		{NewRatio(-1, 2), Ratio{}, -1},
		{Ratio{}, RatioInt(0), 0},
		{Ratio{}, NewRatio(1, 1_000_000_000), -1},
		{NewRatio(50, 100), mustParse(t, "0,5"), 0},
		{mustParse(t, "43,5"), mustParse(t, "43.50"), 0},
		{mustParse(t, "0.435"), NewRatio(87, 200), 0},
		{NewRatio(-3, 2), NewRatio(-4, 3), -1},
	}
	for _, tt := range tests {
		if got := tt.a.Cmp(tt.b); got != tt.want {
			t.Errorf("%s.Cmp(%s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.b.Cmp(tt.a); got != -tt.want {
			t.Errorf("%s.Cmp(%s) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
	}
}

func mustParse(t testing.TB, s string) Ratio {
	t.Helper()
	r, err := ParseDecimal(s)
	if err != nil {
		t.Fatalf("ParseDecimal(%q): %v", s, err)
	}
	return r
}

func TestRatioArithmetic(t *testing.T) {
	half, third := NewRatio(1, 2), NewRatio(1, 3)
	tests := []struct {
		name string
		got  Ratio
		want *big.Rat
	}{
		{"1/2 + 1/3", half.Add(third), frac(5, 6)},
		{"1/2 - 1/3", half.Sub(third), frac(1, 6)},
		{"1/3 - 1/2", third.Sub(half), frac(-1, 6)},
		{"1/2 × 1/3", half.Mul(third), frac(1, 6)},
		{"1/2 ÷ 1/3", half.Quo(third), frac(3, 2)},
		{"1/3 ÷ -1/2", third.Quo(half.Neg()), frac(-2, 3)},
		{"2/3 × 3/4", NewRatio(2, 3).Mul(NewRatio(3, 4)), frac(1, 2)},
		{"0 + 1/3", Ratio{}.Add(third), frac(1, 3)},
		{"0 × 1/3", Ratio{}.Mul(third), frac(0, 1)},
		{"0 ÷ 1/3", Ratio{}.Quo(third), frac(0, 1)},
		{"1/3 × 300", third.MulInt(300), frac(100, 1)},
		{"1/3 × -3", third.MulInt(-3), frac(-1, 1)},
		{"|-5/7|", NewRatio(-5, 7).Abs(), frac(5, 7)},
		{"-(-5/7)", NewRatio(-5, 7).Neg(), frac(5, 7)},
		{"-0", Ratio{}.Neg(), frac(0, 1)},
		{"0.1 + 0.2", mustParse(t, "0.1").Add(mustParse(t, "0.2")), frac(3, 10)},
		{"Mean(1/2, 1/3, 1/6)", Mean(half, third, NewRatio(1, 6)), frac(1, 3)},
		{"Mean(1/3)", Mean(third), frac(1, 3)},
		{"Mean(1, 2)", Mean(RatioInt(1), RatioInt(2)), frac(3, 2)},
		{"Mean(-1, 1, 0)", Mean(RatioInt(-1), RatioInt(1), Ratio{}), frac(0, 1)},
		{"Mean(0.435, 0.436)", Mean(mustParse(t, "0.435"), mustParse(t, "0.436")), frac(871, 2000)},
	}
	for _, tt := range tests {
		sameRat(t, tt.name, tt.got, tt.want)
	}

	// Operations leave their operands alone.
	a, b := NewRatio(1, 2), NewRatio(1, 3)
	_ = a.Add(b).Sub(b).Mul(b).Quo(b).Abs().Neg()
	_ = Mean(a, b)
	sameRat(t, "a after operations", a, frac(1, 2))
	sameRat(t, "b after operations", b, frac(1, 3))
}

func TestRatioPredicates(t *testing.T) {
	tests := []struct {
		r      Ratio
		sign   int
		isInt  bool
		str    string
		float  float64
		floorR int64
		ceilR  int64
	}{
		{NewRatio(7, 2), 1, false, "7/2", 3.5, 3, 4},
		{NewRatio(-7, 2), -1, false, "-7/2", -3.5, -4, -3},
		{NewRatio(1, 3), 1, false, "1/3", 1.0 / 3, 0, 1},
		{NewRatio(-1, 3), -1, false, "-1/3", -1.0 / 3, -1, 0},
		{NewRatio(2, 3), 1, false, "2/3", 2.0 / 3, 0, 1},
		{NewRatio(-2, 3), -1, false, "-2/3", -2.0 / 3, -1, 0},
		{RatioInt(3), 1, true, "3", 3, 3, 3},
		{RatioInt(-3), -1, true, "-3", -3, -3, -3},
		{NewRatio(6, 3), 1, true, "2", 2, 2, 2},
		{Ratio{}, 0, true, "0", 0, 0, 0},
		{NewRatio(-9, 10), -1, false, "-9/10", -0.9, -1, 0},
		{NewRatio(9, 10), 1, false, "9/10", 0.9, 0, 1},
		{NewRatio(-101, 10), -1, false, "-101/10", -10.1, -11, -10},
		{NewRatio(101, 10), 1, false, "101/10", 10.1, 10, 11},
	}
	for _, tt := range tests {
		if got := tt.r.Sign(); got != tt.sign {
			t.Errorf("%s.Sign() = %d, want %d", tt.str, got, tt.sign)
		}
		if got := tt.r.IsInt(); got != tt.isInt {
			t.Errorf("%s.IsInt() = %v, want %v", tt.str, got, tt.isInt)
		}
		if got := tt.r.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
		if got := tt.r.Float64(); got != tt.float {
			t.Errorf("%s.Float64() = %v, want %v", tt.str, got, tt.float)
		}
		if got := tt.r.Floor(); got.Cmp(big.NewInt(tt.floorR)) != 0 {
			t.Errorf("%s.Floor() = %s, want %d", tt.str, got, tt.floorR)
		}
		if got := tt.r.Ceil(); got.Cmp(big.NewInt(tt.ceilR)) != 0 {
			t.Errorf("%s.Ceil() = %s, want %d", tt.str, got, tt.ceilR)
		}
	}
	// Beyond int64.
	huge := RatioFromBig(bigInt("-100000000000000000000000000001"), big.NewInt(10))
	if got, want := huge.Floor(), bigInt("-10000000000000000000000000001"); got.Cmp(want) != 0 {
		t.Errorf("Floor of a huge negative = %s, want %s", got, want)
	}
	if got, want := huge.Ceil(), bigInt("-10000000000000000000000000000"); got.Cmp(want) != 0 {
		t.Errorf("Ceil of a huge negative = %s, want %s", got, want)
	}
}

func TestRatioDecimal(t *testing.T) {
	tests := []struct {
		r      Ratio
		places int
		want   string
	}{
		{NewRatio(1, 8), 2, "0.13"},
		{NewRatio(-1, 8), 2, "-0.13"},
		{NewRatio(1, 8), 3, "0.125"},
		{NewRatio(1, 8), 5, "0.12500"},
		{NewRatio(1, 8), 1, "0.1"},
		{NewRatio(1, 8), 0, "0"},
		{NewRatio(4, 1000), 2, "0.00"},
		{NewRatio(-4, 1000), 2, "0.00"}, // no "-0.00"
		{NewRatio(-4, 1000), 0, "0"},
		{NewRatio(-1, 201), 2, "0.00"},
		{NewRatio(5, 1000), 2, "0.01"},
		{NewRatio(-5, 1000), 2, "-0.01"},
		{NewRatio(1, 2), 0, "1"},
		{NewRatio(-1, 2), 0, "-1"},
		{NewRatio(5, 2), 0, "3"},
		{NewRatio(-5, 2), 0, "-3"},
		{NewRatio(12345, 100), 1, "123.5"},
		{NewRatio(-12345, 100), 1, "-123.5"},
		{NewRatio(1, 3), 3, "0.333"},
		{NewRatio(2, 3), 3, "0.667"},
		{NewRatio(-2, 3), 3, "-0.667"},
		{NewRatio(999, 1000), 2, "1.00"},
		{NewRatio(-999, 1000), 2, "-1.00"},
		{NewRatio(435, 1000), 1, "0.4"},
		{NewRatio(435, 10), 1, "43.5"},
		{NewRatio(435, 10), 0, "44"},
		{Ratio{}, 2, "0.00"},
		{Ratio{}, 0, "0"},
		{RatioInt(7), 2, "7.00"},
		{RatioInt(-7), 0, "-7"},
		{RatioInt(7), -1, "7"}, // negative places count as 0
		{NewRatio(1234567, 100), 1, "12345.7"},
		{NewRatio(1, 10), 5, "0.10000"},
		{NewRatio(1, 100000), 5, "0.00001"},
		{NewRatio(-1, 100000), 5, "-0.00001"},
	}
	for _, tt := range tests {
		if got := tt.r.Decimal(tt.places); got != tt.want {
			t.Errorf("%s.Decimal(%d) = %q, want %q", tt.r, tt.places, got, tt.want)
		}
	}
}

func TestRatioExactDecimal(t *testing.T) {
	tests := []struct {
		r    Ratio
		want string
		ok   bool
	}{
		{NewRatio(1, 8), "0.125", true},
		{NewRatio(-1, 8), "-0.125", true},
		{NewRatio(435, 1000), "0.435", true},
		{NewRatio(3, 10), "0.3", true},
		{NewRatio(1, 20), "0.05", true},
		{NewRatio(1, 1024), "0.0009765625", true},
		{NewRatio(1, 3125), "0.00032", true},
		{NewRatio(87, 2), "43.5", true},
		{RatioInt(5), "5", true},
		{RatioInt(-5), "-5", true},
		{RatioInt(250), "250", true},
		{Ratio{}, "0", true},
		{NewRatio(1, 3), "", false},
		{NewRatio(-1, 3), "", false},
		{NewRatio(1, 6), "", false},
		{NewRatio(1, 7), "", false},
		{NewRatio(100, 3), "", false},
	}
	for _, tt := range tests {
		got, ok := tt.r.ExactDecimal()
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s.ExactDecimal() = %q, %v, want %q, %v", tt.r, got, ok, tt.want, tt.ok)
		}
	}
}

func TestRatioText(t *testing.T) {
	tests := []struct {
		r    Ratio
		text string
	}{
		{NewRatio(87, 2), "87/2"},
		{NewRatio(-1, 3), "-1/3"},
		{RatioInt(5), "5"},
		{Ratio{}, "0"},
		{RatioFromBig(bigInt("123456789012345678901234567891"), bigInt("2")), "123456789012345678901234567891/2"},
	}
	for _, tt := range tests {
		b, err := tt.r.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%s): %v", tt.text, err)
		}
		if string(b) != tt.text {
			t.Errorf("MarshalText = %q, want %q", b, tt.text)
		}
		var back Ratio
		if err := back.UnmarshalText(b); err != nil {
			t.Fatalf("UnmarshalText(%q): %v", b, err)
		}
		if back.Cmp(tt.r) != 0 {
			t.Errorf("UnmarshalText(%q) = %s, want %s", b, back, tt.r)
		}
	}

	// UnmarshalText takes decimals too, and leaves the value alone on error.
	var r Ratio
	if err := r.UnmarshalText([]byte("43,5")); err != nil {
		t.Fatal(err)
	}
	sameRat(t, `UnmarshalText("43,5")`, r, frac(87, 2))
	if err := r.UnmarshalText([]byte("4x")); err == nil {
		t.Error(`UnmarshalText("4x") succeeded`)
	}
	sameRat(t, "value after a failed UnmarshalText", r, frac(87, 2))
}

// decimalPattern matches a decimal with exactly places digits after '.'.
func decimalPattern(places int) *regexp.Regexp {
	p := `^-?(0|[1-9][0-9]*)`
	if places > 0 {
		p += fmt.Sprintf(`\.[0-9]{%d}`, places)
	}
	return regexp.MustCompile(p + `$`)
}

// TestRatioProperties checks Ratio against math/big for random fractions of
// int64s.
func TestRatioProperties(t *testing.T) {
	gen := rapid.Custom(func(t *rapid.T) *big.Rat {
		num := rapid.Int64().Draw(t, "num")
		den := rapid.Int64().Filter(func(d int64) bool { return d != 0 }).Draw(t, "den")
		return big.NewRat(num, den)
	})
	ratio := func(r *big.Rat) Ratio { return RatioFromBig(r.Num(), r.Denom()) }
	rapid.Check(t, func(t *rapid.T) {
		x, y := gen.Draw(t, "x"), gen.Draw(t, "y")
		a, b := ratio(x), ratio(y)

		if got, want := a.Cmp(b), x.Cmp(y); got != want {
			t.Fatalf("%s.Cmp(%s) = %d, big.Rat says %d", a, b, got, want)
		}
		if got, want := a.Add(b), new(big.Rat).Add(x, y); got.Num().Cmp(want.Num()) != 0 || got.Den().Cmp(want.Denom()) != 0 {
			t.Fatalf("%s + %s = %s, want %s", a, b, got, want.RatString())
		}
		if got, want := a.Mul(b), new(big.Rat).Mul(x, y); got.Num().Cmp(want.Num()) != 0 || got.Den().Cmp(want.Denom()) != 0 {
			t.Fatalf("%s × %s = %s, want %s", a, b, got, want.RatString())
		}
		if got, want := a.String(), x.RatString(); got != want {
			t.Fatalf("String() = %q, want %q", got, want)
		}
		fl, ce := a.Floor(), a.Ceil()
		if new(big.Rat).SetInt(fl).Cmp(x) > 0 || new(big.Rat).SetInt(new(big.Int).Add(fl, big.NewInt(1))).Cmp(x) <= 0 {
			t.Fatalf("Floor(%s) = %s", a, fl)
		}
		if new(big.Rat).SetInt(ce).Cmp(x) < 0 || new(big.Rat).SetInt(new(big.Int).Sub(ce, big.NewInt(1))).Cmp(x) >= 0 {
			t.Fatalf("Ceil(%s) = %s", a, ce)
		}

		// Decimal(k) is x rounded to k places: within half a unit of the
		// last place, ties away from zero, and never "-0".
		k := rapid.IntRange(0, 9).Draw(t, "places")
		s := a.Decimal(k)
		if !decimalPattern(k).MatchString(s) {
			t.Fatalf("%s.Decimal(%d) = %q, not a decimal with %d places", a, k, s, k)
		}
		back, err := ParseDecimal(s)
		if err != nil {
			t.Fatalf("%s.Decimal(%d) = %q does not parse: %v", a, k, s, err)
		}
		if back.Sign() == 0 && strings.HasPrefix(s, "-") {
			t.Fatalf("%s.Decimal(%d) = %q: negative zero", a, k, s)
		}
		halfUnit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Mul(big.NewInt(2), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)))
		diff := new(big.Rat).Sub(new(big.Rat).SetFrac(back.Num(), back.Den()), x)
		absDiff := new(big.Rat).Abs(diff)
		switch absDiff.Cmp(halfUnit) {
		case 1:
			t.Fatalf("%s.Decimal(%d) = %q is off by %s", a, k, s, absDiff.RatString())
		case 0: // a tie rounds away from zero
			if back.Abs().Cmp(a.Abs()) < 0 {
				t.Fatalf("%s.Decimal(%d) = %q rounds a tie towards zero", a, k, s)
			}
		}

		// ExactDecimal: when it terminates it is exact; when it does not, no
		// power of ten makes x an integer (an int64 denominator has at
		// most 63 factors of 2).
		if e, ok := a.ExactDecimal(); ok {
			// Within the parser's length bound it reads back exactly; a
			// longer expansion is checked against math/big instead.
			if len(e) <= MaxNumberLen {
				if got, err := ParseDecimal(e); err != nil || got.Cmp(a) != 0 {
					t.Fatalf("%s.ExactDecimal() = %q, reads back as %s (%v)", a, e, got, err)
				}
			} else if got, ok := new(big.Rat).SetString(e); !ok || got.Cmp(x) != 0 {
				t.Fatalf("%s.ExactDecimal() = %q is not exact", a, e)
			}
			if strings.Contains(e, ".") && strings.HasSuffix(e, "0") {
				t.Fatalf("%s.ExactDecimal() = %q has a trailing zero", a, e)
			}
		} else {
			p := new(big.Rat).Set(x)
			for range 64 {
				if p.IsInt() {
					t.Fatalf("%s.ExactDecimal() says it does not terminate, but %s is an integer", a, p.RatString())
				}
				p.Mul(p, big.NewRat(10, 1))
			}
		}

		// MarshalText round trip.
		text, _ := a.MarshalText()
		var u Ratio
		if err := u.UnmarshalText(text); err != nil || u.Cmp(a) != 0 {
			t.Fatalf("UnmarshalText(MarshalText(%s)) = %s, %v", a, u, err)
		}
	})
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{
		"43,5", "43.5", "2.70", "-1", "+3", "0", "007", "0.5", "-0,5", "1/3", "-100/3", "0/7",
		"", "1.2.3", "1,234.5", "1e3", " 4", "4 ", "abc", "1/0", "--1", "1,", "-", "+", "/", "1/2/3",
		"123456789012345678901234567890.098765432109876543210",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseDecimal(s)
		p, perr := ParsePercent(s)
		if (err == nil) != (perr == nil) {
			t.Fatalf("ParseDecimal(%q) error %v, but ParsePercent error %v", s, err, perr)
		}
		if err != nil {
			return
		}
		if p.MulInt(100).Cmp(r) != 0 {
			t.Fatalf("ParsePercent(%q) = %s, not ParseDecimal/100 = %s/100", s, p, r)
		}
		if strings.ContainsAny(s, " \t\neE_") {
			t.Fatalf("ParseDecimal(%q) accepted spaces, an exponent or an underscore", s)
		}
		// The fraction form reads back whenever it is within the length
		// bound (a long decimal's fraction form can exceed it).
		if str := r.String(); len(str) <= MaxNumberLen {
			back, err := ParseDecimal(str)
			if err != nil {
				t.Fatalf("ParseDecimal(%q) = %s, whose String() does not parse: %v", s, r, err)
			}
			if back.Cmp(r) != 0 {
				t.Fatalf("ParseDecimal(%q) = %s, but its String() reads back as %s", s, r, back)
			}
		}
		// A decimal reads as math/big reads it with '.' as separator.
		if !strings.Contains(s, "/") {
			want, ok := new(big.Rat).SetString(strings.Replace(s, ",", ".", 1))
			if !ok {
				t.Fatalf("ParseDecimal(%q) = %s, but math/big rejects it", s, r)
			}
			if got := new(big.Rat).SetFrac(r.Num(), r.Den()); got.Cmp(want) != 0 {
				t.Fatalf("ParseDecimal(%q) = %s, math/big says %s", s, r, want.RatString())
			}
		}
		if e, ok := r.ExactDecimal(); ok {
			if got, err := ParseDecimal(e); err != nil || got.Cmp(r) != 0 {
				t.Fatalf("ExactDecimal of %q = %q, reads back as %s (%v)", s, e, got, err)
			}
		}
	})
}
