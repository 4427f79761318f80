// Package blandby holds the vocabulary every blandby package shares: housing
// areas, list categories, per-area indicators, published history, exact
// fractions and application errors with stable codes.
//
// The package does no I/O. The law itself (thresholds, operators, windows,
// legal references) is data in package law; this package only names things.
package blandby
