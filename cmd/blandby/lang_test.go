package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// TestChooseLang: the language of the command line is chosen as command-line
// tools choose it: --lang, else BLANDBY_LANG, else the POSIX locale
// (LC_ALL over LC_MESSAGES over LANG), else English.
func TestChooseLang(t *testing.T) {
	da, en := blandby.Danish, blandby.English
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want blandby.Lang
	}{
		{"nothing set", nil, nil, en},
		{"LANG Danish", nil, map[string]string{"LANG": "da_DK.UTF-8"}, da},
		{"LANG plain da", nil, map[string]string{"LANG": "da"}, da},
		{"LANG English", nil, map[string]string{"LANG": "en_GB.UTF-8"}, en},
		{"LANG C", nil, map[string]string{"LANG": "C.UTF-8"}, en},
		{"LANG of another language starting with da", nil, map[string]string{"LANG": "dav_KE"}, en},
		{"LC_MESSAGES over LANG", nil, map[string]string{"LC_MESSAGES": "da_DK.UTF-8", "LANG": "en_US.UTF-8"}, da},
		{"LC_MESSAGES English over a Danish LANG", nil, map[string]string{"LC_MESSAGES": "C", "LANG": "da_DK.UTF-8"}, en},
		{"LC_ALL over LC_MESSAGES", nil, map[string]string{"LC_ALL": "da_DK.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, da},
		{"LC_ALL English over Danish", nil, map[string]string{"LC_ALL": "POSIX", "LC_MESSAGES": "da_DK.UTF-8", "LANG": "da_DK.UTF-8"}, en},
		{"empty LC_ALL is not set", nil, map[string]string{"LC_ALL": "", "LANG": "da_DK.UTF-8"}, da},
		{"BLANDBY_LANG over the locale", nil, map[string]string{"BLANDBY_LANG": "en", "LC_ALL": "da_DK.UTF-8"}, en},
		{"BLANDBY_LANG da over an English locale", nil, map[string]string{"BLANDBY_LANG": "da", "LANG": "en_US.UTF-8"}, da},
		{"flag over BLANDBY_LANG", []string{"lists", "--lang", "da"}, map[string]string{"BLANDBY_LANG": "en"}, da},
		{"flag with =", []string{"--lang=en", "rules"}, map[string]string{"BLANDBY_LANG": "da", "LANG": "da_DK.UTF-8"}, en},
		{"the last flag counts", []string{"--lang", "da", "rules", "--lang", "en"}, nil, en},
		{"no flag after --", []string{"plan", "assess", "--", "--lang", "da"}, nil, en},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := chooseLang(tt.args, func(k string) string { return tt.env[k] })
			if err != nil || got != tt.want {
				t.Errorf("chooseLang(%q, %v) = %s, %v; want %s", tt.args, tt.env, got, err, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		args []string
		env  map[string]string
	}{
		{[]string{"--lang", "de"}, nil},
		{nil, map[string]string{"BLANDBY_LANG": "dansk"}},
	} {
		if _, err := chooseLang(bad.args, func(k string) string { return bad.env[k] }); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("chooseLang(%q, %v): error %v, want an invalid-input error", bad.args, bad.env, err)
		}
	}
}

// TestLangFromEnvironment: the whole command line follows the locale when
// nothing else says which language: a Danish LANG gives the Danish help.
func TestLangFromEnvironment(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "da_DK.UTF-8"}, "Brug:"},
		{map[string]string{"LANG": "en_DK.UTF-8"}, "Usage:"},
		{map[string]string{"LANG": "da_DK.UTF-8", "BLANDBY_LANG": "en"}, "Usage:"},
		{nil, "Usage:"},
	} {
		var stdout, stderr bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return tt.env[k] }}
		if code := m.Run(context.Background(), []string{"lists", "--help"}); code != 0 || !strings.Contains(stdout.String(), tt.want) {
			t.Errorf("%v: exit %d, help without %q:\n%s%s", tt.env, code, tt.want, stdout.String(), stderr.String())
		}
	}
}

// commandTexts are the texts of one command's help in one language.
type commandTexts struct {
	short, long string
	flags       map[string]string // flag name → usage
}

