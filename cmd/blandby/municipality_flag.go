package main

import "github.com/blandby/blandby"

// municipalityFlag is a flag that holds a municipality code, read once by
// blandby.ParseMunicipalityCode: "101" and "0101" are both København, and
// anything that is not a code is refused with what was expected.
type municipalityFlag struct{ code *blandby.MunicipalityCode }

func (f municipalityFlag) String() string {
	if f.code == nil {
		return "0"
	}
	return f.code.String()
}

func (f municipalityFlag) Set(s string) error {
	c, err := blandby.ParseMunicipalityCode(s)
	if err != nil {
		return err
	}
	*f.code = c
	return nil
}

// Type is what the help shows as the flag's argument: "int", as before
// the flag had a type of its own.
func (f municipalityFlag) Type() string { return "int" }
