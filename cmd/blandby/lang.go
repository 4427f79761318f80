package main

import (
	"strconv"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// chooseLang picks the language of the command line, as command-line tools
// do: the --lang flag among args, else BLANDBY_LANG, else the POSIX locale
// (the first of LC_ALL, LC_MESSAGES and LANG that is set: a value starting
// with "da" is Danish, any other English), else English.
//
// A --lang or BLANDBY_LANG that is neither da nor en is an error; the
// language returned with it is the one the rest gives, to tell it in.
func chooseLang(args []string, getenv func(string) string) (blandby.Lang, error) {
	fallback := localeLang(getenv)
	given, ok := langFlag(args)
	if !ok {
		given = getenv("BLANDBY_LANG")
	}
	if given == "" {
		return fallback, nil
	}
	l, err := blandby.ParseLang(given)
	if err != nil {
		return fallback, usage("", msg.Text("cli.error.unknown_lang", given))
	}
	return l, nil
}

// langFlag returns the value of --lang among args ("--lang da" or
// "--lang=da"; the last one counts, as with any flag), looking no further
// than a "--" that ends the flags.
func langFlag(args []string) (string, bool) {
	var val string
	var found bool
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return val, found
		case a == "--lang" && i+1 < len(args):
			val, found = args[i+1], true
			i++
		case strings.HasPrefix(a, "--lang="):
			val, found = strings.TrimPrefix(a, "--lang="), true
		}
	}
	return val, found
}

// localeLang is the language of the POSIX locale: LC_ALL overrides
// LC_MESSAGES, which overrides LANG; Danish for a locale of the language
// da (da, da_DK.UTF-8, …), English for any other and when none is set.
func localeLang(getenv func(string) string) blandby.Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		if v == "da" || strings.HasPrefix(v, "da_") || strings.HasPrefix(v, "da.") || strings.HasPrefix(v, "da@") {
			return blandby.Danish
		}
		return blandby.English
	}
	return blandby.English
}

// decimal writes f with places decimals (-1: as few as it takes) and the
// decimal separator of lang: 0,3 in Danish, 0.3 in English.
func decimal(f float64, places int, lang blandby.Lang) string {
	format := byte('f')
	if places < 0 {
		format = 'g'
	}
	s := strconv.FormatFloat(f, format, places, 64)
	if lang == blandby.Danish {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
