// Package explain renders classification results and rule sets in words, in
// Danish or English: each criterion with its value, threshold, legal reference
// and margin, each list with its conditions, and the rule sets side by side.
// Numbers are rounded for display only; the results they describe are exact.
package explain

import (
	"strconv"
	"strings"

	"github.com/blandby/blandby"
)

// tr picks the Danish or English text.
func tr(lang blandby.Lang, da, en string) string {
	return blandby.Text{DA: da, EN: en}.In(lang)
}

// localize swaps the separators of a '.'-decimal number for Danish.
func localize(s string, lang blandby.Lang) string {
	if lang != blandby.Danish {
		return s
	}
	return strings.ReplaceAll(s, ".", ",")
}

// Int formats a whole number with thousands separators: 2.440 in Danish,
// 2,440 in English.
func Int(n int64, lang blandby.Lang) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := tr(lang, ".", ",")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Decimal formats a value rounded to places decimals in the language's style.
func Decimal(r blandby.Ratio, places int, lang blandby.Lang) string {
	return localize(r.Decimal(places), lang)
}

// Percent formats a share as a percentage with two decimals: "43,50 %" in
// Danish, "43.50%" in English.
func Percent(share blandby.Ratio, lang blandby.Lang) string {
	return percentPlaces(share, 2, lang)
}

func percentPlaces(share blandby.Ratio, places int, lang blandby.Lang) string {
	return Decimal(share.MulInt(100), places, lang) + tr(lang, " %", "%")
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

// Multiple formats a multiple: "3,20 ×" in Danish, "3.20×" in English.
func Multiple(m blandby.Ratio, lang blandby.Lang) string {
	return Decimal(m, 2, lang) + tr(lang, " ×", "×")
}

// Points formats a signed distance in percentage points.
func Points(p blandby.Ratio, lang blandby.Lang) string {
	return Decimal(p.Abs(), 2, lang) + tr(lang, " procentpoint", " percentage points")
}
