package blandby

import "fmt"

// Lang is a user-interface language. Danish is the default; legal terms stay
// Danish in both languages.
type Lang string

// The supported languages.
const (
	Danish  Lang = "da"
	English Lang = "en"
)

// ParseLang accepts "da" or "en".
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case Danish, English:
		return Lang(s), nil
	}
	return "", Errorf(CodeInvalid, "unknown language %q (expected da or en)", s)
}

// Text is a label in Danish and English.
type Text struct {
	DA string `yaml:"da" json:"da"`
	EN string `yaml:"en" json:"en"`
}

// In returns the text in lang, falling back to Danish.
func (t Text) In(lang Lang) string {
	if lang == English && t.EN != "" {
		return t.EN
	}
	return t.DA
}

// Complete reports an error unless both languages are filled in.
func (t Text) Complete() error {
	if t.DA == "" || t.EN == "" {
		return fmt.Errorf("label needs both da and en, got da=%q en=%q", t.DA, t.EN)
	}
	return nil
}
