// Package rental is municipal allocation to private rental housing (the
// strategy "Blandede byer" (2021), box 3; docs/law/rental.md): landlords and
// their properties, agreements between a municipality and a landlord (every
// Nth vacancy up to a share of the property, or named dwellings), the
// municipality's decision to use the right to every 10th vacancy, the
// vacancy ledger that answers each reported vacancy at once and explains
// why, substitution of an equivalent dwelling, allocation to the target
// group, and the money the municipality owes the landlord.
//
// The rules are data (law/rules/rental/*.yaml, one rule set per version and
// track: the enacted June 2021 agreement, and the seed's proposal with the
// right switched on). The package does no I/O and reads no clock: dates and
// the municipality's standing on the list in force are arguments.
package rental
