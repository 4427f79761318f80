// Package msg is the catalogue of the user-facing messages: each message has
// an id (a short dotted key such as "web.login.title") and a Danish and an
// English text, kept in the embedded files messages/da.yaml and
// messages/en.yaml and loaded with go-i18n. Danish is the source language.
//
// Texts are printf formats: T and Text apply their arguments with
// fmt.Sprintf when given and return the text unchanged otherwise. A message
// with plural forms (one, other, by the CLDR rules of each language) is
// picked by count with N.
//
// An id that is not in the catalogue is a programming error: under go test
// it panics; otherwise the text shows the id between ⟦ and ⟧ so that it is
// seen rather than left out. The package's test checks that every id used
// in the repository's Go code and templates is in the catalogue.
package msg

import (
	"embed"
	"fmt"
	"sort"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/blandby/blandby"
)

//go:embed messages/da.yaml messages/en.yaml
var files embed.FS

// Langs are the catalogue's languages, the source language first.
var Langs = []blandby.Lang{blandby.Danish, blandby.English}

// catalogue holds the loaded messages.
type catalogue struct {
	bundle     *i18n.Bundle
	localizers map[blandby.Lang]*i18n.Localizer
	// texts are each language's messages by id.
	texts map[blandby.Lang]map[string]*i18n.Message
}

var cat = mustLoad()

func mustLoad() *catalogue {
	c, err := load()
	if err != nil {
		panic(err)
	}
	return c
}

func load() (*catalogue, error) {
	b := i18n.NewBundle(language.Danish)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	c := &catalogue{
		bundle:     b,
		localizers: map[blandby.Lang]*i18n.Localizer{},
		texts:      map[blandby.Lang]map[string]*i18n.Message{},
	}
	for _, l := range Langs {
		path := "messages/" + string(l) + ".yaml"
		buf, err := files.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("msg: %w", err)
		}
		f, err := b.ParseMessageFileBytes(buf, path)
		if err != nil {
			return nil, fmt.Errorf("msg: %s: %w", path, err)
		}
		m := make(map[string]*i18n.Message, len(f.Messages))
		for _, x := range f.Messages {
			m[x.ID] = x
		}
		c.texts[l] = m
		c.localizers[l] = i18n.NewLocalizer(b, string(l))
	}
	return c, nil
}

// lang is l, or Danish for a language the catalogue does not have.
func lang(l blandby.Lang) blandby.Lang {
	if l == blandby.English {
		return l
	}
	return blandby.Danish
}

// missing reports an id that is not in the catalogue: a panic under go
// test, a visible marker otherwise.
func missing(id string) string {
	if testing.Testing() {
		panic(fmt.Sprintf("msg: no message %q in the catalogue", id))
	}
	return "⟦" + id + "⟧"
}

// format applies args to text when any are given.
func format(text string, args []any) string {
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// T returns message id in lang, formatted with args when any are given.
// For a message with plural forms it uses the "other" form; see N.
func T(l blandby.Lang, id string, args ...any) string {
	m, ok := cat.texts[lang(l)][id]
	if !ok {
		return missing(id)
	}
	return format(m.Other, args)
}

// Text returns message id in both languages, each formatted with args when
// any are given, for values that carry both languages (such as a decision's
// reasons).
func Text(id string, args ...any) blandby.Text {
	return blandby.Text{DA: T(blandby.Danish, id, args...), EN: T(blandby.English, id, args...)}
}

// N returns the plural form of message id for count in lang, by the CLDR
// plural rules of the language (for the absolute value of count: -1 is
// singular as 1 is), formatted with args, or with count alone when no args
// are given.
func N(l blandby.Lang, id string, count int, args ...any) string {
	l = lang(l)
	if len(args) == 0 {
		args = []any{count}
	}
	count = max(count, -count)
	if _, ok := cat.texts[l][id]; !ok {
		return missing(id)
	}
	s, err := cat.localizers[l].Localize(&i18n.LocalizeConfig{
		MessageID:      id,
		PluralCount:    count,
		TemplateParser: template.IdentityParser{},
	})
	if err != nil {
		return missing(id)
	}
	return fmt.Sprintf(s, args...)
}

// IDs returns the ids of the messages in lang, sorted.
func IDs(l blandby.Lang) []string {
	m := cat.texts[lang(l)]
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Forms returns the texts of message id in lang: its only text, or its
// plural forms in the order zero, one, two, few, many, other, leaving out
// those it does not have. It returns nil for an unknown id.
func Forms(l blandby.Lang, id string) []string {
	m, ok := cat.texts[lang(l)][id]
	if !ok {
		return nil
	}
	var out []string
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many} {
		if s != "" {
			out = append(out, s)
		}
	}
	return append(out, m.Other)
}
