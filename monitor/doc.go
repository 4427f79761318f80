// Package monitor follows the lists toward the 2030 goal
// (docs/law/monitor.md): per published year the areas on each list (the
// strategy's "Tabel 1"), residents and dwellings per list ("Figur 1"), the
// areas above the goal's non-Western share, each area's distance to every
// threshold, the changes since the year before, an early-warning list of
// areas close to entering a list the year after, and a projection of every
// area's indicators and category to the goal year with the method stated and
// an uncertainty range.
//
// The goal and the monitor's parameters are data: law/rules/monitor/*.yaml,
// parsed strictly (Goals). The package does no I/O and never reads the
// clock: it takes published lists, indicators and rule sets as values
// (Year) and decides with exact fractions.
package monitor
