package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestLettingFormDates: a caseworker writes dates the Danish way
// (15-07-2024, 15.7.2024, 15/07/2024) or as ISO (2024-07-15); a date that
// does not exist (31-02-2024) or is not a date is an error of its field,
// told in Danish and English with what was typed.
func TestLettingFormDates(t *testing.T) {
	for _, s := range []string{"15-07-2024", "15.7.2024", "15/07/2024", "2024-07-15", " 15-7-2024 "} {
		req, err := decideRequestFromForm(url.Values{"date": {s}, "m0_role": {"applicant"}, "m0_age": {"40"}, "m0_citizenships": {"DK"}})
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if got := req.Date.String(); got != "2024-07-15" {
			t.Errorf("%q read as %s, want 2024-07-15", s, got)
		}
	}
	for _, s := range []string{"31-02-2024", "2024-02-30", "15-13-2024", "i går"} {
		_, err := decideRequestFromForm(url.Values{"date": {s}, "m0_role": {"applicant"}, "m0_age": {"40"}, "m0_citizenships": {"DK"}})
		fe := fieldErrors(err)
		if len(fe) != 1 || fe[0].Field != "date" {
			t.Errorf("%q: errors %v, want one of the field date", s, err)
			continue
		}
		if da, en := fe[0].Text.In(blandby.Danish), fe[0].Text.In(blandby.English); da == en || !strings.Contains(da, strings.TrimSpace(s)) || !strings.Contains(en, strings.TrimSpace(s)) {
			t.Errorf("%q: told %q and %q", s, da, en)
		}
	}
}

// TestLettingFormMembers: each member's bad input is an error of its own
// field: a missing age, a country that is no code, a cohabitant without
// the date the couple moved together, a second applicant, a member
// filled in without a role.
func TestLettingFormMembers(t *testing.T) {
	f := url.Values{"date": {"15-07-2024"},
		"m0_role": {"applicant"}, "m0_age": {""}, "m0_citizenships": {"DK"},
		"m1_role": {"cohabitant"}, "m1_age": {"38"}, "m1_citizenships": {"Syria"},
		"m2_role": {"applicant"}, "m2_age": {"12"}, "m2_citizenships": {"DK"},
		"m3_age": {"70"}}
	_, err := decideRequestFromForm(f)
	got := map[string]bool{}
	for _, fe := range fieldErrors(err) {
		got[fe.Field] = true
	}
	for _, want := range []string{"m0_age", "m1_citizenships", "m1_partner_since", "m2_role", "m3_role"} {
		if !got[want] {
			t.Errorf("no error of %s among %v", want, got)
		}
	}
	if len(got) != 5 {
		t.Errorf("errors of %v, want exactly those five fields", got)
	}
}
