// Package explain renders classification results and rule sets in words, in
// Danish or English: each criterion with its value, threshold, legal reference
// and margin, each list with its conditions, and the rule sets side by side.
// Numbers are rounded for display only; the results they describe are exact.
package explain

import (
	"math"
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// localize swaps the separators of a '.'-decimal number for Danish.
func localize(s string, lang blandby.Lang) string {
	if lang != blandby.Danish {
		return s
	}
	return strings.ReplaceAll(s, ".", ",")
}

// Minus is the minus sign numbers are written with: the true minus
// (U+2212), not the hyphen.
const Minus = "\u2212"

// Int formats a whole number with thousands separators: 2.440 in Danish,
// 2,440 in English; a negative number with the true minus: −1.500.
func Int(n int64, lang blandby.Lang) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := msg.T(lang, "explain.format.thousands_sep")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(ch)
	}
	if neg {
		return Minus + b.String()
	}
	return b.String()
}

// Decimal formats a value rounded to places decimals in the language's style.
func Decimal(r blandby.Ratio, places int, lang blandby.Lang) string {
	return localize(r.Decimal(places), lang)
}

// Exact formats a value exactly when its decimals end ("45,5" in
// Danish, "45.5" in English), and rounded to two decimals otherwise.
func Exact(r blandby.Ratio, lang blandby.Lang) string {
	if s, ok := r.ExactDecimal(); ok {
		return localize(s, lang)
	}
	return Decimal(r, 2, lang)
}

// Float formats a display value (one computed in floating point, such as a
// chart's) rounded to places decimals, with thousands separators, and
// without decimals when it is whole: "2.440", "12,3" in Danish; "2,440",
// "12.3" in English.
func Float(v float64, places int, lang blandby.Lang) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return Int(int64(v), lang)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return localize(strconv.FormatFloat(v, 'g', -1, 64), lang)
	}
	out := Int(n, lang)
	if frac != "" {
		out += localize(".", lang) + frac
	}
	if v < 0 {
		out = Minus + out
	}
	return out
}

// Percent formats a share as a percentage with two decimals: "43,50 %" in
// Danish, "43.50%" in English.
func Percent(share blandby.Ratio, lang blandby.Lang) string {
	return percentPlaces(share, 2, lang)
}

// PercentShort formats a share as a percentage with as few decimals as
// show it exactly, at most most (then rounded): "41,5 %" and "12 %" in
// Danish, "41.5%" and "12%" in English. It suits a figure a person typed.
func PercentShort(share blandby.Ratio, most int, lang blandby.Lang) string {
	scaled := share.MulInt(100)
	for places := 0; places < most; places++ {
		if scaled.IsInt() {
			return percentPlaces(share, places, lang)
		}
		scaled = scaled.MulInt(10)
	}
	return percentPlaces(share, most, lang)
}

func percentPlaces(share blandby.Ratio, places int, lang blandby.Lang) string {
	return Decimal(share.MulInt(100), places, lang) + msg.T(lang, "explain.format.percent_sign")
}

// PercentAgainst formats a share and a threshold so that they never look
// equal when they are not: it adds decimals (up to 8) until the rounded
// values differ.
func PercentAgainst(value, threshold blandby.Ratio, lang blandby.Lang) (string, string) {
	places := 2
	for value.Cmp(threshold) != 0 && places < 8 && value.MulInt(100).Decimal(places) == threshold.MulInt(100).Decimal(places) {
		places++
	}
	return percentPlaces(value, places, lang), percentPlaces(threshold, places, lang)
}

func multiplePlaces(m blandby.Ratio, places int, lang blandby.Lang) string {
	return Decimal(m, places, lang) + msg.T(lang, "explain.format.times_sign")
}

// MultipleAgainst formats a multiple and its threshold so that they never
// look equal when they are not: 2.9998 against 3 is "2,9998 ×", not
// "3,00 ×". Nor does a multiple read as a whole multiple it is not (2.9998
// against 2 is not "3,00 ×" either). The threshold is written exactly when
// it can be ("3 ×").
func MultipleAgainst(value, threshold blandby.Ratio, lang blandby.Lang) (string, string) {
	places := placesApart(value, threshold)
	for places < maxPlaces && !value.IsInt() && roundsToWhole(value, places) {
		places++
	}
	th := multiplePlaces(threshold, places, lang)
	if s, ok := threshold.ExactDecimal(); ok {
		th = localize(s, lang) + msg.T(lang, "explain.format.times_sign")
	}
	return multiplePlaces(value, places, lang), th
}

// roundsToWhole reports whether v rounded to places decimals is a whole
// number ("3.00").
func roundsToWhole(v blandby.Ratio, places int) bool {
	_, frac, _ := strings.Cut(v.Decimal(places), ".")
	return strings.Trim(frac, "0") == ""
}

// placesApart is the number of decimals, from 2 up to 8, at which a and b
// round to different numbers (2 when they are equal).
func placesApart(a, b blandby.Ratio) int {
	places := 2
	for a.Cmp(b) != 0 && places < maxPlaces && a.Decimal(places) == b.Decimal(places) {
		places++
	}
	return places
}

// maxPlaces is the most decimals a number is written with.
const maxPlaces = 8

// Points formats a distance in percentage points, without its sign: exactly
// "0 procentpoint" for no distance, and never a distance that is not zero
// as "0,00": decimals are added (up to 8) until it shows.
func Points(p blandby.Ratio, lang blandby.Lang) string {
	return distance(p, lang) + msg.T(lang, "explain.format.percentage_points")
}

// MultipleDistance formats the distance between two multiples of the
// national share, without its sign, as Points does: "0,0002 ×".
func MultipleDistance(d blandby.Ratio, lang blandby.Lang) string {
	return distance(d, lang) + msg.T(lang, "explain.format.times_sign")
}

// distance writes |d| with two decimals, or more when two would show a
// non-zero distance as zero, and "0" when it is zero.
func distance(d blandby.Ratio, lang blandby.Lang) string {
	d = d.Abs()
	if d.Sign() == 0 {
		return "0"
	}
	places := placesApart(d, blandby.Ratio{})
	return Decimal(d, places, lang)
}

// Persons writes a count of persons with the noun in the right number:
// "1 person", "2 personer"; "1 person", "2 persons".
func Persons(n int64, lang blandby.Lang) string {
	return msg.N(lang, "explain.format.persons", int(n), Int(n, lang))
}
