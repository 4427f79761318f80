package web

import (
	"errors"
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