// helpTexts walks the command tree built in lang: every command a user can
// call (not the hidden ones), by path, with its texts.
func helpTexts(t *testing.T, lang blandby.Lang) map[string]commandTexts {
	t.Helper()
	m := &Main{Getenv: func(string) string { return "" }, lang: lang}
	root := m.rootCommand()
	out := map[string]commandTexts{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		ct := commandTexts{short: c.Short, long: c.Long, flags: map[string]string{}}
		add := func(f *pflag.Flag) {
			if !f.Hidden {
				ct.flags[f.Name] = f.Usage
			}
		}
		c.LocalFlags().VisitAll(add)
		c.InheritedFlags().VisitAll(add)
		out[c.CommandPath()] = ct
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return out
}

// catalogueTexts returns a matcher for the texts of the catalogue in lang:
// a text matches when it is a message of the catalogue, its printf verbs
// filled in with anything.
func catalogueTexts(lang blandby.Lang) func(string) bool {
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[vdsqfgx]`)
	var res []*regexp.Regexp
	for _, id := range msg.IDs(lang) {
		for _, form := range msg.Forms(lang, id) {
			parts := verb.Split(form, -1)
			for i := range parts {
				parts[i] = regexp.QuoteMeta(parts[i])
			}
			res = append(res, regexp.MustCompile(`^(?s)`+strings.Join(parts, ".*")+`$`))
		}
	}
	return func(s string) bool {
		for _, re := range res {
			if re.MatchString(s) {
				return true
			}
		}
		return false
	}
}

// TestHelpFromCatalogue walks every command of the command line: its short
// text, its long text and every flag's usage come from the message
// catalogue in Danish and in English, and the two differ (no English left
// in the Danish help), with no marker of a missing message.
func TestHelpFromCatalogue(t *testing.T) {
	da, en := helpTexts(t, blandby.Danish), helpTexts(t, blandby.English)
	if len(da) != len(en) || len(da) < 50 {
		t.Fatalf("%d commands in Danish, %d in English", len(da), len(en))
	}
	inDA, inEN := catalogueTexts(blandby.Danish), catalogueTexts(blandby.English)
	check := func(what, d, e string, required bool) {
		t.Helper()
		if d == "" && e == "" && !required {
			return
		}
		switch {
		case d == "" || e == "":
			t.Errorf("%s: Danish %q, English %q: want both", what, d, e)
		case strings.Contains(d+e, "⟦"):
			t.Errorf("%s: a missing message: %q / %q", what, d, e)
		case d == e:
			t.Errorf("%s: the same in Danish and English: %q", what, d)
		case !inDA(d):
			t.Errorf("%s: Danish %q is not a text of the catalogue", what, d)
		case !inEN(e):
			t.Errorf("%s: English %q is not a text of the catalogue", what, e)
		}
	}
	flags := 0
	for path, d := range da {
		e, ok := en[path]
		if !ok {
			t.Errorf("%s: no English command", path)
			continue
		}
		check(path+" short", d.short, e.short, true)
		check(path+" long", d.long, e.long, false)
		if len(d.flags) != len(e.flags) {
			t.Errorf("%s: %d flags in Danish, %d in English", path, len(d.flags), len(e.flags))
		}
		for name, u := range d.flags {
			check(path+" --"+name, u, e.flags[name], true)
			flags++
		}
	}
	if flags < 300 {
		t.Errorf("only %d flags walked", flags)
	}
}

// TestDanishHelpHasNoEnglish: the Danish --help of every command, with the
// texts cobra adds itself (Usage:, Flags:, help for …, (default …)), is in
// Danish.
func TestDanishHelpHasNoEnglish(t *testing.T) {
	english := []string{"Usage:", "Flags:", "Global Flags:", "Available Commands:", "Examples:", "[flags]", "[command]",
		"help for ", "(default ", " string ", " int ", "for more information", "Help about any command", "Generate the autocompletion"}
	for path := range helpTexts(t, blandby.Danish) {
		args := append(strings.Fields(path)[1:], "--help", "--lang", "da")
		out, errOut, code := run(t, args...)
		if code != 0 {
			t.Errorf("%s --help: exit %d: %s", path, code, errOut)
			continue
		}
		if !strings.Contains(out, "Brug:") {
			t.Errorf("%s --help: no Brug:\n%s", path, out)
		}
		for _, w := range english {
			if strings.Contains(out, w) {
				t.Errorf("%s --help in Danish holds %q:\n%s", path, w, out)
			}
		}
	}
}

// TestErrorsInDanish: the errors of the command line are told in the
// language it speaks: its own (usage, a missing file, a flag value), while
// an error at a position in an input file keeps its file:line:column.
func TestErrorsInDanish(t *testing.T) {
	dir := t.TempDir()
	malformed := filepath.Join(dir, "malformed.csv")
	if err := os.WriteFile(malformed, []byte("year,area_id,residents,nonwestern_pct\n2022,a,1500,55\n2022,b,1200,\"4x,3\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "findes-ikke.csv")
	noArea := filepath.Join(dir, "case.json")
	if err := os.WriteFile(noArea, []byte(`{"date": "2024-07-15", "dwelling": {"type": "family"}, "channel": "waiting_list"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		da, en []string
	}{
		{"missing file", []string{"lists", "--indicators", missing}, exitInvalid,
			[]string{"blandby: " + missing + ": filen findes ikke\n"},
			[]string{"blandby: " + missing + ": no such file\n"}},
		{"unknown format", []string{"lists", "--indicators", missing, "--format", "xml"}, exitInvalid,
			[]string{`ukendt --format "xml" (forventede table, csv eller json)`, "Kør 'blandby lists --help' for at se, hvordan kommandoen bruges."},
			[]string{`unknown --format "xml" (expected table, csv or json)`, "Run 'blandby lists --help' for usage."}},
		{"missing flag", []string{"export"}, exitInvalid,
			[]string{"flaget --year mangler", "Kør 'blandby export --help'"},
			[]string{"missing required flag --year", "Run 'blandby export --help'"}},
		{"bad flag value", []string{"rules", "--year", "tyve"}, exitInvalid,
			[]string{`"tyve" er ikke en gyldig værdi til --year`},
			[]string{`"tyve" is not a valid value for --year`}},
		{"unknown flag", []string{"rules", "--aar", "2020"}, exitInvalid,
			[]string{"ukendt flag: --aar"},
			[]string{"unknown flag: --aar"}},
		{"unknown one-letter flag", []string{"rules", "-x"}, exitInvalid,
			[]string{"ukendt flag -x i -x"},
			[]string{"unknown shorthand flag -x in -x"}},
		{"arguments", []string{"plan", "save", "0101-S04"}, exitInvalid,
			[]string{"forventede 2 argumenter, fik 1", "Kør 'blandby plan save --help'"},
			[]string{"accepts 2 args, received 1", "Run 'blandby plan save --help'"}},
		{"unknown command", []string{"lsits"}, exitInvalid,
			[]string{`ukendt kommando "lsits"; mente du lists?`},
			[]string{`unknown command "lsits"; did you mean lists?`}},
		{"a date", []string{"rules", "--at", "1. juni"}, exitInvalid,
			[]string{`--at "1. juni": forventede en dato ÅÅÅÅ-MM-DD`},
			[]string{`--at "1. juni": expected a date YYYY-MM-DD`}},
		{"a field of a file, after the file's name", []string{"letting", "decide", "--case", noArea, "--db", filepath.Join(dir, "b.db")}, exitInvalid,
			[]string{"blandby: " + noArea + ": dwelling.area_id: påkrævet for at slå området op i databasen\n"},
			[]string{"blandby: " + noArea + ": dwelling.area_id: required to look the area up in the database\n"}},
		{"input error keeps its position", []string{"lists", "--indicators", malformed}, exitInvalid,
			[]string{malformed + ":3:", `"4x,3" is not a percentage`},
			[]string{malformed + ":3:", `"4x,3" is not a percentage`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range []struct {
				lang string
				want []string
			}{{"da", tt.da}, {"en", tt.en}} {
				out, errOut, code := run(t, append(tt.args, "--lang", l.lang)...)
				if code != tt.code || out != "" {
					t.Errorf("--lang %s: exit %d, stdout %q; want exit %d", l.lang, code, out, tt.code)
				}
				for _, w := range l.want {
					if !strings.Contains(errOut, w) {
						t.Errorf("--lang %s: stderr lacks %q:\n%s", l.lang, w, errOut)
					}
				}
			}
		})
	}
	// An unknown language is told in the language the rest gives.
	var stderr bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"LANG": "da_DK.UTF-8"}[k]
	}}
	if code := m.Run(context.Background(), []string{"rules", "--lang", "de"}); code != exitInvalid || !strings.Contains(stderr.String(), `ukendt sprog "de" (forventede da eller en)`) {
		t.Errorf("--lang de under a Danish locale: exit %d: %s", code, stderr.String())
	}
}

