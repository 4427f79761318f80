package blandby

import (
	"errors"
	"fmt"
	"strings"
)

// Code is a stable error code, mapped once to exit statuses and HTTP statuses.
type Code string

// The stable error codes.
const (
	CodeInvalid      Code = "invalid"
	CodeNotFound     Code = "not_found"
	CodeConflict     Code = "conflict"
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	CodeInternal     Code = "internal"
)

// Error is an application error with a stable code.
type Error struct {
	Code Code
	Msg  string
	// Text is the message for a reader, in Danish and English; when it is
	// empty a reader is shown Msg.
	Text Text
	Err  error
}

func (e *Error) Error() string {
	if e.Msg == "" && e.Text.EN != "" {
		return e.Text.EN
	}
	if e.Msg == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Msg
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the error's code.
func (e *Error) ErrorCode() Code { return e.Code }

// Errorf returns an *Error with the code and a formatted message; every %w
// argument stays in the chain.
func Errorf(code Code, format string, args ...any) error {
	wrapped := fmt.Errorf(format, args...)
	e := &Error{Code: code, Msg: wrapped.Error()}
	switch wrapped.(type) {
	case interface{ Unwrap() error }, interface{ Unwrap() []error }:
		e.Err = wrapped
	}
	return e
}

// Told returns an *Error with the code whose message is text, in Danish
// and English.
func Told(code Code, text Text) error {
	return &Error{Code: code, Text: text}
}

// FieldError is bad input in one field of a request or a form, told in
// Danish and English, so that a form can show it beside its field in the
// reader's language.
type FieldError struct {
	// Field is the field's name as the request or form has it, such as
	// "changes[0].value" or "household.members[1].age".
	Field string
	Text  Text
}

// InvalidField returns a *FieldError for the field.
func InvalidField(field string, text Text) error {
	return &FieldError{Field: field, Text: text}
}

// ErrorCode returns CodeInvalid: bad input is the caller's to fix.
func (e *FieldError) ErrorCode() Code { return CodeInvalid }

func (e *FieldError) Error() string { return e.Field + ": " + e.Text.EN }

// Explain returns what a reader is told of err in lang, and the field it
// belongs to when it is a *FieldError: the Danish or English text of the
// first *FieldError or *Error with a Text in err's chain, or else err's
// own message.
func Explain(err error, lang Lang) (field, message string) {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Field, fe.Text.In(lang)
	}
	var e *Error
	for x := err; errors.As(x, &e); x = e.Err {
		if e.Text.DA != "" {
			return "", e.Text.In(lang)
		}
		if e.Err == nil {
			break
		}
	}
	return "", err.Error()
}

// coded is an error that carries a stable code.
type coded interface{ ErrorCode() Code }

// CodeOf returns the code of the first coded error in err's chain (an
// *InputError is invalid); an error without a code is internal.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var c coded
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return CodeInternal
}

// InputError is bad input at a position in a file: which file, line and
// column, which field, and what was expected.
type InputError struct {
	File   string
	Line   int // 1-based; 0 when the error concerns the whole file
	Column int // 1-based byte column; 0 when unknown
	Field  string
	Msg    string
}

// ErrorCode returns CodeInvalid: bad input is the caller's to fix.
func (e *InputError) ErrorCode() Code { return CodeInvalid }

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// InputErrors collects the input errors of one file, so a user sees every
// problem at once. Its zero value is ready to use.
type InputErrors struct {
	errs    []error
	dropped int
}

// maxReported bounds how many input errors one file reports in full.
const maxReported = 20

// Add records an error.
func (l *InputErrors) Add(err *InputError) {
	if len(l.errs) >= maxReported {
		l.dropped++
		return
	}
	l.errs = append(l.errs, err)
}

// Len returns how many errors were recorded.
func (l *InputErrors) Len() int { return len(l.errs) + l.dropped }

// Err returns the recorded errors joined, or nil when there are none.
func (l *InputErrors) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	errs := l.errs
	if l.dropped > 0 {
		more := "errors"
		if l.dropped == 1 {
			more = "error"
		}
		errs = append(errs[:len(errs):len(errs)], &Error{Code: CodeInvalid, Msg: fmt.Sprintf("... and %d more %s", l.dropped, more)})
	}
	return errors.Join(errs...)
}
