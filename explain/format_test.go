package explain

import (
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

func TestInt(t *testing.T) {
	tests := []struct {
		n      int64
		da, en string
	}{
		{0, "0", "0"}, {999, "999", "999"}, {1000, "1.000", "1,000"},
		{2440, "2.440", "2,440"}, {1234567, "1.234.567", "1,234,567"}, {-1500, "−1.500", "−1,500"},
	}
	for _, tt := range tests {
		if got := Int(tt.n, blandby.Danish); got != tt.da {
			t.Errorf("Int(%d, da) = %q, want %q", tt.n, got, tt.da)
		}
		if got := Int(tt.n, blandby.English); got != tt.en {
			t.Errorf("Int(%d, en) = %q, want %q", tt.n, got, tt.en)
		}
	}
}

// TestFloat: a chart's value reads as a number of the language: whole
// numbers without decimals, others rounded, both with thousands separators.
func TestFloat(t *testing.T) {
	tests := []struct {
		v      float64
		da, en string
	}{
		{8, "8", "8"}, {39037, "39.037", "39,037"}, {6.26, "6,3", "6.3"}, {1234.5, "1.234,5", "1,234.5"}, {-0.21, "\u22120,2", "\u22120.2"}, {-3, "\u22123", "\u22123"},
	}
	for _, tt := range tests {
		if got := Float(tt.v, 1, blandby.Danish); got != tt.da {
			t.Errorf("Float(%v, 1, da) = %q, want %q", tt.v, got, tt.da)
		}
		if got := Float(tt.v, 1, blandby.English); got != tt.en {
			t.Errorf("Float(%v, 1, en) = %q, want %q", tt.v, got, tt.en)
		}
	}
}

// TestPercentAgainst: a value that differs from its threshold never looks
// equal to it, and an equal one is shown with two decimals.
func TestPercentAgainst(t *testing.T) {
	tests := []struct {
		value, threshold blandby.Ratio
		v, th            string
	}{
		{blandby.NewRatio(2, 5), blandby.NewRatio(2, 5), "40,00 %", "40,00 %"},
		{blandby.NewRatio(400001, 1000000), blandby.NewRatio(2, 5), "40,0001 %", "40,0000 %"},
		{blandby.NewRatio(269, 10000), blandby.NewRatio(27, 1000), "2,69 %", "2,70 %"},
		{blandby.NewRatio(1, 3), blandby.NewRatio(333333333, 1000000000), "33,33333333 %", "33,33333330 %"},
	}
	for _, tt := range tests {
		v, th := PercentAgainst(tt.value, tt.threshold, blandby.Danish)
		if v != tt.v || th != tt.th {
			t.Errorf("PercentAgainst(%s, %s) = %q, %q; want %q, %q", tt.value, tt.threshold, v, th, tt.v, tt.th)
		}
	}
	if v, _ := PercentAgainst(blandby.NewRatio(1, 8), blandby.NewRatio(1, 10), blandby.English); v != "12.50%" {
		t.Errorf("English percent %q", v)
	}
}

func TestThresholdMultiple(t *testing.T) {
	for _, tt := range []struct {
		value  blandby.Ratio
		da, en string
	}{
		{blandby.RatioInt(3), "≥ 3 × landsgennemsnittet", "≥ 3 × the national share"},
		{blandby.NewRatio(5, 2), "≥ 2,5 × landsgennemsnittet", "≥ 2.5 × the national share"},
		{blandby.NewRatio(7, 3), "≥ 2,33 × landsgennemsnittet", "≥ 2.33 × the national share"},
	} {
		c := law.Criterion{Operator: law.GreaterOrEqual, Threshold: law.Threshold{Kind: law.NationalMultiple, Value: tt.value}}
		if got := Threshold(c, blandby.Danish); got != tt.da {
			t.Errorf("%v: %q, want %q", tt.value, got, tt.da)
		}
		if got := Threshold(c, blandby.English); got != tt.en {
			t.Errorf("%v: %q, want %q", tt.value, got, tt.en)
		}
	}
}

// TestPercentShort: a typed figure is shown as typed, without padding
// zeros, and one with more decimals than allowed is rounded.
func TestPercentShort(t *testing.T) {
	tests := []struct {
		share  blandby.Ratio
		most   int
		da, en string
	}{
		{blandby.NewRatio(415, 1000), 2, "41,5 %", "41.5%"},
		{blandby.NewRatio(12, 100), 1, "12 %", "12%"},
		{blandby.NewRatio(1234, 100000), 2, "1,23 %", "1.23%"},
		{blandby.NewRatio(1, 3), 1, "33,3 %", "33.3%"},
	}
	for _, tt := range tests {
		if got := PercentShort(tt.share, tt.most, blandby.Danish); got != tt.da {
			t.Errorf("PercentShort(%s, %d, da) = %q, want %q", tt.share, tt.most, got, tt.da)
		}
		if got := PercentShort(tt.share, tt.most, blandby.English); got != tt.en {
			t.Errorf("PercentShort(%s, %d, en) = %q, want %q", tt.share, tt.most, got, tt.en)
		}
	}
}

// TestMinusAndExact: a negative number has the true minus (U+2212, not the
// hyphen), and a value whose decimals end is written exactly, the page's way.
func TestMinusAndExact(t *testing.T) {
	r := func(num, den int64) blandby.Ratio { return blandby.NewRatio(num, den) }
	for _, c := range []struct{ got, want string }{
		{Int(-2292, blandby.Danish), "\u22122.292"},
		{Exact(r(91, 2), blandby.Danish), "45,5"},
		{Exact(r(91, 2), blandby.English), "45.5"},
		{Exact(r(100, 3), blandby.Danish), "33,33"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
