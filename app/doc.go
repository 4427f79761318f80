// Package app holds the acts users perform on blandby's state, over a
// store: publishing a computed list (with the stale-history check), the
// rental acts (vacancies, agreements, decisions to use the right,
// allocations, offers, claims and statements) and reading the published
// years the monitor counts. Each act validates and runs in the store's
// transaction in one place; the command line (cmd/blandby), the web server
// (web) and the demo translate between their medium and these acts. The
// domain packages (classify, letting, rental, plan, monitor, law,
// indicator) do no I/O and never import the store or this package.
package app
