// Package langscan finds words of the wrong language in a text: English
// words on a Danish page and Danish words on an English one. It knows the
// typical short words of each language, the legal terms that stay Danish
// in English too, and the proper names that are the same in both; the
// tests of the message catalogue, the templates and the rendered pages use
// it.
package langscan

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/blandby/blandby"
)

// english are typical English words that are no Danish words: one in a
// Danish text is English left behind.
var english = []string{
	"the", "and", "of", "is", "not", "may", "must", "with", "area", "areas", "list", "lists",
	"which", "this", "that", "are", "was", "were", "you", "your", "sign", "signed", "page",
	"year", "years", "threshold", "thresholds", "will", "would", "should", "has",
	"been", "or", "no", "yes", "none", "each", "every", "all", "from", "into", "its",
	"their", "there", "here", "who", "what", "when", "where", "why", "how", "an",
	"municipality", "housing", "dwelling", "dwellings", "residents", "plans",
	"show", "shows", "download", "search", "back", "next", "previous", "overview", "rules",
	"out", "error", "found", "missing", "value", "values", "change", "changes",
}

// danish are typical Danish words that are no English words: one in an
// English text is Danish left behind.
var danish = []string{
	"og", "ikke", "skal", "til", "af", "der", "det", "er", "et", "med", "på", "som",
	"kan", "må", "eller", "fra", "hvis", "år", "liste", "lister", "kommune", "kommunen",
	"område", "områder", "området", "boligområde", "boligområder", "boligområdet",
	"siden", "ingen", "alle", "hvad", "hvem", "hvor", "hvornår", "du", "dig", "din",
	"dine", "vis", "viser", "ind", "ud", "grænse", "grænser", "beboere", "boliger",
	"bolig", "almene", "familieboliger", "udlejning", "planer", "udviklingsplan",
	"udviklingsplaner", "oversigt", "overblik", "regler", "fejl", "findes",
}

// legal are the legal terms that stay Danish in English too, and their
// forms.
var legal = []string{
	"udsat", "udsatte", "parallelsamfund", "parallelsamfundet", "parallelsamfundene",
	"omdannelse", "omdannelsesområde", "omdannelsesområder", "omdannelsesområdet",
	"omdannelsesområderne", "forebyggelse", "forebyggelsesområde", "forebyggelsesområder",
	"forebyggelsesområdet", "forebyggelsesområderne", "ghettoområde", "ghettoområder",
	"ghettoområdet", "hårde", "ghettoer", "udsatte boligområder", "udsat boligområde",
}

// names are proper names, the same in both languages; they are left out
// before a text is scanned.
var names = []string{
	"Bolig- og Planstyrelsen", "Blandede byer", "Københavns Kommune", "Bornholms Regionskommune",
	"Social- og Boligministeriet", "Transport- og Boligministeriet", "Indenrigs- og Boligministeriet",
	"Danmarks Statistik", "OpenStreetMap", "Chart.js", "Leaflet",
	"Styrelsen for Dataforsyning og Infrastruktur",
	// The title of the government's strategy of 2010.
	"Ghettoen tilbage til samfundet",
}

var (
	// gloss is the Danish term of the law given in parentheses after its
	// English words: "public family dwellings (almene familieboliger)".
	gloss   = regexp.MustCompile(`\(almene [\p{L}]+\)`)
	section = regexp.MustCompile(`§+\s*[0-9]+(\s*[a-z]\b)?(,\s*stk\.\s*[0-9]+)?(,\s*nr\.\s*[0-9]+)?`)
	// word is a word, or a token of letters and digits (a hash, an id),
	// which is no word of either language.
	word = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’]\p{L}+)?`)
	// code is what a reader types or reads as it is: a path ("/planer"),
	// a command-line flag and its value ("--all", "--population areas"), a field of a request
	// ("changes[%d]"), a name joined by _ . / : or = ("area_id",
	// "official/areas.yaml", "municipality:KODE", "LC_ALL"), a quoted key
	// ("municipality" of a JSON object), a command in quotes ('blandby
	// lists').
	code = regexp.MustCompile(`(^|[\s(])(/[\p{L}0-9/_.{}-]*|--?[a-z][a-z-]*(?:[ =][a-z][\w.-]*)?)|[a-z_]+\[[^\]]*\]|[\p{L}\p{N}]+(?:[_./:=][\p{L}\p{N}-]+)+|"[\p{L}\p{N}_]+"|'blandby [^']*'`)
	// fixed are the names and legal terms as patterns, the longest first.
	fixed = patterns(append(slices.Clone(names), legal...))
	cache sync.Map // string → *regexp.Regexp
)

// patterns returns the whole-word, any-case patterns of strings, the
// longest first, so that a name is left out before a shorter one inside
// it.
func patterns(ss []string) []*regexp.Regexp {
	slices.SortFunc(ss, func(a, b string) int { return len(b) - len(a) })
	var out []*regexp.Regexp
	for _, s := range ss {
		if s != "" {
			out = append(out, pattern(s))
		}
	}
	return out
}

func pattern(s string) *regexp.Regexp {
	if re, ok := cache.Load(s); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(`(?i)(^|[^\p{L}])` + regexp.QuoteMeta(s) + `($|[^\p{L}])`)
	cache.Store(s, re)
	return re
}

// Foreign returns the words of text that belong to the other language
// than lang: English words in a Danish text, Danish words in an English
// one, in the order they occur, each once. Legal terms, § references,
// proper names and the words in allow (data such as area and municipality
// names) are left out first.
func Foreign(text string, lang blandby.Lang, allow ...string) []string {
	for _, re := range append(patterns(slices.Clone(allow)), fixed...) {
		text = replaceAll(re, text)
	}
	text = code.ReplaceAllString(text, "$1 ")
	text = section.ReplaceAllString(text, " ")
	if lang == blandby.English {
		text = gloss.ReplaceAllString(text, " ")
	}
	other := english
	if lang == blandby.English {
		other = danish
	}
	var out []string
	for _, w := range word.FindAllString(text, -1) {
		if strings.ContainsAny(w, "0123456789") {
			continue
		}
		lw := strings.ToLower(w)
		if slices.Contains(other, lw) && !slices.Contains(out, lw) {
			out = append(out, lw)
		}
	}
	return out
}

// replaceAll replaces every match of re (a whole-word pattern) in text by
// a space, also where matches touch.
func replaceAll(re *regexp.Regexp, text string) string {
	for {
		t := re.ReplaceAllString(text, "$1 $2")
		if t == text {
			return t
		}
		text = t
	}
}