// TestResultInDanish: what a command reports having done is in the
// language of the command line.
func TestResultInDanish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	out, errOut, code := run(t, "--db", db, "--lang", "da", "users", "add", "ida", "--role", "admin", "--no-password")
	if code != 0 || out != "tilføjede brugeren ida (admin)\n" {
		t.Errorf("users add: exit %d: %q %s", code, out, errOut)
	}
	out, errOut, code = run(t, "--db", db, "users", "disable", "ida", "--lang", "da")
	if code != 0 || out != "deaktiverede brugeren ida; tilbagekaldte 0 API-tokens\n" {
		t.Errorf("users disable: exit %d: %q %s", code, out, errOut)
	}
	out, errOut, code = run(t, "--db", db, "users", "add", "bo", "--role", "admin", "--no-password", "--lang", "en")
	if code != 0 || out != "added user bo (admin)\n" {
		t.Errorf("users add in English: exit %d: %q %s", code, out, errOut)
	}
}

// TestDemoRefusalInDanish: the demo refuses a database holding real lists,
// and says so in the language of the command line.
func TestDemoRefusalInDanish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "real.db")
	if _, errOut, code := run(t, "--db", db, "import", "official"); code != 0 {
		t.Fatalf("import official: exit %d: %s", code, errOut)
	}
	for lang, want := range map[string]string{
		"da": "blandby: demo: databasen rummer den offentliggjorte liste for 2010 (revision 1, imported, af ",
		"en": "blandby: demo: the database holds the published list of 2010 (revision 1, imported, by ",
	} {
		_, errOut, code := run(t, "--db", db, "demo", "--no-serve", "--lang", lang)
		if code != exitInternal || !strings.Contains(errOut, want) {
			t.Errorf("demo --lang %s on real lists: exit %d: %s", lang, code, errOut)
		}
	}
}
