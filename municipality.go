package blandby

import (
	"fmt"
	"strconv"
)

// MunicipalityCode is a Danish municipality code (kommunekode) as in DAGI and
// CPR: 1 to 999, København is 101 and Aalborg 851. The zero code means the
// municipality is unknown. It is not checked against today's 98
// municipalities (package dk has those); test and synthetic data use codes
// of their own, such as 901.
//
// In JSON and SQL the code is a number. Text is read by
// ParseMunicipalityCode and written by String (the plain decimal form of
// pages, messages and principal scopes, "101") or DAGI (the four-digit form
// of the files, "0101").
type MunicipalityCode int

// ParseMunicipalityCode reads a municipality code written as 1 to 4 ASCII
// digits with a value from 1 to 999; leading zeros are allowed, as in DAGI
// ("0101" and "101" are both 101). Anything else is a CodeInvalid error that
// quotes s and says what was expected; the caller adds where s came from.
func ParseMunicipalityCode(s string) (MunicipalityCode, error) {
	if s == "" || len(s) > 4 {
		return 0, Errorf(CodeInvalid, "municipality code %q is not 1 to 4 digits", s)
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, Errorf(CodeInvalid, "municipality code %q is not 1 to 4 digits", s)
		}
		n = n*10 + int(s[i]-'0')
	}
	if n < 1 || n > 999 {
		return 0, Errorf(CodeInvalid, "municipality code %q is not from 1 to 999", s)
	}
	return MunicipalityCode(n), nil
}

// Valid reports whether c is a code from 1 to 999 (the zero code is not).
func (c MunicipalityCode) Valid() bool { return c >= 1 && c <= 999 }

// String returns the code in decimal without leading zeros ("101").
func (c MunicipalityCode) String() string { return strconv.Itoa(int(c)) }

// DAGI returns the code in the four-digit form of DAGI and of the files
// ("0101"), or "" for the zero (unknown) code.
func (c MunicipalityCode) DAGI() string {
	if c == 0 {
		return ""
	}
	return fmt.Sprintf("%04d", int(c))
}
