package blandby

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestInputErrorFormat(t *testing.T) {
	tests := []struct {
		name string
		err  InputError
		want string
	}{
		{"everything", InputError{File: "f.csv", Line: 3, Column: 7, Field: "field", Msg: "msg"}, "f.csv:3:7: field: msg"},
		{"no column", InputError{File: "f.csv", Line: 3, Field: "field", Msg: "msg"}, "f.csv:3: field: msg"},
		{"no line", InputError{File: "f.csv", Field: "field", Msg: "msg"}, "f.csv: field: msg"},
		{"column without line", InputError{File: "f.csv", Column: 7, Field: "field", Msg: "msg"}, "f.csv: field: msg"},
		{"no field", InputError{File: "f.csv", Line: 3, Column: 7, Msg: "msg"}, "f.csv:3:7: msg"},
		{"file and message only", InputError{File: "f.csv", Msg: "empty file"}, "f.csv: empty file"},
		{"path and quotes", InputError{File: "data/2019/areas.csv", Line: 12, Column: 1, Field: "year", Msg: `"x" is not a whole number`}, `data/2019/areas.csv:12:1: year: "x" is not a whole number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorAndErrorf(t *testing.T) {
	if got := (&Error{Code: CodeInvalid, Msg: "bad"}).Error(); got != "bad" {
		t.Errorf("Error() = %q, want %q", got, "bad")
	}
	if got := (&Error{Code: CodeInternal, Err: io.EOF}).Error(); got != "EOF" {
		t.Errorf("Error() without Msg = %q, want the wrapped error's %q", got, "EOF")
	}
	if got := (&Error{Code: CodeInternal, Msg: "reading", Err: io.EOF}).Error(); got != "reading" {
		t.Errorf("Error() with Msg = %q, want %q", got, "reading")
	}

	err := Errorf(CodeNotFound, "no area %q in %d", "a1", 2019)
	if got, want := err.Error(), `no area "a1" in 2019`; got != want {
		t.Errorf("Errorf message = %q, want %q", got, want)
	}
	if errors.Unwrap(err) != nil {
		t.Errorf("Errorf without %%w wraps %v", errors.Unwrap(err))
	}

	err = Errorf(CodeInvalid, "open %s: %w", "x.csv", io.ErrUnexpectedEOF)
	if got, want := err.Error(), "open x.csv: unexpected EOF"; got != want {
		t.Errorf("Errorf message = %q, want %q", got, want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("Errorf with %w does not wrap its argument")
	}
	two := Errorf(CodeInternal, "%w and %w", io.EOF, io.ErrClosedPipe)
	if !errors.Is(two, io.EOF) || !errors.Is(two, io.ErrClosedPipe) {
		t.Error("Errorf with two %w must keep both in the chain")
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalid {
		t.Errorf("Errorf result is not an *Error with code invalid: %#v", err)
	}
}

func TestCodeOf(t *testing.T) {
	input := &InputError{File: "f.csv", Line: 2, Field: "year", Msg: "bad"}
	var list InputErrors
	list.Add(input)
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"nil", nil, ""},
		{"plain", errors.New("boom"), CodeInternal},
		{"io.EOF", io.EOF, CodeInternal},
		{"wrapped plain", fmt.Errorf("read: %w", io.EOF), CodeInternal},
		{"*Error not_found", &Error{Code: CodeNotFound, Msg: "x"}, CodeNotFound},
		{"*Error conflict", &Error{Code: CodeConflict, Msg: "x"}, CodeConflict},
		{"*Error unauthorized", &Error{Code: CodeUnauthorized, Msg: "x"}, CodeUnauthorized},
		{"*Error forbidden", &Error{Code: CodeForbidden, Msg: "x"}, CodeForbidden},
		{"Errorf", Errorf(CodeConflict, "taken"), CodeConflict},
		{"wrapped *Error", fmt.Errorf("ctx: %w", &Error{Code: CodeForbidden, Msg: "x"}), CodeForbidden},
		{"twice wrapped *Error", fmt.Errorf("a: %w", fmt.Errorf("b: %w", Errorf(CodeNotFound, "x"))), CodeNotFound},
		{"*InputError", input, CodeInvalid},
		{"wrapped *InputError", fmt.Errorf("import: %w", input), CodeInvalid},
		{"*Error wrapping *InputError", Errorf(CodeInternal, "while importing: %w", input), CodeInternal},
		{"*InputError inside *Error{invalid}", &Error{Code: CodeInvalid, Err: input}, CodeInvalid},
		{"joined plain and *InputError", errors.Join(errors.New("x"), input), CodeInvalid},
		{"joined plain and *Error", errors.Join(errors.New("x"), &Error{Code: CodeNotFound, Msg: "y"}), CodeNotFound},
		{"joined plain only", errors.Join(errors.New("x"), io.EOF), CodeInternal},
		{"wrapped join", fmt.Errorf("ctx: %w", errors.Join(io.EOF, input)), CodeInvalid},
		{"first coded error wins", errors.Join(input, &Error{Code: CodeNotFound, Msg: "y"}), CodeInvalid},
		{"InputErrors.Err", list.Err(), CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CodeOf(tt.err); got != tt.want {
				t.Errorf("CodeOf(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestInputErrors(t *testing.T) {
	mk := func(i int) *InputError {
		return &InputError{File: "f.csv", Line: i + 1, Column: 1, Field: "year", Msg: fmt.Sprintf("problem %d", i)}
	}
	tests := []struct {
		add      int
		reported int    // errors reported in full
		more     string // the final line, "" when nothing is dropped
	}{
		{0, 0, ""},
		{1, 1, ""},
		{3, 3, ""},
		{19, 19, ""},
		{20, 20, ""},
		{21, 20, "... and 1 more error"},
		{25, 20, "... and 5 more errors"},
		{1000, 20, "... and 980 more errors"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.add), func(t *testing.T) {
			var l InputErrors
			for i := range tt.add {
				l.Add(mk(i))
			}
			if l.Len() != tt.add {
				t.Errorf("Len() = %d, want %d", l.Len(), tt.add)
			}
			err := l.Err()
			if tt.add == 0 {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Err() = nil")
			}
			if CodeOf(err) != CodeInvalid {
				t.Errorf("CodeOf = %q, want invalid", CodeOf(err))
			}
			var want []string
			for i := range tt.reported {
				want = append(want, mk(i).Error())
			}
			if tt.more != "" {
				want = append(want, tt.more)
			}
			if got := err.Error(); got != strings.Join(want, "\n") {
				t.Errorf("Err() =\n%s\nwant\n%s", err, strings.Join(want, "\n"))
			}
			joined, ok := err.(interface{ Unwrap() []error })
			if !ok {
				t.Fatalf("Err() = %T, want a joined error", err)
			}
			parts := joined.Unwrap()
			if len(parts) != len(want) {
				t.Fatalf("Err() joins %d errors, want %d", len(parts), len(want))
			}
			for i := range tt.reported {
				var in *InputError
				if !errors.As(parts[i], &in) || in.Line != i+1 {
					t.Errorf("part %d = %v, want the input error on line %d", i, parts[i], i+1)
				}
			}
			var first *InputError
			if !errors.As(err, &first) || first.Line != 1 {
				t.Errorf("errors.As finds %v, want the first input error", first)
			}
			// Err is repeatable and a later Add does not change an earlier result.
			again := l.Err().Error()
			l.Add(mk(99))
			if err.Error() != again {
				t.Errorf("Err() changed: %q then %q", again, err.Error())
			}
		})
	}
}

func TestExplain(t *testing.T) {
	field := InvalidField("changes[0].value", Text{DA: "skal være en procent", EN: "must be a percentage"})
	told := Told(CodeForbidden, Text{DA: "Kun ministeriet kan offentliggøre.", EN: "Only the ministry can publish."})
	tests := []struct {
		err                error
		lang               Lang
		wantField, wantMsg string
	}{
		{field, Danish, "changes[0].value", "skal være en procent"},
		{fmt.Errorf("what-if: %w", field), English, "changes[0].value", "must be a percentage"},
		{told, Danish, "", "Kun ministeriet kan offentliggøre."},
		{Errorf(CodeForbidden, "web: %w", told), English, "", "Only the ministry can publish."},
		{Errorf(CodeInvalid, "plain %d", 1), Danish, "", "plain 1"},
		{errors.New("internal"), Danish, "", "internal"},
	}
	for _, tt := range tests {
		f, m := Explain(tt.err, tt.lang)
		if f != tt.wantField || m != tt.wantMsg {
			t.Errorf("Explain(%v, %s) = %q, %q; want %q, %q", tt.err, tt.lang, f, m, tt.wantField, tt.wantMsg)
		}
	}
	if CodeOf(field) != CodeInvalid || CodeOf(told) != CodeForbidden {
		t.Errorf("codes: %s, %s", CodeOf(field), CodeOf(told))
	}
	if told.Error() != "Only the ministry can publish." || field.Error() != "changes[0].value: must be a percentage" {
		t.Errorf("Error(): %q, %q", told.Error(), field.Error())
	}
}
