package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/whatif"
)

// notFoundField is a not-found error told in Danish and English that
// belongs to a field of the request (a year with no published list): its
// code is blandby.CodeNotFound, and blandby.Explain names the field.
func notFoundField(field string, text blandby.Text) error {
	return &blandby.Error{Code: blandby.CodeNotFound, Err: blandby.InvalidField(field, text)}
}

// publishedYear reads a list year given in field "year" of a form or
// query: an error when v is not a year, or no list of it is published.
func publishedYear(v string, years []int) (int, error) {
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 9999 {
		return 0, blandby.InvalidField("year", msg.Text("web.err.year", v))
	}
	for _, p := range years {
		if p == y {
			return y, nil
		}
	}
	return 0, notFoundField("year", noListText(y, years))
}

// noListText says that no list of year y is published, and which are.
func noListText(y int, years []int) blandby.Text {
	if len(years) == 0 {
		return msg.Text("web.err.no_lists_yet")
	}
	return msg.Text("web.err.no_list", y, years[0], years[len(years)-1])
}

// changeErrors returns the rejected changes an error of package whatif is
// made of, in the order of the changes.
func changeErrors(err error) []*whatif.ChangeError {
	var out []*whatif.ChangeError
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if ce := (*whatif.ChangeError)(nil); errors.As(err, &ce) {
			out = append(out, ce)
		}
	}
	walk(err)
	return out
}

// unknownField is how encoding/json names a field a value may not have.
var unknownField = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// jsonError tells a reader why the JSON body of a request (what: "what-if")
// could not be read: in both languages, naming the field when one is to
// blame.
func jsonError(what string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.json_empty"))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.json_cut"))
	case errors.As(err, &syntax):
		return &blandby.Error{Code: blandby.CodeInvalid, Msg: fmt.Sprintf("%s: the body is not valid JSON: %v", what, err),
			Text: msg.Text("web.err.json_syntax", syntax.Offset, apiPrefix)}
	case errors.As(err, &typ) && typ.Field != "":
		return blandby.InvalidField(typ.Field, msg.Text("web.err.json_type_of", typ.Field, apiPrefix))
	}
	if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
		return blandby.InvalidField(m[1], msg.Text("web.err.json_unknown_field", m[1], apiPrefix))
	}
	return &blandby.Error{Code: blandby.CodeInvalid, Msg: fmt.Sprintf("%s: the body is not JSON of the expected form: %v", what, err),
		Text: msg.Text("web.err.json_form", apiPrefix)}
}
