// Package inputtest checks, in tests, that a reader's error is the expected
// list of positioned input errors.
package inputtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// Want is one expected input error. Col 0 means the column is not checked;
// Msg is a part of the message.
type Want struct {
	Line  int
	Col   int
	Field string
	Msg   string
}

// Errors flattens err into its input errors, failing on anything else
// except the final "... and N more errors" line.
func Errors(t testing.TB, err error) []*blandby.InputError {
	t.Helper()
	parts := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		parts = j.Unwrap()
	}
	var out []*blandby.InputError
	for _, p := range parts {
		var in *blandby.InputError
		if errors.As(p, &in) {
			out = append(out, in)
			continue
		}
		if !strings.HasPrefix(p.Error(), "... and ") {
			t.Errorf("error %v (%T) is not an input error", p, p)
		}
	}
	return out
}

// Check fails unless err is an invalid-input error made of exactly the
// wanted input errors, in order, all in file.
func Check(t testing.TB, err error, file string, want []Want) {
	t.Helper()
	if err == nil {
		t.Fatal("Read succeeded, want an error")
	}
	if code := blandby.CodeOf(err); code != blandby.CodeInvalid {
		t.Errorf("CodeOf = %q, want invalid (error: %v)", code, err)
	}
	got := Errors(t, err)
	if len(got) != len(want) {
		t.Fatalf("got %d input errors, want %d:\n%v", len(got), len(want), err)
	}
	for i, w := range want {
		g := got[i]
		if g.File != file || g.Line != w.Line || g.Field != w.Field || (w.Col != 0 && g.Column != w.Col) || !strings.Contains(g.Msg, w.Msg) {
			t.Errorf("error %d = {File %q Line %d Column %d Field %q Msg %q}, want {File %q Line %d Column %d Field %q Msg containing %q}",
				i, g.File, g.Line, g.Column, g.Field, g.Msg, file, w.Line, w.Col, w.Field, w.Msg)
		}
	}
}
